package io.treenetra.platform.health;

import io.treenetra.platform.persistence.Jdbc;
import io.treenetra.platform.persistence.Migrations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the database answers within two seconds and the schema is migrated, until SIGTERM. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

  private static final int TIMEOUT_SECONDS = 2;

  @Inject Jdbc jdbc;

  @Inject Migrations migrations;

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("database");
    if (GracefulShutdown.draining()) {
      return response.down().withData("reason", "shutting down").build();
    }
    if (!migrations.done()) {
      return response.down().withData("reason", "schema not migrated yet").build();
    }
    try (Jdbc.Lease held = jdbc.lease()) {
      return held.connection().isValid(TIMEOUT_SECONDS)
          ? response.up().build()
          : response
              .down()
              .withData("reason", "no answer within " + TIMEOUT_SECONDS + " s")
              .build();
    } catch (SQLException | RuntimeException e) {
      return response.down().withData("reason", "unreachable").build();
    }
  }
}
