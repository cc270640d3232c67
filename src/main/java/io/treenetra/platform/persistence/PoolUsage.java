package io.treenetra.platform.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many of the pool's connections the application holds and how many callers wait for one,
 * whoever holds them: Hibernate ({@link MeteredConnectionProvider}) and plain JDBC ({@link Jdbc})
 * count here, so {@code db_pool_connections_*} see imports, exports, photos and the job queue too.
 */
public final class PoolUsage {

  private static final AtomicInteger IN_USE = new AtomicInteger();
  private static final AtomicInteger WAITING = new AtomicInteger();

  private PoolUsage() {}

  public static int inUse() {
    return IN_USE.get();
  }

  public static int waiting() {
    return WAITING.get();
  }

  /** Where a connection comes from: the pool itself, or Hibernate's view of it. */
  @FunctionalInterface
  interface Source {
    Connection get() throws SQLException;
  }

  /** A connection from {@code source}, counted until {@link #released()}. */
  static Connection acquire(Source source) throws SQLException {
    WAITING.incrementAndGet();
    try {
      Connection connection = source.get();
      IN_USE.incrementAndGet();
      return connection;
    } finally {
      WAITING.decrementAndGet();
    }
  }

  static void released() {
    IN_USE.decrementAndGet();
  }
}
