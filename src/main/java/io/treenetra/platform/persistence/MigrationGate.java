package io.treenetra.platform.persistence;

import io.treenetra.platform.web.ApiException;
import io.treenetra.platform.web.ErrorCode;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;

/**
 * Until the schema is migrated (a server started before its database, or a migration still
 * running), the API answers 503 with Retry-After, like a database outage: without this, a request
 * that reached a database without its tables would fail as an internal error.
 */
@Provider
@PreMatching
public class MigrationGate implements ContainerRequestFilter {

  /** Once open, open for good: migrations run once per start. */
  private static volatile boolean open;

  @Inject Migrations migrations;

  @Override
  public void filter(ContainerRequestContext request) {
    if (open) {
      return;
    }
    if (migrations.done()) {
      open = true;
      return;
    }
    throw new ApiException(
        ErrorCode.SERVICE_UNAVAILABLE,
        "The database schema is not ready yet; retry shortly",
        List.of(),
        Map.of("Retry-After", "5"));
  }
}
