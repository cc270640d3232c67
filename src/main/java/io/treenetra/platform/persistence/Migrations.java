package io.treenetra.platform.persistence;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Migrates the schema before the first request, then tells {@link SchemaMigrated}'s observers. When
 * the database is not reachable yet, the server still starts, stays not-ready, and retries every
 * few seconds.
 */
@Startup
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class Migrations {

  private static final Logger LOG = Logger.getLogger(Migrations.class.getName());
  private static final long RETRY_SECONDS = 5;

  @Resource(lookup = Database.DATA_SOURCE)
  DataSource dataSource;

  @Inject Event<SchemaMigrated> migrated;

  @Resource ManagedScheduledExecutorService scheduler;

  private volatile boolean done;
  private volatile ScheduledFuture<?> retry;

  @PostConstruct
  void start() {
    if (!migrate()) {
      retry = scheduler.schedule(this::retry, RETRY_SECONDS, TimeUnit.SECONDS);
    }
  }

  /** Undeployed before the database answered: no retry after the application has gone. */
  @PreDestroy
  void stop() {
    if (retry != null) {
      retry.cancel(false);
    }
  }

  public boolean done() {
    return done;
  }

  private void retry() {
    if (!migrate()) {
      retry = scheduler.schedule(this::retry, RETRY_SECONDS, TimeUnit.SECONDS);
    }
  }

  private boolean migrate() {
    try {
      var result =
          Flyway.configure(getClass().getClassLoader())
              .dataSource(Database.pool(dataSource))
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
      // What must exist before the first request (the first admin) is made by its observers.
      migrated.fire(new SchemaMigrated());
      done = true;
      return true;
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Database migration failed; retrying in " + RETRY_SECONDS + " s: " + e.getMessage());
      return false;
    }
  }
}
