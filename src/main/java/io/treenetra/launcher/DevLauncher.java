package io.treenetra.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The run command's launcher: without {@code DB_URL} it starts an embedded PostgreSQL 15 whose data
 * lives under {@code TREENETRA_DATA_DIR}, then runs {@code payara/launch.sh} (the server's one
 * launch) and stops both cleanly on Ctrl-C or SIGTERM. It is not packaged into the WAR.
 */
public final class DevLauncher {

  private static final String DATABASE = "treenetra";

  private DevLauncher() {}

  public static void main(String[] args) throws Exception {
    Path projectDir = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    Map<String, String> env = System.getenv();
    EmbeddedPostgres postgres = null;
    ProcessBuilder server =
        new ProcessBuilder("bash", projectDir.resolve("payara/launch.sh").toString());
    server.inheritIO();
    if (isBlank(env.get("DB_URL"))) {
      Path dataDir = Path.of(env.getOrDefault("TREENETRA_DATA_DIR", "data")).toAbsolutePath();
      postgres = startPostgres(dataDir.resolve("postgres"));
      server.environment().put("DB_URL", postgres.getJdbcUrl("postgres", DATABASE));
      server.environment().put("DB_USER", "postgres");
      // The embedded database trusts local connections; any password is accepted.
      server.environment().put("DB_PASSWORD", "embedded");
      System.out.println(
          "TreeNetra: embedded PostgreSQL on port " + postgres.getPort() + ", data in " + dataDir);
    }
    Process process = server.start();
    EmbeddedPostgres database = postgres;
    Thread shutdown = new Thread(() -> stop(process, database), "treenetra-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);
    // System.exit runs the shutdown hook, which stops the database.
    System.exit(process.waitFor());
  }

  /**
   * The embedded server on {@code dataDir}, with the database made on the first start. Durable as a
   * real server: the library's default is {@code synchronous_commit = off}, under which a commit
   * already acknowledged to a client is lost if the server dies within the next half second.
   */
  static EmbeddedPostgres startPostgres(Path dataDir) throws IOException, SQLException {
    Files.createDirectories(dataDir);
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setPort(Integer.parseInt(System.getenv().getOrDefault("TREENETRA_DB_PORT", "0")))
            .start();
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement();
        ResultSet exists =
            statement.executeQuery(
                "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
      if (!exists.next()) {
        statement.execute("CREATE DATABASE " + DATABASE);
      }
    }
    return postgres;
  }

  private static void stop(Process process, EmbeddedPostgres postgres) {
    try {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
      if (postgres != null) {
        postgres.close();
      }
    } catch (InterruptedException | IOException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
