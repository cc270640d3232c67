package io.treenetra.platform.persistence;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The one way to plain JDBC (bulk writes, COPY, streaming reads, row locks), always on the one pool
 * and counted in {@link PoolUsage}:
 *
 * <ul>
 *   <li>{@link #transaction} runs work in a transaction: the caller's JTA transaction when there is
 *       one (the container commits), else a local one, committed when the work returns and rolled
 *       back when it throws.
 *   <li>{@link #lease} lends a connection for longer (a stream, an import's writer) until the
 *       caller closes the lease; it is counted until then.
 * </ul>
 */
@ApplicationScoped
public class Jdbc {

  /** Work on a connection; it may throw SQL's exceptions and one kind of its own. */
  @FunctionalInterface
  public interface Work<T, E extends Exception> {
    T run(Connection connection) throws SQLException, E;
  }

  @Resource(lookup = Database.DATA_SOURCE)
  DataSource defined;

  /** The pool in use ({@link Database#pool}): chosen once the bean is made. */
  DataSource pool;

  @Resource TransactionSynchronizationRegistry transactions;

  @PostConstruct
  void choosePool() {
    pool = Database.pool(defined);
  }

  /** A connection of the pool, counted as in use until {@link #close()}. */
  public static final class Lease implements AutoCloseable {

    private final Connection connection;
    private boolean closed;

    private Lease(Connection connection) {
      this.connection = connection;
    }

    public Connection connection() {
      return connection;
    }

    @Override
    public void close() throws SQLException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        connection.close();
      } finally {
        PoolUsage.released();
      }
    }
  }

  public <T, E extends Exception> T transaction(Work<T, E> work) throws SQLException, E {
    try (Lease lease = lease()) {
      Connection connection = lease.connection();
      // Inside a JTA transaction (active, or marked for rollback) the container commits or rolls
      // back; the connection is enlisted in it.
      if (transactions.getTransactionStatus() != Status.STATUS_NO_TRANSACTION) {
        return work.run(connection);
      }
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } finally {
        // Nothing to undo after a commit; everything after a failure.
        connection.rollback();
        connection.setAutoCommit(true);
      }
    }
  }

  public Lease lease() throws SQLException {
    return new Lease(PoolUsage.acquire(pool::getConnection));
  }
}
