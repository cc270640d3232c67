package io.treenetra.platform.web;

import jakarta.persistence.OptimisticLockException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything else. The database's own refusals become the client's errors they really are; an
 * unreachable database is a 503; anything left is a 500, logged once with its request id, and its
 * stack trace never leaves the server.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

  private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

  @Context HttpServletRequest request;

  @Override
  public Response toResponse(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof ApiException api) {
        return Problems.response(
            api.code(), api.getMessage(), api.errors(), api.headers(), request);
      }
      if (cause instanceof OptimisticLockException
          || cause instanceof org.hibernate.StaleStateException) {
        return problem(
            ErrorCode.CONFLICT, "The resource was changed by another request; read it again");
      }
      if (cause instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.equals("23505")) {
          return problem(ErrorCode.CONFLICT, "The request conflicts with an existing resource");
        }
        if (state.startsWith("23") || state.startsWith("22")) {
          return problem(ErrorCode.VALIDATION_ERROR, "The database refused a value of the request");
        }
        // 25006: a write reached a server that is no longer (or not yet) the primary, as in a
        // failover.
        if (state.startsWith("08") || state.startsWith("57P") || state.equals("25006")) {
          return unavailable(e);
        }
      }
      // The commit failed in the resource (the connection ended at COMMIT, as when the primary
      // dies): its outcome is unknown, and the client's retry with its Idempotency-Key is safe.
      if (cause instanceof jakarta.transaction.SystemException
          || cause instanceof javax.transaction.xa.XAException
          || cause.getClass().getName().equals("jakarta.resource.spi.LocalTransactionException")) {
        return unavailable(e);
      }
      if (cause.getClass().getName().equals("jakarta.resource.spi.ResourceAllocationException")
          || cause
              .getClass()
              .getName()
              .equals("com.sun.appserv.connectors.internal.api.PoolingException")) {
        return unavailable(e);
      }
    }
    LOG.log(Level.SEVERE, "Request failed", e);
    return problem(ErrorCode.INTERNAL_ERROR, "The server could not complete the request");
  }

  private Response unavailable(Throwable e) {
    LOG.log(Level.WARNING, "Database unavailable: {0}", String.valueOf(e));
    return Problems.response(
        ErrorCode.SERVICE_UNAVAILABLE,
        "The database is unavailable; retry shortly",
        List.of(),
        Map.of("Retry-After", "5"),
        request);
  }

  private Response problem(ErrorCode code, String detail) {
    return Problems.response(code, detail, List.of(), Map.of(), request);
  }
}
