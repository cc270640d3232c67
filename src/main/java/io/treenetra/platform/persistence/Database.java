package io.treenetra.platform.persistence;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The one pool of database connections: JPA, the repositories' plain JDBC, imports, exports,
 * photos, health and the job queue all take theirs from it, so that the pool's metrics count every
 * holder. It is the pool an administrator created on the server when {@code treenetra.datasource}
 * (&lt;- {@code TREENETRA_DATASOURCE}) names its JNDI resource, else the application's own, {@link
 * #DATA_SOURCE}, whose URL and credentials come from MicroProfile Config ({@code db.url} &lt;-
 * {@code DB_URL}).
 */
@DataSourceDefinition(
    name = Database.DATA_SOURCE,
    className = "org.postgresql.ds.PGSimpleDataSource",
    url = "${MPCONFIG=db.url}",
    user = "${MPCONFIG=db.user}",
    password = "${MPCONFIG=db.password}",
    minPoolSize = 4,
    maxPoolSize = Database.MAX_POOL_SIZE,
    maxIdleTime = 300,
    properties = {
      "fish.payara.is-connection-validation-required=true",
      "fish.payara.connection-validation-method=custom-validation",
      "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.PostgresConnectionValidation",
      "fish.payara.validate-atmost-once-period-in-seconds=10",
      "fish.payara.fail-all-connections=true",
      "fish.payara.max-wait-time-in-millis=10000",
      // PostgreSQL's own timeout: the pool's statement timeout arms a JDBC timer per statement.
      "fish.payara.init-sql=SET statement_timeout = 60000",
      // DB_URL may name several hosts (a primary and its standbys): connect only to the one that
      // is primary, look again at a host found down or standby after 2 s (a promoted standby is
      // taken within seconds), and never hang on a server that vanished: 5 s to connect, 90 s of
      // silence on a connection (longer than the 60 s statement timeout) ends it.
      "targetServerType=primary",
      "hostRecheckSeconds=2",
      "connectTimeout=5",
      "loginTimeout=10",
      "socketTimeout=90",
      "tcpKeepAlive=true",
      "reWriteBatchedInserts=true"
    })
@ApplicationScoped
public class Database {

  public static final String DATA_SOURCE = "java:app/jdbc/treenetra";
  public static final int MAX_POOL_SIZE = 32;

  /** The key naming a server-managed pool (a JNDI name such as {@code jdbc/treenetra}). */
  public static final String NAMED_DATA_SOURCE_KEY = "treenetra.datasource";

  /** The JNDI name of the server-managed pool the administrator named, if any. */
  public static Optional<String> namedDataSource() {
    return ConfigProvider.getConfig(Database.class.getClassLoader())
        .getOptionalValue(NAMED_DATA_SOURCE_KEY, String.class)
        .map(String::strip)
        .filter(name -> !name.isEmpty());
  }

  /**
   * The pool in use: the named one when there is one, else {@code defined} (the application's own,
   * as injected). A name that is not bound stops the caller with a message saying which.
   */
  public static DataSource pool(DataSource defined) {
    Optional<String> name = namedDataSource();
    if (name.isEmpty()) {
      return defined;
    }
    try {
      return InitialContext.doLookup(name.get());
    } catch (NamingException | ClassCastException e) {
      throw new IllegalStateException(
          NAMED_DATA_SOURCE_KEY
              + " (TREENETRA_DATASOURCE) names "
              + name.get()
              + ", which is not a JDBC resource of this server (asadmin list-jdbc-resources)",
          e);
    }
  }

  /**
   * A connection of its own, outside the pool, to the same database: only for a JVM shutdown hook,
   * which runs while the server may already have closed the pool. The caller closes it. With a
   * server-managed pool only the server knows the database: a connection of that pool, if it still
   * gives one.
   */
  public static Connection unpooled() throws SQLException {
    if (namedDataSource().isPresent()) {
      return pool(null).getConnection();
    }
    Config config = ConfigProvider.getConfig(Database.class.getClassLoader());
    Properties credentials = new Properties();
    credentials.setProperty("user", config.getValue("db.user", String.class));
    credentials.setProperty(
        "password", config.getOptionalValue("db.password", String.class).orElse(""));
    return new org.postgresql.Driver()
        .connect(config.getValue("db.url", String.class), credentials);
  }
}
