package io.treenetra.job;

import io.treenetra.platform.ServedPort;
import io.treenetra.platform.persistence.Database;
import io.treenetra.platform.persistence.Migrations;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The background worker of an instance in the {@code worker} or {@code all} role: takes jobs from
 * the queue, runs each on a managed thread, and renews the leases of the jobs it holds. On shutdown
 * it stops taking jobs and hands the running ones back at their next checkpoint, so another
 * instance continues them at once instead of after their lease expires.
 */
@Startup
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class Worker {

  private static final Logger LOG = Logger.getLogger(Worker.class.getName());
  private static final long HAND_BACK_WAIT_MS = 10_000;

  @Inject JobSettings settings;
  @Inject JobQueue queue;
  @Inject Migrations migrations;
  @Inject @Any Instance<JobHandler> handlers;

  @Resource ManagedScheduledExecutorService scheduler;
  @Resource ManagedExecutorService executor;

  private final String owner = instanceName();
  private final Thread shutdownHook = new Thread(this::stop, "treenetra-worker-shutdown");
  private final Set<UUID> held = ConcurrentHashMap.newKeySet();
  private final Set<UUID> handedBack = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean polling = new AtomicBoolean();
  private volatile boolean stopping;
  private Semaphore slots;

  /** The polls and heartbeats on the server's scheduler, cancelled when undeployed. */
  private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

  @PostConstruct
  void start() {
    if (!settings.runsJobs()) {
      return;
    }
    slots = new Semaphore(settings.concurrency());
    long pollMs = settings.poll().toMillis();
    tasks.add(scheduler.scheduleWithFixedDelay(this::poll, pollMs, pollMs, TimeUnit.MILLISECONDS));
    long heartbeatMs = settings.heartbeat().toMillis();
    tasks.add(
        scheduler.scheduleWithFixedDelay(
            this::heartbeat, heartbeatMs, heartbeatMs, TimeUnit.MILLISECONDS));
    // SIGTERM ends Payara Micro without undeploying the application (no @PreDestroy): a hook of our
    // own hands the running jobs back while the JVM goes down.
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    LOG.info(
        () ->
            "Worker "
                + owner
                + " takes jobs ("
                + settings.concurrency()
                + " at a time, lease "
                + settings.lease()
                + ")");
  }

  @PreDestroy
  void undeployed() {
    tasks.forEach(task -> task.cancel(false));
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // the JVM is already shutting down, or the hook was never added (api role)
    }
  }

  /**
   * Takes no more jobs, waits (at most 10 s) until the running ones stop at their next checkpoint
   * and hand themselves back, then hands back on a connection of its own any that could not (the
   * server shutting down around it may have stopped their threads or closed the pool first).
   */
  void stop() {
    stopping = true;
    Set<UUID> running = Set.copyOf(held);
    long deadline = System.currentTimeMillis() + HAND_BACK_WAIT_MS;
    while (!held.isEmpty() && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    for (UUID id : running) {
      if (!handedBack.contains(id)) {
        handBackDirectly(id);
      }
    }
  }

  private void handBackDirectly(UUID id) {
    try (Connection connection = Database.unpooled();
        Statement statement = connection.createStatement()) {
      // The job's row may still be locked by a batch whose connection is going down with the
      // server.
      statement.execute("SET lock_timeout = '5s'");
      JobQueue.handBack(connection, id, owner);
      LOG.info(() -> "Job " + id + " handed back to the queue at shutdown");
    } catch (SQLException | RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Could not hand job " + id + " back; another instance takes it when its lease expires",
          e);
    }
  }

  /** Looks at the queue now rather than at the next poll (after this instance queued a job). */
  public void wake() {
    if (slots != null && !stopping) {
      executor.execute(this::poll);
    }
  }

  boolean stopping() {
    return stopping;
  }

  boolean holds(UUID id) {
    return held.contains(id);
  }

  private void poll() {
    if (stopping || !migrations.done() || !polling.compareAndSet(false, true)) {
      return;
    }
    try {
      while (!stopping && slots.tryAcquire()) {
        Optional<JobQueue.Claim> claim = queue.claim(owner, settings.lease());
        if (claim.isEmpty()) {
          slots.release();
          return;
        }
        held.add(claim.get().id());
        executor.execute(() -> run(claim.get()));
      }
    } catch (SQLException | RuntimeException e) {
      slots.release();
      LOG.log(
          Level.WARNING, "Could not take a job from the queue; trying again at the next poll", e);
    } finally {
      polling.set(false);
    }
  }

  private void run(JobQueue.Claim claim) {
    try {
      if (claim.attempt() > settings.maxAttempts()) {
        queue.finish(
            claim.id(),
            owner,
            JobState.FAILED,
            "Gave up after "
                + settings.maxAttempts()
                + " attempts: each instance running this job stopped before it finished");
        return;
      }
      JobHandler handler =
          handlers.stream().filter(h -> h.kind().equals(claim.kind())).findFirst().orElse(null);
      if (handler == null) {
        queue.finish(
            claim.id(), owner, JobState.FAILED, "No handler for jobs of kind " + claim.kind());
        return;
      }
      LOG.info(
          () ->
              "Job " + claim.id() + " (" + claim.kind() + ") started, attempt " + claim.attempt());
      handler.run(new JobContext(queue, claim, owner, this));
      LOG.info(() -> "Job " + claim.id() + " ended");
    } catch (JobContext.Stopping e) {
      handBack(claim);
    } catch (JobQueue.LeaseLost e) {
      LOG.warning(
          () -> "Job " + claim.id() + " was taken over by another instance; this one stopped");
    } catch (Exception e) {
      // Left to its lease: another attempt (here or elsewhere) takes it, up to the attempt limit.
      LOG.log(
          Level.SEVERE,
          "Job " + claim.id() + " failed unexpectedly; it will be retried when its lease expires",
          e);
    } finally {
      held.remove(claim.id());
      slots.release();
      if (!stopping) {
        wake();
      }
    }
  }

  private void handBack(JobQueue.Claim claim) {
    try {
      queue.handBack(claim.id(), owner);
      handedBack.add(claim.id());
      LOG.info(() -> "Job " + claim.id() + " handed back to the queue at shutdown");
    } catch (SQLException e) {
      LOG.log(
          Level.WARNING,
          "Could not hand job "
              + claim.id()
              + " back; another instance takes it when its lease expires",
          e);
    }
  }

  private void heartbeat() {
    if (held.isEmpty()) {
      return;
    }
    try {
      Set<UUID> ours = Set.copyOf(held);
      Set<UUID> renewed = queue.renew(ours, owner, settings.lease());
      for (UUID id : ours) {
        if (!renewed.contains(id)) {
          held.remove(id);
        }
      }
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.WARNING, "Could not renew the leases of running jobs", e);
    }
  }

  /**
   * Host, the HTTP port this instance serves on (its process id where that cannot be read) and a
   * random suffix: unique per start, and telling an operator which instance holds a job.
   */
  private static String instanceName() {
    String host = System.getenv().getOrDefault("HOSTNAME", "localhost");
    String serving =
        ServedPort.http().map(String::valueOf).orElse("pid" + ProcessHandle.current().pid());
    return host + ":" + serving + ":" + UUID.randomUUID().toString().substring(0, 8);
  }
}
