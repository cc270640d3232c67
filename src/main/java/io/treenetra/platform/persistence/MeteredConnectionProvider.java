package io.treenetra.platform.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.engine.jdbc.connections.internal.DatasourceConnectionProviderImpl;

/**
 * Hibernate's connections from the server's pool, counted: how many are in use and how many
 * requests wait for one. With connections held for a transaction's length (persistence.xml), "in
 * use" is the pool's real occupancy by the application.
 */
public class MeteredConnectionProvider extends DatasourceConnectionProviderImpl {

  private static final AtomicInteger IN_USE = new AtomicInteger();
  private static final AtomicInteger WAITING = new AtomicInteger();

  public static int inUse() {
    return IN_USE.get();
  }

  public static int waiting() {
    return WAITING.get();
  }

  @Override
  public Connection getConnection() throws SQLException {
    WAITING.incrementAndGet();
    try {
      Connection connection = super.getConnection();
      IN_USE.incrementAndGet();
      return connection;
    } finally {
      WAITING.decrementAndGet();
    }
  }

  @Override
  public void closeConnection(Connection connection) throws SQLException {
    try {
      super.closeConnection(connection);
    } finally {
      IN_USE.decrementAndGet();
    }
  }
}
