package io.treenetra.platform.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import org.hibernate.engine.jdbc.connections.internal.DatasourceConnectionProviderImpl;

/**
 * Hibernate's connections from the server's pool, counted in {@link PoolUsage}. With connections
 * held for a transaction's length (persistence.xml), "in use" is the pool's real occupancy.
 */
public class MeteredConnectionProvider extends DatasourceConnectionProviderImpl {

  @Override
  public Connection getConnection() throws SQLException {
    return PoolUsage.acquire(super::getConnection);
  }

  @Override
  public void closeConnection(Connection connection) throws SQLException {
    try {
      super.closeConnection(connection);
    } finally {
      PoolUsage.released();
    }
  }
}
