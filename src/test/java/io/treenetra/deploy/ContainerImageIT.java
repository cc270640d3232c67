package io.treenetra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.image.TestImages;
import io.treenetra.support.Api;
import io.treenetra.support.CensusFile;
import io.treenetra.support.Imports;
import io.treenetra.support.LaunchedServer;
import io.treenetra.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real image: docker/Dockerfile built with podman from the local bases (Debian's JDK and JRE,
 * docker/bases/local.sh), then run as production runs it: a read-only root file system, the memory
 * limit of the manifests, the data directory and {@code /tmp} on volumes (Payara Micro unpacks
 * about 100 MiB of runtime into {@code /tmp}: on a tmpfs that memory counts against the limit and
 * the kernel kills the JVM during start, which this test saw first), and an external PostgreSQL
 * (the tests' own, on the host network). One container for the whole class; SIGTERM last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerImageIT {

  private static final String IMAGE = "localhost/treenetra:it";
  private static final String NAME = "treenetra-it-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String DATABASE = "container";
  private static final String BOUNDARY = "container-it-boundary";
  private static final int DRAIN_SECONDS = 3;

  /**
   * The limit the Kubernetes manifests give a pod. Not 512 MiB: under this test's load the JVM
   * holds about 530 MiB (heap 192, metaspace and class space 150, compiled code 55, symbols 30:
   * NMT's figures, docs/benchmarks.md), and at 512 MiB the kernel first evicts the JVM's own code
   * pages (requests took 10 s) and then kills it.
   */
  private static final String MEMORY = "768m";

  private static int port;
  private static Api admin;
  private static String photoPath;
  private static byte[] photo;

  @BeforeAll
  static void buildAndStart() throws Exception {
    Podman.require();
    Podman.localBases();
    String repository = System.getProperty("treenetra.mavenRepository");
    long building = System.nanoTime();
    // The build stage's Maven reads the build's own repository, so the image builds offline.
    Podman.ok(
        900,
        "build",
        "--format",
        "docker",
        "--network=host",
        "--volume",
        repository + ":/root/.m2/repository",
        "--build-arg",
        "BUILD_IMAGE=" + Podman.BUILD_BASE,
        "--build-arg",
        "RUNTIME_IMAGE=" + Podman.RUNTIME_BASE,
        "-f",
        "docker/Dockerfile",
        "-t",
        IMAGE,
        ".");
    System.out.printf(
        "ContainerImageIT: image built in %.1f s%n", (System.nanoTime() - building) / 1e9);

    String databaseUrl = TestEnvironment.freshDatabase(DATABASE);
    port = LaunchedServer.freePort();
    Path volumes = Path.of("target", "podman", NAME).toAbsolutePath();
    Files.createDirectories(volumes.resolve("data"));
    Files.createDirectories(volumes.resolve("tmp"));
    long starting = System.nanoTime();
    Podman.ok(
        60,
        "run",
        "--detach",
        "--name",
        NAME,
        "--network=host",
        "--read-only",
        "--memory",
        MEMORY,
        "--volume",
        volumes.resolve("data") + ":/var/lib/treenetra:U",
        "--volume",
        volumes.resolve("tmp") + ":/tmp:U",
        "--env",
        "PORT=" + port,
        "--env",
        "DB_URL=" + databaseUrl,
        "--env",
        "DB_USER=postgres",
        "--env",
        "DB_PASSWORD=test",
        "--env",
        "TREENETRA_ADMIN_PASSWORD=" + TestEnvironment.ADMIN_PASSWORD,
        "--env",
        "TREENETRA_SHUTDOWN_DRAIN_SECONDS=" + DRAIN_SECONDS,
        "--env",
        "TREENETRA_JOBS_POLL_MILLIS=200",
        IMAGE);
    awaitReady();
    System.out.printf(
        "ContainerImageIT: ready %.1f s after podman run%n", (System.nanoTime() - starting) / 1e9);
    admin =
        new Api(URI.create("http://localhost:" + port)).as("admin", TestEnvironment.ADMIN_PASSWORD);
  }

  @AfterAll
  static void remove() throws Exception {
    if (port != 0) {
      Podman.podman(60, "rm", "--force", "--time", "0", NAME);
    }
    // The images of earlier builds, untagged when this one took the tag: each run of the test
    // command left up to 1.8 GB behind. Those of the last hours stay, as the build's cache.
    Podman.podman(120, "image", "prune", "--force", "--filter", "until=6h");
  }

  @Test
  @Order(1)
  void itRunsAsItsNonRootUserOnAReadOnlyRootFileSystem() throws Exception {
    assertThat(Podman.ok(30, "exec", NAME, "id", "-u")).isEqualTo("10001");
    // The JVM itself is PID 1 (exec form, and launch.sh execs java), running as that user.
    assertThat(Podman.ok(30, "exec", NAME, "sh", "-c", "tr '\\0' ' ' </proc/1/cmdline"))
        .startsWith("java ");
    assertThat(Podman.ok(30, "exec", NAME, "sh", "-c", "grep '^Uid:' /proc/1/status"))
        .matches("Uid:\\s+10001\\s+10001\\s+10001\\s+10001");
    // The class-data archive the build made is mapped, not ignored (payara/launch.sh).
    assertThat(
            Podman.ok(
                30,
                "exec",
                NAME,
                "grep",
                "-c",
                "/opt/treenetra/target/treenetra.jsa",
                "/proc/1/maps"))
        .matches("[1-9][0-9]*");
    assertThat(Podman.ok(30, "inspect", "--format", "{{.HostConfig.ReadonlyRootfs}}", NAME))
        .isEqualTo("true");
    Tools.Result write = Podman.podman(30, "exec", NAME, "touch", "/opt/treenetra/probe");
    assertThat(write.exitCode()).isNotZero();
    assertThat(write.output()).contains("Read-only file system");
  }

  @Test
  @Order(2)
  void theImagesHealthCheckPasses() throws Exception {
    assertThat(Podman.ok(30, "inspect", "--format", "{{.Config.Healthcheck.Test}}", NAME))
        .contains("curl -fs \"http://localhost:${PORT}/health\"");
    Tools.Result check = Podman.podman(30, "healthcheck", "run", NAME);
    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(Podman.ok(30, "inspect", "--format", "{{.State.Health.Status}}", NAME))
        .isEqualTo("healthy");
  }

  @Test
  @Order(3)
  void itImportsTheCensusAndKeepsPhotosOnItsDataVolume() throws Exception {
    byte[] census;
    try (InputStream in =
        ContainerImageIT.class.getResourceAsStream("/census/nyc-street-trees-2015-sample.csv")) {
      census = in.readAllBytes();
    }
    JsonObject job = Imports.run(admin, "format=nyc-2015", "text/csv", census);
    assertThat(Imports.counts(job)).as(job.toString()).isEqualTo("succeeded 10189/0/0/0");
    assertThat(
            admin
                .get("/api/v1/trees?limit=1&count=true")
                .json()
                .getJsonObject("pagination")
                .getInt("total"))
        .isEqualTo(10_189);

    String tree = admin.get("/api/v1/trees?limit=1").data().getJsonObject(0).getString("id");
    photo = TestImages.picture("jpeg", 640, 480);
    Api.Response uploaded = upload(tree, photo);
    assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
    photoPath = "/api/v1/images/" + uploaded.json().getString("id") + "/content";
    HttpResponse<byte[]> content = admin.getBytes(photoPath);
    assertThat(content.statusCode()).isEqualTo(200);
    assertThat(content.body()).isEqualTo(photo);
    assertThat(
            Podman.ok(
                30,
                "exec",
                NAME,
                "sh",
                "-c",
                "find /var/lib/treenetra/objects -type f -size " + photo.length + "c | wc -l"))
        .isEqualTo("1");
  }

  @Test
  @Order(4)
  void underLoadItStaysWithinItsMemoryLimitAndAnswersEveryRequest() throws Exception {
    List<String> ids =
        admin.get("/api/v1/trees?limit=200").data().getValuesAs(JsonObject.class).stream()
            .map(tree -> tree.getString("id"))
            .toList();
    List<String> paths =
        List.of(
            "/api/v1/trees?limit=100",
            "/api/v1/trees?q=maple&limit=50",
            "/api/v1/trees?species=Quercus%20palustris&limit=100&count=true",
            "/api/v1/analytics/statistics",
            "/api/v1/analytics/benefits",
            "/api/v1/trees?bbox=-74.0,40.7,-73.9,40.8&limit=100",
            "/api/v1/trees?format=geojson&bbox=-74.0,40.6,-73.8,40.8");
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    ExecutorService clients = Executors.newFixedThreadPool(10);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        int client = c;
        running.add(
            clients.submit(
                () -> {
                  for (int i = client; System.nanoTime() < end; i++) {
                    String path =
                        i % 2 == 0
                            ? "/api/v1/trees/" + ids.get(i % ids.size())
                            : paths.get(i % paths.size());
                    count(statuses, admin.get(path).status());
                  }
                  return null;
                }));
      }
      for (int c = 0; c < 2; c++) {
        int client = c;
        running.add(
            clients.submit(
                () -> {
                  byte[] large = TestImages.picture("jpeg", 3000, 2000);
                  for (int i = client; System.nanoTime() < end; i++) {
                    count(statuses, upload(ids.get(i % ids.size()), large).status());
                  }
                  return null;
                }));
      }
      for (Future<?> client : running) {
        client.get(120, TimeUnit.SECONDS);
      }
    } finally {
      clients.shutdownNow();
    }
    assertThat(statuses.keySet()).as("statuses %s", statuses).containsOnly(200, 201);
    assertThat(statuses.get(201).get()).isPositive();
    assertThat(Podman.ok(30, "inspect", "--format", "{{.State.Status}} {{.State.OOMKilled}}", NAME))
        .isEqualTo("running false");
    assertThat(Podman.ok(30, "inspect", "--format", "{{.RestartCount}}", NAME)).isEqualTo("0");
    System.out.printf(
        "ContainerImageIT: after the load, %s requests; JVM %s; cgroup peak %s MiB of %s%n",
        statuses,
        Podman.ok(30, "exec", NAME, "sh", "-c", "grep VmRSS /proc/1/status"),
        Long.parseLong(
                Podman.ok(
                    30, "exec", NAME, "cat", "/sys/fs/cgroup/memory/memory.max_usage_in_bytes"))
            / (1024 * 1024),
        MEMORY);
  }

  @Test
  @Order(5)
  void sigtermEndsItWithinTheDrainTimeAndItsRunningImportIsHandedBack() throws Exception {
    Api.Response accepted =
        Imports.post(
            admin, "format=nyc-2015", "text/csv", CensusFile.generate(150_000, 8_000_000_000L, 45));
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String id = accepted.json().getString("id");
    awaitProgress(id, 10_000);

    long stopping = System.nanoTime();
    Podman.ok(90, "stop", "--time", "60", NAME);
    double stopSeconds = (System.nanoTime() - stopping) / 1e9;
    System.out.printf("ContainerImageIT: stopped %.1f s after SIGTERM%n", stopSeconds);
    assertThat(stopSeconds)
        .as("ended within the drain time (%d s) and a few seconds", DRAIN_SECONDS)
        .isLessThan(DRAIN_SECONDS + 10);
    // 143: the JVM ended on SIGTERM itself; 137 would be podman's SIGKILL after the grace time.
    assertThat(Podman.ok(30, "inspect", "--format", "{{.State.ExitCode}}", NAME)).isEqualTo("143");
    // The records of the shutdown itself are in the log (the log manager closes its handlers
    // first).
    assertThat(Podman.ok(30, "logs", NAME))
        .contains("Job " + id + " handed back to the queue at shutdown");
    // Handed back, not left to its lease: queued again, and the stopped attempt does not count.
    assertThat(query("SELECT state || ' ' || attempts FROM job WHERE id = ?::uuid", id))
        .as("the job after the stop; the server's last words: %s", lastWords())
        .isEqualTo("queued 0");

    // Started again on the same volumes: it finishes the job, and the photo is still there.
    Podman.ok(60, "start", NAME);
    awaitReady();
    JsonObject job = Imports.awaitEnd(admin, id);
    assertThat(Imports.counts(job)).as(job.toString()).isEqualTo("succeeded 150000/0/0/0");
    assertThat(query("SELECT attempts::text FROM job WHERE id = ?::uuid", id)).isEqualTo("1");
    assertThat(
            admin
                .get("/api/v1/trees?limit=1&count=true")
                .json()
                .getJsonObject("pagination")
                .getInt("total"))
        .isEqualTo(160_189);
    assertThat(admin.getBytes(photoPath).body()).isEqualTo(photo);
  }

  private static String lastWords() throws IOException, InterruptedException {
    return Podman.podman(30, "logs", "--tail", "15", NAME).output();
  }

  private static Api.Response upload(String tree, byte[] jpeg) {
    return admin.send(
        "POST",
        "/api/v1/trees/" + tree + "/images",
        TestImages.multipart(BOUNDARY, "file", "tree.jpg", "image/jpeg", jpeg),
        "Content-Type",
        "multipart/form-data; boundary=" + BOUNDARY);
  }

  private static void count(Map<Integer, AtomicInteger> statuses, int status) {
    statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
  }

  private static void awaitReady() throws Exception {
    Api anonymous = new Api(URI.create("http://localhost:" + port));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      try {
        if (anonymous.get("/ready").status() == 200) {
          return;
        }
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      String state = Podman.ok(30, "inspect", "--format", "{{.State.Status}}", NAME);
      assertThat(state)
          .as("container %s: %s", state, Podman.podman(30, "logs", "--tail", "20", NAME).output())
          .isEqualTo("running");
      assertThat(System.nanoTime()).as("ready within 120 s").isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  private static void awaitProgress(String id, int rows) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      JsonObject job = admin.get("/api/v1/imports/" + id).json();
      assertThat(job.getString("state")).as(job.toString()).isIn("queued", "running");
      if (job.getString("state").equals("running") && job.getInt("rowsProcessed") >= rows) {
        return;
      }
      assertThat(System.nanoTime()).as("progress within 120 s: %s", job).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static String query(String sql, Object... params) throws IOException {
    try (java.sql.Connection connection = TestEnvironment.database(DATABASE).getConnection();
        java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      try (java.sql.ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
