package io.treenetra.platform.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.engine.jdbc.connections.internal.DatasourceConnectionProviderImpl;

/**
 * Hibernate's connections from the server's pool, counted in {@link PoolUsage}. With connections
 * held for a transaction's length (persistence.xml), "in use" is the pool's real occupancy. The
 * pool is persistence.xml's unless the administrator named one of the server's ({@link
 * Database#namedDataSource}).
 */
public class MeteredConnectionProvider extends DatasourceConnectionProviderImpl {

  @Override
  public void configure(Map<String, Object> settings) {
    Optional<String> named = Database.namedDataSource();
    if (named.isEmpty()) {
      super.configure(settings);
      return;
    }
    Map<String, Object> own = new HashMap<>(settings);
    // A JNDI name here: Hibernate looks it up in the server's naming service.
    own.put(AvailableSettings.DATASOURCE, named.get());
    super.configure(own);
  }

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
