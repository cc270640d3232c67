package io.treenetra.job;

import io.treenetra.platform.persistence.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The job table as a queue (V7 migration). Every change a worker makes to a job it holds names the
 * worker: once its lease has passed to another instance, its writes change nothing.
 */
@ApplicationScoped
public class JobQueue {

  /** A job this worker now holds, and what it works on (may be null). */
  public record Claim(UUID id, String kind, int attempt, UUID subject) {}

  /**
   * The lease passed to another instance (or the job was finished by someone else): stop, write
   * nothing.
   */
  public static class LeaseLost extends RuntimeException {
    public LeaseLost(UUID id) {
      super("Job " + id + " is no longer held by this instance", null, false, false);
    }
  }

  @Inject Jdbc jdbc;

  /** Adds a queued job in the caller's transaction. */
  public UUID enqueue(Connection connection, String kind) throws SQLException {
    return enqueue(connection, kind, null);
  }

  /** Adds a queued job about {@code subject} (an image, say) in the caller's transaction. */
  public UUID enqueue(Connection connection, String kind, UUID subject) throws SQLException {
    UUID id = UUID.randomUUID();
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO job (id, kind, state, subject) VALUES (?, ?, 'queued', ?)")) {
      insert.setObject(1, id);
      insert.setString(2, kind);
      insert.setObject(3, subject);
      insert.executeUpdate();
    }
    return id;
  }

  /**
   * Takes the oldest job that is queued, or running under a lease that has expired, and holds it
   * for {@code lease}. Concurrent workers skip each other's rows, so each job has one holder.
   */
  public Optional<Claim> claim(String owner, Duration lease) throws SQLException {
    String sql =
        "UPDATE job SET state = 'running', lease_owner = ?, lease_expires_at = now() + make_interval(secs => ?),"
            + " attempts = attempts + 1, started_at = coalesce(started_at, now())"
            + " WHERE id = (SELECT id FROM job WHERE state = 'queued' OR (state = 'running' AND lease_expires_at < now())"
            + " ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)"
            + " RETURNING id, kind, attempts, subject";
    try (Jdbc.Lease held = jdbc.lease();
        PreparedStatement claim = held.connection().prepareStatement(sql)) {
      claim.setString(1, owner);
      claim.setDouble(2, lease.toSeconds());
      try (ResultSet row = claim.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Claim(
                row.getObject(1, UUID.class),
                row.getString(2),
                row.getInt(3),
                row.getObject(4, UUID.class)));
      }
    }
  }

  /** Extends the leases of the jobs this worker holds; answers those it still holds. */
  public Set<UUID> renew(Set<UUID> ids, String owner, Duration lease) throws SQLException {
    Set<UUID> held = new HashSet<>();
    if (ids.isEmpty()) {
      return held;
    }
    try (Jdbc.Lease db = jdbc.lease();
        PreparedStatement renew =
            db.connection()
                .prepareStatement(
                    "UPDATE job SET lease_expires_at = now() + make_interval(secs => ?)"
                        + " WHERE id = ANY (?) AND lease_owner = ? AND state = 'running' RETURNING id")) {
      renew.setDouble(1, lease.toSeconds());
      Array array = db.connection().createArrayOf("uuid", ids.toArray());
      renew.setArray(2, array);
      renew.setString(3, owner);
      try (ResultSet rows = renew.executeQuery()) {
        while (rows.next()) {
          held.add(rows.getObject(1, UUID.class));
        }
      }
    }
    return held;
  }

  /**
   * In the caller's transaction: proves this worker still holds the job (the row stays locked until
   * the caller commits, so no other instance can take it in between) and answers whether a client
   * asked to cancel it.
   */
  public boolean checkpoint(Connection connection, UUID id, String owner) throws SQLException {
    try (PreparedStatement check =
        connection.prepareStatement(
            "SELECT cancel_requested FROM job WHERE id = ? AND lease_owner = ? AND state = 'running' FOR UPDATE")) {
      check.setObject(1, id);
      check.setString(2, owner);
      try (ResultSet row = check.executeQuery()) {
        if (!row.next()) {
          throw new LeaseLost(id);
        }
        return row.getBoolean(1);
      }
    }
  }

  /** Ends the job in the caller's transaction, if this worker still holds it. */
  public void finish(Connection connection, UUID id, String owner, JobState state, String error)
      throws SQLException {
    try (PreparedStatement finish =
        connection.prepareStatement(
            "UPDATE job SET state = ?, error = ?, finished_at = now(), lease_owner = NULL, lease_expires_at = NULL"
                + " WHERE id = ? AND lease_owner = ? AND state = 'running'")) {
      finish.setString(1, state.value());
      finish.setString(2, error);
      finish.setObject(3, id);
      finish.setString(4, owner);
      if (finish.executeUpdate() == 0) {
        throw new LeaseLost(id);
      }
    }
  }

  /** Ends the job in its own transaction, if this worker still holds it. */
  public void finish(UUID id, String owner, JobState state, String error) throws SQLException {
    try (Jdbc.Lease held = jdbc.lease()) {
      finish(held.connection(), id, owner, state, error);
    }
  }

  /**
   * Puts a job this worker holds back in the queue (a shutdown, not a failure: the attempt is not
   * counted).
   */
  public void handBack(UUID id, String owner) throws SQLException {
    try (Jdbc.Lease held = jdbc.lease()) {
      handBack(held.connection(), id, owner);
    }
  }

  /** The same, on a connection of the caller's (at shutdown, when the pool may be gone). */
  static void handBack(Connection connection, UUID id, String owner) throws SQLException {
    try (PreparedStatement handBack =
        connection.prepareStatement(
            "UPDATE job SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL, attempts = greatest(attempts - 1, 0)"
                + " WHERE id = ? AND lease_owner = ? AND state = 'running'")) {
      handBack.setObject(1, id);
      handBack.setString(2, owner);
      handBack.executeUpdate();
    }
  }

  /**
   * A client's cancel: a queued job is cancelled at once; a running one is asked to stop and its
   * worker cancels it at its next checkpoint. Answers false when the job had already finished.
   */
  public boolean cancel(UUID id) throws SQLException {
    try (Jdbc.Lease held = jdbc.lease();
        PreparedStatement cancel =
            held.connection()
                .prepareStatement(
                    "UPDATE job SET cancel_requested = true,"
                        + " state = CASE WHEN state = 'queued' THEN 'cancelled' ELSE state END,"
                        + " finished_at = CASE WHEN state = 'queued' THEN now() ELSE finished_at END"
                        + " WHERE id = ? AND state IN ('queued', 'running')")) {
      cancel.setObject(1, id);
      return cancel.executeUpdate() == 1;
    }
  }
}
