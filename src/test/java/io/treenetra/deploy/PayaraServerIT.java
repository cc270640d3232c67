package io.treenetra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.auth.Users;
import io.treenetra.image.TestImages;
import io.treenetra.support.Api;
import io.treenetra.support.Imports;
import io.treenetra.support.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * TreeNetra as an administrator deploys it: a stock Payara Server 6 (the distribution from Maven
 * Central, unpacked by the build), a domain of its own, the asadmin commands of docs/deployment.md
 * ("On Payara Server") run line by line as written there with only their example values replaced,
 * then {@code asadmin deploy target/treenetra-server.war}. Once with the application's own pool on
 * db.url, once with a pool the server manages; in between, three redeploys.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class PayaraServerIT {

  private static final String DOMAIN = "treenetra-it";
  private static final String URL_DATABASE = "payara_server_url";
  private static final String POOL_DATABASE = "payara_server_pool";
  private static final String BOUNDARY = "payara-server-it";

  private final Path server = Path.of(System.getProperty("treenetra.payaraServer"));
  private final Path serverWar = Path.of(System.getProperty("treenetra.serverWar"));
  private final Path thinWar = Path.of(System.getProperty("treenetra.war"));
  private final Path work = Path.of("target", "payara-server-it").toAbsolutePath();
  private final Path domains = work.resolve("domains");
  private final Path dataDir = work.resolve("data");
  private int adminPort;
  private URI base;

  @BeforeAll
  void startTheServer() throws IOException {
    TestEnvironment.start();
    TestEnvironment.freshDatabase(URL_DATABASE);
    TestEnvironment.freshDatabase(POOL_DATABASE);
    deleteRecursively(work);
    Files.createDirectories(work);
    Files.writeString(
        work.resolve("admin-password.txt"),
        "AS_ADMIN_ALIASPASSWORD=" + TestEnvironment.ADMIN_PASSWORD + "\n");
    Files.writeString(work.resolve("db-password.txt"), "AS_ADMIN_ALIASPASSWORD=test\n");
    int portBase = freePortBase();
    adminPort = portBase + 48;
    base = URI.create("http://localhost:" + (portBase + 80));
    local(
        "create-domain",
        "--domaindir",
        domains.toString(),
        "--portbase",
        Integer.toString(portBase),
        "--nopassword=true",
        DOMAIN);
    local("start-domain", "--domaindir", domains.toString(), DOMAIN);
    documented("settings");
    documented("db-url");
    local("restart-domain", "--domaindir", domains.toString(), DOMAIN);
  }

  @AfterAll
  void stopTheServer() {
    if (Files.exists(domains.resolve(DOMAIN))) {
      asadmin("stop-domain", "--domaindir", domains.toString(), DOMAIN);
    }
  }

  @Test
  @Order(1)
  void aWarWithoutItsLibrariesIsRefusedNamingThem() throws IOException {
    // The thin WAR with Hibernate alone added: Hibernate boots, and the check names the rest.
    Path partial = work.resolve("partial.war");
    Path lib = thinWar.resolveSibling("lib");
    try (var zip =
        java.nio.file.FileSystems.newFileSystem(
            partial, Map.of("create", "true"), getClass().getClassLoader())) {
      try (var thin = java.nio.file.FileSystems.newFileSystem(thinWar)) {
        try (Stream<Path> entries = Files.walk(thin.getPath("/"))) {
          for (Path entry : entries.toList()) {
            Path target = zip.getPath(entry.toString());
            if (Files.isDirectory(entry)) {
              Files.createDirectories(target);
            } else {
              Files.copy(entry, target);
            }
          }
        }
      }
      Files.createDirectories(zip.getPath("/WEB-INF/lib"));
      try (Stream<Path> jars = Files.list(lib)) {
        for (Path jar : jars.toList()) {
          String name = jar.getFileName().toString();
          if (name.matches(
              "(hibernate-core|hibernate-commons-annotations|jboss-logging|byte-buddy|classmate"
                  + "|antlr4-runtime|jandex)-.*\\.jar")) {
            Files.copy(jar, zip.getPath("/WEB-INF/lib/" + name));
          }
        }
      }
    }
    Result refused =
        asadmin(
            "--port",
            Integer.toString(adminPort),
            "deploy",
            "--name",
            "partial",
            partial.toString());
    assertThat(refused.exit()).as(refused.output()).isNotZero();
    assertThat(refused.output())
        .contains(
            "TreeNetra cannot start: libraries missing from its class path: "
                + "org.flywaydb:flyway-core, org.flywaydb:flyway-database-postgresql,"
                + " org.postgresql:postgresql, org.infinispan:infinispan-core,"
                + " org.infinispan:infinispan-hibernate-cache-v66, org.apache.commons:commons-csv,"
                + " org.bouncycastle:bcprov-jdk18on, com.twelvemonkeys.imageio:imageio-jpeg,"
                + " org.apache.commons:commons-fileupload2-jakarta-servlet6,"
                + " org.locationtech.proj4j:proj4j, com.zaxxer:HikariCP."
                + " Deploy target/treenetra-server.war");
    assertThat(remote("list-applications").output()).doesNotContain("partial");
  }

  @Test
  @Order(2)
  void withTheApplicationsOwnPool() throws Exception {
    deploy();
    String treeId = serves(URL_DATABASE);
    assertThat(count(POOL_DATABASE, "SELECT count(*) FROM pg_tables WHERE tablename = 'tree'"))
        .isZero();
    assertThat(count(URL_DATABASE, "SELECT count(*) FROM tree WHERE id = '" + treeId + "'"))
        .isEqualTo(1);
  }

  @Test
  @Order(3)
  void redeployedThreeTimesItWorksEachTimeAndLeavesNoWorkerBehind() throws Exception {
    Api admin = new Api(base);
    String kept = createTree(admin, "kept across redeploys");
    long loadedAfterFirst = loadedClasses();
    List<Long> loaded = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      Result redeployed = remote("deploy", "--force=true", serverWar.toString());
      assertThat(redeployed.output()).contains("Application deployed with name treenetra-server");
      awaitReady();
      admin.forgetToken();
      assertThat(admin.get("/api/v1/trees/" + kept).status()).isEqualTo(200);
      createTree(admin, "made after redeploy " + i);
      loaded.add(loadedClasses());
    }
    // Every deployment's scheduled polls, sweeps and retries were cancelled with it, and the JVM's
    // registries no longer hold it: one worker lives, the current deployment's.
    assertThat(instances("io.treenetra.job.Worker")).isEqualTo(1);
    assertThat(threadNames().stream().filter(n -> n.startsWith("RxCachedWorkerPoolEvictor")))
        .hasSize(1);
    System.out.printf(
        "PayaraServerIT: loaded classes after the first deploy %d, after each redeploy %s%n",
        loadedAfterFirst, loaded);
  }

  @Test
  @Order(4)
  void withAServerManagedPool() throws Exception {
    remote("undeploy", "treenetra-server");
    remote("delete-system-property", "db.url");
    remote("delete-system-property", "db.user");
    remote("delete-password-alias", "db.password");
    documented("pool");
    local("restart-domain", "--domaindir", domains.toString(), DOMAIN);
    deploy();
    new Api(base).forgetToken();
    long treesBefore = count(URL_DATABASE, "SELECT count(*) FROM tree");
    String treeId = serves(POOL_DATABASE);
    assertThat(count(POOL_DATABASE, "SELECT count(*) FROM tree WHERE id = '" + treeId + "'"))
        .isEqualTo(1);
    assertThat(count(POOL_DATABASE, "SELECT count(*) FROM flyway_schema_history WHERE success"))
        .isEqualTo(count(URL_DATABASE, "SELECT count(*) FROM flyway_schema_history WHERE success"));
    assertThat(count(URL_DATABASE, "SELECT count(*) FROM tree")).isEqualTo(treesBefore);
    // The pool's connections are the server's: its own statistics count them.
    assertThat(remote("ping-connection-pool", "treenetra-pool").exit()).isZero();
  }

  /**
   * The representative subset of the API, against the server deployed: health, sign-in and the
   * permission matrix, trees with ETags, an import on the worker, a photo, metrics. The id of a
   * tree it made.
   */
  private String serves(String database) throws Exception {
    Api anonymous = new Api(base).anonymous();
    Api.Response ready = anonymous.get("/ready");
    assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
    assertThat(ready.body()).contains("\"name\":\"database\",\"status\":\"UP\"");
    assertThat(anonymous.get("/health").status()).isEqualTo(200);
    Api.Response openapi = anonymous.get("/openapi");
    assertThat(openapi.status()).isEqualTo(200);
    assertThat(openapi.body()).contains("/api/v1/trees/{id}:");

    // Sign-in: the first admin from the password alias; a wrong password is a problem.
    Api.Response wrong =
        anonymous.post(
            "/api/v1/auth/login", "{\"username\": \"admin\", \"password\": \"not-the-password\"}");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.contentType()).startsWith("application/problem+json");
    assertThat(anonymous.get("/api/v1/trees").status()).isEqualTo(401);
    Api admin = new Api(base);
    Api viewer = new Users(admin).make("viewer").api();
    assertThat(viewer.get("/api/v1/trees").status()).isEqualTo(200);
    Api.Response forbidden =
        viewer.post(
            "/api/v1/trees",
            "{\"location\": {\"lat\": 40.7, \"lng\": -73.9}, \"status\": \"alive\"}");
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.contentType()).startsWith("application/problem+json");

    // Trees with ETags.
    String id = createTree(admin, "on Payara Server");
    assertThat(admin.get("/api/v1/trees/" + id, "If-None-Match", "\"1\"").status()).isEqualTo(304);
    Api.Response patched =
        admin.patch("/api/v1/trees/" + id, "{\"notes\": \"pruned\"}", "If-Match", "\"1\"");
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(patched.header("ETag")).isEqualTo("\"2\"");
    assertThat(patched.json().getString("notes")).isEqualTo("pruned");
    Api.Response stale =
        admin.patch("/api/v1/trees/" + id, "{\"notes\": \"lost\"}", "If-Match", "\"1\"");
    assertThat(stale.status()).isEqualTo(412);
    assertThat(admin.get("/api/v1/trees/" + id).json().getString("notes")).isEqualTo("pruned");
    String doomed = createTree(admin, "to delete");
    assertThat(admin.delete("/api/v1/trees/" + doomed, "If-Match", "\"1\"").status())
        .isEqualTo(204);
    assertThat(admin.get("/api/v1/trees/" + doomed).status()).isEqualTo(404);

    // The NYC sample through the worker of this server.
    byte[] census;
    try (var in = getClass().getResourceAsStream("/census/nyc-street-trees-2015-sample.csv")) {
      census = in.readAllBytes();
    }
    JsonObject job = Imports.run(admin, "format=nyc-2015", "text/csv", census);
    assertThat(Imports.counts(job)).as(job.toString()).isEqualTo("succeeded 10189/0/0/0");
    assertThat(count(database, "SELECT count(*) FROM tree WHERE external_id LIKE 'nyc-2015:%'"))
        .isEqualTo(10_189);
    // The worker names itself after the port the server really serves on (the domain's).
    assertThat(serverLog())
        .containsPattern("Worker [^:\\s]+:" + base.getPort() + ":[0-9a-f]{8} takes jobs");

    // A photo, stored under the data directory's absolute path.
    byte[] photo = TestImages.picture("jpeg", 320, 240);
    Api.Response uploaded =
        admin.send(
            "POST",
            "/api/v1/trees/" + id + "/images",
            TestImages.multipart(BOUNDARY, "file", "tree.jpg", "image/jpeg", photo),
            "Content-Type",
            "multipart/form-data; boundary=" + BOUNDARY);
    assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
    HttpResponse<byte[]> content =
        admin.getBytes("/api/v1/images/" + uploaded.json().getString("id") + "/content");
    assertThat(content.statusCode()).isEqualTo(200);
    assertThat(content.body()).isEqualTo(photo);
    assertThat(serverLog()).contains("Photos stored under " + dataDir.resolve("objects"));
    try (Stream<Path> stored = Files.walk(dataDir.resolve("objects"))) {
      assertThat(stored.filter(Files::isRegularFile).map(path -> path.toFile().length()))
          .contains((long) photo.length);
    }

    // Metrics: the application's own series.
    String metrics = admin.get("/metrics?scope=application").body();
    assertThat(metrics).contains("db_pool_connections_max{mp_scope=\"application\"} 32");
    assertThat(metrics).contains("http_server_requests_seconds_count{");
    return id;
  }

  private static String createTree(Api api, String notes) {
    Api.Response created =
        api.post(
            "/api/v1/trees",
            Json.createObjectBuilder()
                .add(
                    "location",
                    Json.createObjectBuilder().add("lat", 40.7128).add("lng", -74.006).build())
                .add("status", "alive")
                .add("notes", notes)
                .build()
                .toString());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.header("ETag")).isEqualTo("\"1\"");
    return created.json().getString("id");
  }

  private void deploy() throws InterruptedException {
    Result deployed = remote("deploy", serverWar.toString());
    assertThat(deployed.output()).contains("Application deployed with name treenetra-server");
    awaitReady();
  }

  private void awaitReady() throws InterruptedException {
    Api anonymous = new Api(base).anonymous();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (anonymous.get("/ready").status() != 200) {
      assertThat(System.nanoTime()).as("ready within 60 s of the deploy").isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  /**
   * Runs the asadmin lines of docs/deployment.md's block marked {@code <!-- payara-server: NAME
   * -->}, with its example values replaced by this test's.
   */
  private void documented(String block) throws IOException {
    String doc = Files.readString(Path.of(System.getProperty("treenetra.deploymentDoc")));
    Matcher found =
        Pattern.compile(
                "<!-- payara-server: " + Pattern.quote(block) + " -->\\n```\\n(.*?)\\n```",
                Pattern.DOTALL)
            .matcher(doc);
    assertThat(found.find()).as("docs/deployment.md has the block " + block).isTrue();
    Map<String, String> values = new LinkedHashMap<>();
    int port = TestEnvironment.port();
    values.put("db.example.org\\:5432/treenetra", "localhost\\:" + port + "/" + URL_DATABASE);
    values.put(
        "serverName=db.example.org:portNumber=5432:databaseName=treenetra:user=treenetra",
        "serverName=localhost:portNumber="
            + port
            + ":databaseName="
            + POOL_DATABASE
            + ":user=postgres");
    values.put("db.user=treenetra", "db.user=postgres");
    values.put("/var/lib/treenetra", dataDir.toString());
    values.put("/etc/treenetra/jwt-signing-key.pem", TestEnvironment.jwtKeyFile().toString());
    values.put("/etc/treenetra/admin-password.txt", work.resolve("admin-password.txt").toString());
    values.put("/etc/treenetra/db-password.txt", work.resolve("db-password.txt").toString());
    values.put("target/lib/", thinWar.resolveSibling("lib") + "/");
    List<String> lines = found.group(1).lines().toList();
    assertThat(lines).isNotEmpty().allMatch(line -> line.startsWith("asadmin "));
    for (String line : lines) {
      String command = line;
      for (Map.Entry<String, String> value : values.entrySet()) {
        command = command.replace(value.getKey(), value.getValue());
      }
      assertThat(command).doesNotContain("example.org", "/etc/treenetra", "/var/lib");
      List<String> words = words(command.substring("asadmin ".length()));
      words.addAll(0, List.of("--port", Integer.toString(adminPort)));
      Result result = asadmin(words.toArray(String[]::new));
      assertThat(result.exit()).as(line + "\n" + result.output()).isZero();
    }
  }

  /** A command line's words, as a POSIX shell splits them: single quotes keep what is inside. */
  private static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (char c : line.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
        any = true;
      } else if (c == ' ' && !quoted) {
        if (any) {
          words.add(word.toString());
          word.setLength(0);
          any = false;
        }
      } else {
        word.append(c);
        any = true;
      }
    }
    if (any) {
      words.add(word.toString());
    }
    return words;
  }

  private record Result(int exit, String output) {}

  private Result local(String... args) {
    Result result = asadmin(args);
    assertThat(result.exit()).as(String.join(" ", args) + "\n" + result.output()).isZero();
    return result;
  }

  private Result remote(String... args) {
    List<String> words = new ArrayList<>(List.of("--port", Integer.toString(adminPort)));
    words.addAll(List.of(args));
    Result result = asadmin(words.toArray(String[]::new));
    assertThat(result.exit()).as(String.join(" ", args) + "\n" + result.output()).isZero();
    return result;
  }

  private Result asadmin(String... args) {
    List<String> command = new ArrayList<>();
    command.add(server.resolve("bin/asadmin").toString());
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command).redirectErrorStream(true).directory(work.toFile()).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(300, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String serverLog() throws IOException {
    return Files.readString(domains.resolve(DOMAIN).resolve("logs/server.log"));
  }

  private String jcmd(String... args) {
    String pid;
    try {
      pid = Files.readString(domains.resolve(DOMAIN).resolve("config/pid")).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    command.add(pid);
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(output).isZero();
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Live instances of a class after the undeployed applications' tasks have run out (the longest a
   * cancelled one waits in the scheduler's queue is the worker's heartbeat, 10 s) and two full
   * collections.
   */
  private long instances(String className) throws InterruptedException {
    Thread.sleep(12_000);
    jcmd("GC.run");
    jcmd("GC.run");
    return jcmd("GC.class_histogram")
        .lines()
        .map(String::strip)
        .map(line -> line.split("\\s+"))
        .filter(cells -> cells.length >= 4 && cells[3].equals(className))
        .mapToLong(cells -> Long.parseLong(cells[1]))
        .sum();
  }

  private List<String> threadNames() {
    return jcmd("Thread.print")
        .lines()
        .filter(line -> line.startsWith("\""))
        .map(line -> line.substring(1, line.indexOf('"', 1)))
        .toList();
  }

  private long loadedClasses() {
    jcmd("GC.run");
    String report = remote("generate-jvm-report", "--type=class").output();
    Matcher loaded =
        Pattern.compile("Number of classes currently loaded in the Java Virtual Machine: ([0-9,]+)")
            .matcher(report);
    assertThat(loaded.find()).as(report).isTrue();
    return Long.parseLong(loaded.group(1).replace(",", ""));
  }

  private static long count(String database, String sql) throws SQLException {
    try (Connection connection = TestEnvironment.database(database).getConnection();
        var statement = connection.createStatement();
        var rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** A port base whose ports (admin +48, HTTP +80, HTTPS +81, and the others) are free. */
  private static int freePortBase() {
    int[] offsets = {9, 37, 38, 39, 48, 66, 76, 80, 81, 86};
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = 20_000 + ThreadLocalRandom.current().nextInt(300) * 100;
      boolean free = true;
      for (int offset : offsets) {
        try (ServerSocket socket = new ServerSocket(base + offset)) {
          socket.setReuseAddress(true);
        } catch (IOException e) {
          free = false;
          break;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IllegalStateException("no free port base");
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
