package io.treenetra.image;

import io.treenetra.platform.persistence.Clocks;
import io.treenetra.platform.persistence.Jdbc;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Removes objects that no image names and that are older than a day (configurable): those of
 * deleted images, and those an upload stored before its instance died, before it could record them.
 * The age spares uploads in flight, whose object is written before their row.
 */
@Startup
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ObjectSweep {

  private static final Logger LOG = Logger.getLogger(ObjectSweep.class.getName());

  @Inject Clocks clocks;
  @Inject ObjectStore store;
  @Inject ImageRepository images;
  @Inject Jdbc jdbc;
  @Resource ManagedScheduledExecutorService scheduler;

  @Inject
  @ConfigProperty(name = "treenetra.storage.sweep-interval-seconds")
  long intervalSeconds;

  @Inject
  @ConfigProperty(name = "treenetra.storage.sweep-min-age-seconds")
  long minAgeSeconds;

  /**
   * The longest the scheduler holds one waiting task: a cancelled task stays in its queue until it
   * is due, and with it the whole undeployed application, so an hour's interval is counted in
   * ticks.
   */
  static final long TICK_SECONDS = 10;

  private ScheduledFuture<?> task;
  private long intervalNanos;
  private long nextSweep;

  @PostConstruct
  void start() {
    long interval = Math.max(1, intervalSeconds);
    intervalNanos = TimeUnit.SECONDS.toNanos(interval);
    nextSweep = System.nanoTime() + intervalNanos;
    long tick = Math.min(interval, TICK_SECONDS);
    task = scheduler.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.SECONDS);
  }

  /** Undeployed: the server's scheduler runs nothing of this application's any more. */
  @PreDestroy
  void stop() {
    task.cancel(false);
  }

  private void tick() {
    if (System.nanoTime() - nextSweep >= 0) {
      sweep();
      nextSweep = System.nanoTime() + intervalNanos;
    }
  }

  /**
   * Removes the object if, under its key's lock, no row names it and nobody has written it again
   * since.
   */
  private boolean remove(String key, Instant before) throws SQLException, IOException {
    return jdbc.transaction(
        connection -> {
          ImageRepository.lock(connection, key);
          if (ImageRepository.referenced(connection, key) || !store.olderThan(key, before)) {
            return false;
          }
          store.delete(key);
          return true;
        });
  }

  void sweep() {
    try {
      List<String> old = new ArrayList<>();
      Instant before = clocks.now().minus(Duration.ofSeconds(minAgeSeconds));
      store.forEachOlderThan(before, old::add);
      int removed = 0;
      for (String key : old) {
        if (remove(key, before)) {
          removed++;
        }
      }
      if (removed > 0) {
        int count = removed;
        LOG.info(() -> "Object sweep removed " + count + " objects that no image names");
      }
    } catch (IOException | SQLException | RuntimeException e) {
      LOG.log(Level.WARNING, "Object sweep failed; it runs again at its next interval", e);
    }
  }
}
