package io.treenetra.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real PostgreSQL 15 for the whole test run, and the system properties that arquillian.xml
 * reads (database and payara/launch.properties). Registered before the Arquillian extension, so the
 * server starts against this database.
 */
public final class TestEnvironment implements BeforeAllCallback {

  private static EmbeddedPostgres postgres;
  private static Path jwtKeyFile;

  /** The first admin's password on every test server (TREENETRA_ADMIN_PASSWORD). */
  public static final String ADMIN_PASSWORD = "test-admin-password-0";

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  public static synchronized void start() {
    if (postgres != null) {
      return;
    }
    try {
      postgres = EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    postgres.close();
                  } catch (IOException e) {
                    // the JVM is exiting
                  }
                }));
    System.setProperty("test.db.url", jdbcUrl());
    System.setProperty("test.db.user", "postgres");
    System.setProperty("test.db.password", "test");
    Properties launch = launchOptions();
    System.setProperty("treenetra.jvmOptions", launch.getProperty("jvm.options"));
    System.setProperty("treenetra.microOptions", launch.getProperty("micro.options"));
    System.setProperty("treenetra.testJwtKey", jwtKeyFile().toString());
    System.setProperty("treenetra.testAdminPassword", ADMIN_PASSWORD);
    System.setProperty("treenetra.testRateWindowSeconds", Integer.toString(RateWindows.SECONDS));
  }

  /**
   * The key every test server signs access tokens with (TREENETRA_JWT_PRIVATE_KEY_FILE), so that a
   * token from one instance of a cluster is good on the others: a new RSA key per test run.
   */
  public static synchronized Path jwtKeyFile() {
    if (jwtKeyFile == null) {
      try {
        java.security.KeyPairGenerator generator =
            java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem =
            "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                    .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Path file = Path.of("target", "test-secrets", "jwt-signing-key.pem").toAbsolutePath();
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, pem);
        jwtKeyFile = file;
      } catch (IOException | java.security.GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
    return jwtKeyFile;
  }

  /** The port of the test PostgreSQL server (user postgres, password test). */
  public static int port() {
    start();
    return postgres.getPort();
  }

  public static String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  /**
   * A database of its own on the same server, created empty (for the tests whose servers must not
   * share the shared server's data or job queue).
   */
  public static synchronized String freshDatabase(String name) {
    start();
    execute("DROP DATABASE IF EXISTS " + name);
    execute("CREATE DATABASE " + name);
    return postgres.getJdbcUrl("postgres", name);
  }

  public static DataSource database(String name) {
    start();
    return postgres.getDatabase("postgres", name);
  }

  public static DataSource database() {
    start();
    return postgres.getPostgresDatabase();
  }

  public static Path payaraDir() {
    return Path.of(System.getProperty("treenetra.payaraDir", "payara"))
        .toAbsolutePath()
        .normalize();
  }

  /** payara/launch.properties with ${PAYARA_DIR} resolved, as payara/launch.sh reads it. */
  public static Properties launchOptions() {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(payaraDir().resolve("launch.properties"))) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    properties.replaceAll(
        (key, value) -> value.toString().replace("${PAYARA_DIR}", payaraDir().toString()));
    return properties;
  }

  /** The single number a query returns, such as a count. */
  public static long queryLong(String sql, Object... params) {
    try (Connection connection = database().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The single text a query returns, or null when it returns no row. */
  public static String queryString(String sql, Object... params) {
    try (Connection connection = database().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void execute(String sql, Object... params) {
    try (Connection connection = database().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      statement.execute();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
