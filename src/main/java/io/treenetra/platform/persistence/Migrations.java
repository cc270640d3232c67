package io.treenetra.platform.persistence;

import io.treenetra.auth.FirstAdmin;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;

/**
 * Migrates the schema before the first request. When the database is not reachable yet, the server
 * still starts, stays not-ready, and retries every few seconds.
 */
@DataSourceDefinition(
    name = Migrations.DATA_SOURCE,
    className = "org.postgresql.ds.PGSimpleDataSource",
    url = "${MPCONFIG=db.url}",
    user = "${MPCONFIG=db.user}",
    password = "${MPCONFIG=db.password}",
    minPoolSize = 4,
    maxPoolSize = Migrations.MAX_POOL_SIZE,
    maxIdleTime = 300,
    properties = {
      "fish.payara.is-connection-validation-required=true",
      "fish.payara.connection-validation-method=custom-validation",
      "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.PostgresConnectionValidation",
      "fish.payara.validate-atmost-once-period-in-seconds=10",
      "fish.payara.fail-all-connections=true",
      "fish.payara.max-wait-time-in-millis=10000",
      // PostgreSQL's own timeout: the pool's statement timeout arms a JDBC timer per statement.
      "fish.payara.init-sql=SET statement_timeout = 60000",
      "tcpKeepAlive=true",
      "reWriteBatchedInserts=true"
    })
@Startup
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class Migrations {

  public static final String DATA_SOURCE = "java:app/jdbc/treenetra";
  public static final int MAX_POOL_SIZE = 32;
  private static final Logger LOG = Logger.getLogger(Migrations.class.getName());
  private static final long RETRY_SECONDS = 5;

  @Resource(lookup = DATA_SOURCE)
  DataSource dataSource;

  @Resource ManagedScheduledExecutorService scheduler;

  private volatile boolean done;

  @PostConstruct
  void start() {
    if (!migrate()) {
      scheduler.schedule(this::retry, RETRY_SECONDS, TimeUnit.SECONDS);
    }
  }

  public boolean done() {
    return done;
  }

  private void retry() {
    if (!migrate()) {
      scheduler.schedule(this::retry, RETRY_SECONDS, TimeUnit.SECONDS);
    }
  }

  private boolean migrate() {
    try {
      var result =
          Flyway.configure(getClass().getClassLoader())
              .dataSource(dataSource)
              .locations("classpath:db/migration")
              .load()
              .migrate();
      LOG.info(
          () ->
              "Database schema at version "
                  + result.targetSchemaVersion
                  + " ("
                  + result.migrationsExecuted
                  + " migrations applied now)");
      FirstAdmin.ensure(
          dataSource,
          ConfigProvider.getConfig()
              .getOptionalValue("treenetra.admin-password", String.class)
              .orElse(null));
      done = true;
      return true;
    } catch (RuntimeException | java.sql.SQLException e) {
      LOG.log(
          Level.WARNING,
          "Database migration failed; retrying in " + RETRY_SECONDS + " s: " + e.getMessage());
      return false;
    }
  }
}
