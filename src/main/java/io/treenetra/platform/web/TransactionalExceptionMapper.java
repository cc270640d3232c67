package io.treenetra.platform.web;

import jakarta.annotation.Priority;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.Providers;

/**
 * A {@code @Transactional} method's failure, mapped by what caused it, as {@link
 * UnexpectedExceptionMapper} maps any other failure. It takes precedence over Jersey's own mapper
 * for this type, which answered 500 when the commit itself failed because the database went away (a
 * failover: the connection ends at COMMIT), where the client must be told to retry (503).
 */
@Provider
@Priority(1)
public class TransactionalExceptionMapper implements ExceptionMapper<TransactionalException> {

  @Context Providers providers;

  /** The cause's own mapper answers (an ApiException its problem, a failed commit a 503). */
  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Response toResponse(TransactionalException e) {
    Throwable cause = e.getCause() == null ? e : e.getCause();
    ExceptionMapper mapper = providers.getExceptionMapper(cause.getClass());
    if (mapper == null || mapper == this) {
      mapper = providers.getExceptionMapper(Throwable.class);
    }
    return mapper.toResponse(cause);
  }
}
