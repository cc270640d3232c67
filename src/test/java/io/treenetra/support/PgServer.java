package io.treenetra.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.deploy.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL 15 server of its own, made with the distribution's binaries ({@code
 * /usr/lib/postgresql/15/bin}, installed with Debian's {@code postgresql-15} when missing and run
 * as root): a primary, or a streaming standby of one. Run as the {@code postgres} user when the
 * tests run as root (initdb refuses root). Trust authentication on loopback only.
 */
public final class PgServer implements AutoCloseable {

  public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

  private final String name;
  private final Path dir;
  private final int port;

  private PgServer(String name, Path dir, int port) {
    this.name = name;
    this.dir = dir;
    this.port = port;
  }

  /** The binaries, installed when missing (as root, from Debian's registry). */
  public static void requireBinaries() {
    if (!Files.isExecutable(BIN.resolve("pg_ctl"))) {
      Tools.install("postgresql-15");
    }
    assertThat(BIN.resolve("pg_ctl")).as("PostgreSQL 15 server binaries").isExecutable();
  }

  /** A fresh directory the server's user may own, under the system's temporary directory. */
  public static Path workDirectory(String prefix) throws IOException, InterruptedException {
    Path root = Files.createTempDirectory(prefix);
    run(List.of("chmod", "755", root.toString()));
    return root;
  }

  /** A new primary under {@code root/name}, started, with these settings added. */
  public static PgServer primary(Path root, String name, List<String> settings)
      throws IOException, InterruptedException {
    requireBinaries();
    Path dir = root.resolve(name);
    Files.createDirectories(dir);
    own(root);
    asServerUser(
        List.of(
            BIN.resolve("initdb").toString(),
            "-D",
            dir.toString(),
            "-U",
            "postgres",
            "--auth=trust",
            "--no-instructions",
            "-E",
            "UTF8",
            "--locale=C"));
    PgServer server = new PgServer(name, dir, LaunchedServer.freePort());
    List<String> conf = new ArrayList<>(server.baseSettings());
    conf.add("wal_level = replica");
    conf.add("max_wal_senders = 10");
    conf.add("max_replication_slots = 10");
    conf.addAll(settings);
    server.appendSettings("postgresql.conf", conf);
    server.start();
    return server;
  }

  /**
   * A standby of {@code primary} under {@code root/name}, made by {@code pg_basebackup} and
   * started; {@code applicationName} is what the primary's {@code synchronous_standby_names} sees.
   */
  public static PgServer standby(
      Path root, String name, PgServer primary, String applicationName, List<String> settings)
      throws IOException, InterruptedException {
    Path dir = root.resolve(name);
    Files.createDirectories(dir);
    own(root);
    asServerUser(
        List.of(
            BIN.resolve("pg_basebackup").toString(),
            "-h",
            "127.0.0.1",
            "-p",
            Integer.toString(primary.port),
            "-U",
            "postgres",
            "-D",
            dir.toString(),
            "-X",
            "stream",
            "-c",
            "fast"));
    asServerUser(List.of("chmod", "700", dir.toString()));
    PgServer server = new PgServer(name, dir, LaunchedServer.freePort());
    List<String> conf = new ArrayList<>(server.baseSettings());
    conf.add("hot_standby = on");
    conf.add("hot_standby_feedback = on");
    conf.add(
        "primary_conninfo = 'host=127.0.0.1 port="
            + primary.port
            + " user=postgres application_name="
            + applicationName
            + "'");
    conf.addAll(settings);
    server.appendSettings("postgresql.auto.conf", conf);
    asServerUser(List.of("touch", dir.resolve("standby.signal").toString()));
    server.start();
    return server;
  }

