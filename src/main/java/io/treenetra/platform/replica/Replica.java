package io.treenetra.platform.replica;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.LongAdder;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One streaming replica: its own small pool, and what the last look at it found (up, replaying, how
 * far). A replica that is down, not in recovery, or too far behind is not offered for reads.
 */
final class Replica implements AutoCloseable {

  /** What one look at the replica found. */
  record State(boolean up, boolean inRecovery, long replayed, double lagSeconds) {

    static final State UNKNOWN = new State(false, false, -1, Double.POSITIVE_INFINITY);
  }

  private final String name;
  private final HikariDataSource pool;
  private volatile State state = State.UNKNOWN;
  final LongAdder reads = new LongAdder();

  Replica(String name, PGSimpleDataSource source, int poolSize) {
    this.name = name;
    HikariConfig config = new HikariConfig();
    config.setPoolName("replica " + name);
    config.setDataSource(source);
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(0);
    // A replica that is down must cost a read at most this long before the primary takes it.
    config.setConnectionTimeout(1000);
    config.setValidationTimeout(1000);
    // Starts even when the replica does not answer: the primary serves until it does.
    config.setInitializationFailTimeout(-1);
    config.setAutoCommit(false);
    config.setReadOnly(true);
    config.setConnectionInitSql("SET statement_timeout = 60000");
    this.pool = new HikariDataSource(config);
  }

  String name() {
    return name;
  }

  State state() {
    return state;
  }

  Connection connection() throws SQLException {
    return pool.getConnection();
  }

  /** How far the replica has replayed, read on one of its connections. */
  static long replayed(Connection connection) throws SQLException {
    try (PreparedStatement statement =
            connection.prepareStatement("SELECT pg_last_wal_replay_lsn()::text");
        ResultSet row = statement.executeQuery()) {
      row.next();
      return Lsn.parse(row.getString(1));
    }
  }

  /** Looks at the replica: in recovery, and how far it has replayed. */
  State look(Positions primary) {
    try (Connection connection = pool.getConnection()) {
      try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text");
          ResultSet row = statement.executeQuery()) {
        row.next();
        boolean inRecovery = row.getBoolean(1);
        long replayed = Lsn.parse(row.getString(2));
        connection.rollback();
        state = new State(true, inRecovery, replayed, primary.lagSeconds(replayed));
      }
    } catch (SQLException | RuntimeException e) {
      state = State.UNKNOWN;
    }
    return state;
  }

  /** A read found the replica gone: not offered again until the next look finds it. */
  void down() {
    state = State.UNKNOWN;
  }

  @Override
  public void close() {
    pool.close();
  }
}
