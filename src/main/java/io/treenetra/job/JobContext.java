package io.treenetra.job;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/** The job a handler runs, and the fenced operations it may perform on it. */
public final class JobContext {

  /**
   * The instance is shutting down: the handler stops at its next checkpoint and the job is handed
   * back.
   */
  public static class Stopping extends RuntimeException {
    Stopping() {
      super("The instance is shutting down", null, false, false);
    }
  }

  private final JobQueue queue;
  private final JobQueue.Claim claim;
  private final String owner;
  private final Worker worker;

  JobContext(JobQueue queue, JobQueue.Claim claim, String owner, Worker worker) {
    this.queue = queue;
    this.claim = claim;
    this.owner = owner;
    this.worker = worker;
  }

  public UUID id() {
    return claim.id();
  }

  /** What the job works on, or null. */
  public UUID subject() {
    return claim.subject();
  }

  public String owner() {
    return owner;
  }

  /**
   * In the caller's transaction, before it commits a step: fails with {@link JobQueue.LeaseLost}
   * when another instance holds the job now, with {@link Stopping} when this instance is shutting
   * down; answers whether a client asked to cancel.
   */
  public boolean checkpoint(Connection connection) throws SQLException {
    ensureHeld();
    return queue.checkpoint(connection, claim.id(), owner);
  }

  /**
   * Fails as {@link #checkpoint} does when the instance is stopping or has lost the job, without
   * asking the database.
   */
  public void ensureHeld() {
    if (worker.stopping()) {
      throw new Stopping();
    }
    if (!worker.holds(claim.id())) {
      throw new JobQueue.LeaseLost(claim.id());
    }
  }

  /** Ends the job in the caller's transaction. */
  public void finish(Connection connection, JobState state, String error) throws SQLException {
    queue.finish(connection, claim.id(), owner, state, error);
  }
}