  /**
   * A server on a data directory a restore wrote under {@code root/name} (scripts/pitr-restore.sh),
   * started on a port of its own without archiving, and waited for until its recovery has reached
   * the target and it has promoted itself.
   */
  public static PgServer restored(Path root, String name, List<String> settings)
      throws IOException, InterruptedException, SQLException {
    Path dir = root.resolve(name);
    asServerUser(List.of("chmod", "700", dir.toString()));
    PgServer server = new PgServer(name, dir, LaunchedServer.freePort());
    List<String> conf = new ArrayList<>(server.baseSettings());
    conf.add("archive_mode = off");
    conf.addAll(settings);
    server.appendSettings("postgresql.auto.conf", conf);
    server.start();
    for (int i = 0; i < 600 && !"f".equals(server.query("SELECT pg_is_in_recovery()")); i++) {
      Thread.sleep(100);
    }
    assertThat(server.query("SELECT pg_is_in_recovery()")).as("%s promoted", name).isEqualTo("f");
    return server;
  }

  private List<String> baseSettings() {
    return List.of(
        "port = " + port,
        "listen_addresses = '127.0.0.1'",
        "unix_socket_directories = '" + dir.getParent() + "'",
        "shared_buffers = 32MB",
        "max_connections = 120",
        "logging_collector = off");
  }

  /** Appends settings to one of the data directory's configuration files. */
  public void appendSettings(String file, List<String> settings) throws IOException {
    Path path = dir.resolve(file);
    Files.writeString(
        path,
        "\n" + String.join("\n", settings) + "\n",
        java.nio.file.StandardOpenOption.APPEND,
        java.nio.file.StandardOpenOption.CREATE);
  }

  public void start() throws IOException, InterruptedException {
    asServerUser(
        List.of(
            BIN.resolve("pg_ctl").toString(),
            "-D",
            dir.toString(),
            "-l",
            dir.getParent().resolve(name + ".log").toString(),
            "-w",
            "-t",
            "60",
            "start"));
  }

  /** A fast shutdown, waited for. */
  public void stop() throws IOException, InterruptedException {
    asServerUser(
        List.of(
            BIN.resolve("pg_ctl").toString(), "-D", dir.toString(), "-m", "fast", "-w", "stop"));
  }

  /** SIGKILL to the postmaster: a crash, as a machine's loss looks to the clients. */
  public void kill() throws IOException, InterruptedException {
    String pid = Files.readAllLines(dir.resolve("postmaster.pid")).get(0).trim();
    run(List.of("kill", "-9", pid));
    // The postmaster's children notice their parent's death and exit on their own.
    for (int i = 0; i < 100 && isRunning(pid); i++) {
      Thread.sleep(50);
    }
  }

  private static boolean isRunning(String pid) {
    return Files.exists(Path.of("/proc", pid));
  }

  public void promote() throws IOException, InterruptedException {
    asServerUser(List.of(BIN.resolve("pg_ctl").toString(), "-D", dir.toString(), "-w", "promote"));
  }

  public int port() {
    return port;
  }

  public Path dir() {
    return dir;
  }

  public String name() {
    return name;
  }

  /** {@code host:port}, as a JDBC URL lists it. */
  public String hostPort() {
    return "127.0.0.1:" + port;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + hostPort() + "/postgres";
  }

  public Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", "postgres");
    return DriverManager.getConnection(jdbcUrl(), properties);
  }

  /** The single value of a query (a count, a position, a setting). */
  public String query(String sql, Object... params) throws SQLException {
    try (Connection connection = connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    }
  }

  public void execute(String sql) throws SQLException {
    try (Connection connection = connect()) {
      connection.createStatement().execute(sql);
    }
  }

  /** Stops the server if it runs; the data directory stays for a look after a failed test. */
  @Override
  public void close() {
    try {
      Path pidFile = dir.resolve("postmaster.pid");
      if (Files.exists(pidFile) && isRunning(Files.readAllLines(pidFile).get(0).trim())) {
        kill();
      }
    } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
      // already gone
    }
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  static void own(Path dir) throws IOException, InterruptedException {
    if (isRoot()) {
      run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
    }
  }

  /** Runs a command as the server's user (postgres when the tests run as root). */
  public static void asServerUser(List<String> command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (isRoot()) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    run(full);
  }

  /** Runs a command, failing with its output when it fails. */
  public static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    assertThat(process.exitValue()).as("%s: %s", command, output).isZero();
    return output;
  }
}
