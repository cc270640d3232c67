package io.treenetra.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.Api;
import io.treenetra.support.CensusFile;
import io.treenetra.support.Imports;
import io.treenetra.support.LaunchedServer;
import io.treenetra.support.RateWindows;
import io.treenetra.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two real instances, A and B, started by payara/launch.sh on one machine, clustered through
 * Infinispan over TCP (a static list of peers), sharing one PostgreSQL: what one instance writes,
 * the other serves at once; and B keeps answering while A is killed. The job queue across them: an
 * import whose instance is killed is finished by the other, exactly once; one whose instance is
 * stopped (SIGTERM) is handed back at once; a running import is cancelled.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

  private static final String TAG = "cluster-" + UUID.randomUUID().toString().substring(0, 8);

  private static final String DATABASE = "cluster";

  private static String databaseUrl;

  /** After the kill of the import test: the instance still up, and the one killed. */
  private static LaunchedServer alive;

  private static LaunchedServer dead;
  private static LaunchedServer worker;
  private static Map<String, String> environmentA;
  private static LaunchedServer a;
  private static LaunchedServer b;
  private static Api apiA;
  private static Api apiB;

  @BeforeAll
  static void start() throws Exception {
    // A database of their own: the shared test server's worker must not take these instances' jobs.
    databaseUrl = TestEnvironment.freshDatabase(DATABASE);
    int[] cluster = LaunchedServer.clusterPorts(2);
    String peers = "127.0.0.1[" + cluster[0] + "],127.0.0.1[" + cluster[1] + "]";
    environmentA = environment(peers, cluster[0]);
    a = new LaunchedServer(LaunchedServer.freePort(), environmentA).start();
    b = new LaunchedServer(LaunchedServer.freePort(), environment(peers, cluster[1])).start();
    a.awaitReady();
    b.awaitReady();
    apiA = a.api();
    apiB = b.api();
    awaitMembers(apiA, 2);
    awaitMembers(apiB, 2);
  }

  @AfterAll
  static void stop() throws Exception {
    for (LaunchedServer server : new LaunchedServer[] {a, b, worker}) {
      if (server != null) {
        server.kill();
      }
    }
  }

  private static Map<String, String> environment(String peers, int bindPort) {
    Map<String, String> environment = new HashMap<>();
    environment.put("DB_URL", databaseUrl);
    environment.put("TREENETRA_JOBS_LEASE_SECONDS", "5");
    environment.put("TREENETRA_JOBS_POLL_MILLIS", "200");
    environment.put("DB_USER", "postgres");
    environment.put("DB_PASSWORD", "test");
    environment.put("TREENETRA_CLUSTER_MODE", "tcp");
    environment.put("TREENETRA_CLUSTER_BIND_ADDRESS", "127.0.0.1");
    environment.put("TREENETRA_CLUSTER_BIND_PORT", Integer.toString(bindPort));
    environment.put("TREENETRA_CLUSTER_PEERS", peers);
    return environment;
  }

  @Test
  @Order(1)
  void eachInstanceReportsTheClusterInItsReadiness() {
    for (Api api : List.of(apiA, apiB)) {
      JsonObject cluster = check(api.get("/health/ready").json(), "cluster");
      assertThat(cluster.getString("status")).isEqualTo("UP");
      JsonObject data = cluster.getJsonObject("data");
      assertThat(data.getString("mode")).isEqualTo("tcp");
      assertThat(data.getString("members")).isEqualTo("2");
    }
    assertThat(apiA.get("/metrics?scope=application").body())
        .contains("cluster_members{mp_scope=\"application\"} 2");
  }

  @Test
  @Order(2)
  void aTokenFromOneInstanceWorksOnTheOtherAndTheRateLimitIsShared() throws InterruptedException {
    String username = "cluster-viewer-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "cluster-viewer-password";
    Api.Response made =
        apiA.post(
            "/api/v1/users",
            "{\"username\":\""
                + username
                + "\",\"role\":\"viewer\",\"password\":\""
                + password
                + "\"}");
    assertThat(made.status()).as(made.toString()).isEqualTo(201);
    RateWindows.awaitFreshWindow();
    String token =
        apiA.anonymous()
            .post(
                "/api/v1/auth/login",
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")
            .json()
            .getString("accessToken");
    // Sixty a window for a viewer, counted across both instances: thirty on each, then no more on
    // either.
    for (int i = 1; i <= 60; i++) {
      Api api = (i % 2 == 0 ? apiA : apiB).withToken(token);
      Api.Response read = api.get("/api/v1/species?limit=1");
      assertThat(read.status()).as("request %d: %s", i, read).isEqualTo(200);
      assertThat(read.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(60 - i));
    }
    for (Api api : List.of(apiA.withToken(token), apiB.withToken(token))) {
      Api.Response limited = api.get("/api/v1/species?limit=1");
      assertThat(limited.status()).as(limited.toString()).isEqualTo(429);
      assertThat(limited.header("Retry-After")).isNotNull();
    }
  }

  @Test
  @Order(3)
  void aThousandUpdatesOnOneInstanceAreReadAtOnceOnTheOther() {
    String id =
        create(
            apiA,
            "{\"location\": {\"lat\": 40.7, \"lng\": -73.9}, \"status\": \"alive\", \"tags\": [\""
                + TAG
                + "\"]}");
    int stale = 0;
    List<String> examples = new ArrayList<>();
    for (int round = 1; round <= 1000; round++) {
      Api writer = round % 2 == 0 ? apiA : apiB;
      Api reader = round % 2 == 0 ? apiB : apiA;
      // The reader has the tree in its cache before the write.
      assertThat(reader.get("/api/v1/trees/" + id).status()).isEqualTo(200);
      double dbh = round / 10.0;
      Api.Response written = writer.patch("/api/v1/trees/" + id, "{\"dbhCm\": " + dbh + "}");
      assertThat(written.status()).as(written.toString()).isEqualTo(200);
      Api.Response read = reader.get("/api/v1/trees/" + id);
      assertThat(read.status()).isEqualTo(200);
      if (read.json().getJsonNumber("dbhCm").doubleValue() != dbh
          || read.json().getInt("version") != round + 1
          || !read.header("ETag").equals(written.header("ETag"))) {
        stale++;
        if (examples.size() < 5) {
          examples.add("round " + round + ": wrote " + dbh + ", read " + read.json());
        }
      }
    }
    assertThat(stale).as("stale reads: %s", examples).isZero();
  }

  @Test
  @Order(4)
  void aTreeDeletedOnOneInstanceIsGoneOnTheOtherAtOnce() {
    String id =
        create(
            apiA,
            "{\"location\": {\"lat\": 40.7, \"lng\": -73.9}, \"status\": \"alive\", \"externalId\": \""
                + TAG
                + "-gone\"}");
    assertThat(apiB.get("/api/v1/trees/" + id).status()).isEqualTo(200);
    assertThat(apiA.delete("/api/v1/trees/" + id).status()).isEqualTo(204);
    Api.Response gone = apiB.get("/api/v1/trees/" + id);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.header("Content-Type")).startsWith("application/problem+json");
    // Its externalId is free again, on either instance.
    String again =
        create(
            apiB,
            "{\"location\": {\"lat\": 40.7, \"lng\": -73.9}, \"status\": \"alive\", \"externalId\": \""
                + TAG
                + "-gone\"}");
    assertThat(again).isNotEqualTo(id);
    Api.Response taken =
        apiA.post(
            "/api/v1/trees",
            "{\"location\": {\"lat\": 1, \"lng\": 2}, \"status\": \"alive\", \"externalId\": \""
                + TAG
                + "-gone\"}");
    assertThat(taken.status()).isEqualTo(409);
  }

  @Test
  @Order(5)
  void oneIdempotencyKeySentToBothInstancesCreatesOneTree() {
    String tag = TAG + "-idem";
    String body =
        "{\"location\": {\"lat\": 40.7, \"lng\": -73.9}, \"status\": \"alive\", \"tags\": [\""
            + tag
            + "\"]}";
    String key = UUID.randomUUID().toString();
    Api.Response first = apiA.post("/api/v1/trees", body, "Idempotency-Key", key);
    Api.Response second = apiB.post("/api/v1/trees", body, "Idempotency-Key", key);
    Api.Response third = apiA.post("/api/v1/trees", body, "Idempotency-Key", key);
    assertThat(first.status()).isEqualTo(201);
    assertThat(second.status()).isEqualTo(201);
    assertThat(third.status()).isEqualTo(201);
    assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(third.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(second.json().getString("id")).isEqualTo(first.json().getString("id"));
    assertThat(third.json().getString("id")).isEqualTo(first.json().getString("id"));
    assertThat(second.header("Location")).isEqualTo(first.header("Location"));
    assertThat(
            apiB.get("/api/v1/trees?count=true&tag=" + tag)
                .json()
                .getJsonObject("pagination")
                .getInt("total"))
        .isEqualTo(1);
    // The same key with another body is a conflict on either instance.
    Api.Response other =
        apiB.post("/api/v1/trees", body.replace("40.7", "40.8"), "Idempotency-Key", key);
    assertThat(other.status()).isEqualTo(409);
    assertThat(
            apiA.get("/api/v1/trees?count=true&tag=" + tag)
                .json()
                .getJsonObject("pagination")
                .getInt("total"))
        .isEqualTo(1);
  }

  @Test
  @Order(6)
  void statisticsCachedOnOneInstanceChangeWithAWriteOnTheOther() {
    String tag = TAG + "-stats";
    String tree =
        "{\"location\": {\"lat\": 40.7, \"lng\": -73.9}, \"status\": \"alive\", \"tags\": [\""
            + tag
            + "\"]}";
    create(apiA, tree);
    assertThat(apiB.get("/api/v1/analytics/statistics?tag=" + tag).json().getInt("total"))
        .isEqualTo(1);
    assertThat(apiA.get("/api/v1/analytics/statistics?tag=" + tag).json().getInt("total"))
        .isEqualTo(1);
    String second = create(apiA, tree);
    assertThat(apiB.get("/api/v1/analytics/statistics?tag=" + tag).json().getInt("total"))
        .isEqualTo(2);
    Api.Response inspected =
        apiB.post(
            "/api/v1/trees/" + second + "/health-records",
            "{\"inspectedAt\": \"2026-01-05T10:00:00Z\", \"healthStatus\": \"critical\", \"inspector\": \"cluster-it\"}");
    assertThat(inspected.status()).as(inspected.toString()).isEqualTo(201);
    JsonObject byHealth =
        apiA.get("/api/v1/analytics/statistics?tag=" + tag).json().getJsonObject("byHealthStatus");
    assertThat(byHealth.getInt("critical")).isEqualTo(1);
    assertThat(byHealth.getInt("unknown")).isEqualTo(1);
  }

  @Test
  @Order(7)
  void killingOneInstanceUnderLoadCostsTheOtherNothingAndTheKilledOneRejoinsWithCurrentData()
      throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add(
          create(
              apiA,
              "{\"location\": {\"lat\": 40.7, \"lng\": -73.9}, \"status\": \"alive\", \"dbhCm\": "
                  + (i + 1)
                  + "}"));
    }
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService readers = Executors.newFixedThreadPool(4);
    List<Future<List<String>>> results = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int offset = t;
      results.add(
          readers.submit(
              () -> {
                List<String> failures = new ArrayList<>();
                int requests = 0;
                for (int i = offset; running.get(); i++) {
                  String id = ids.get(i % ids.size());
                  Api.Response read = apiB.get("/api/v1/trees/" + id);
                  requests++;
                  if (read.status() != 200 || !read.json().getString("id").equals(id)) {
                    failures.add(read.toString());
                  }
                }
                failures.add(0, Integer.toString(requests));
                return failures;
              }));
    }
    Thread.sleep(2000);
    a.kill();
    Thread.sleep(3000);
    // B also writes while A is dead: its invalidations to A must not fail.
    Api.Response written = apiB.patch("/api/v1/trees/" + ids.get(0), "{\"dbhCm\": 77.5}");
    assertThat(written.status()).as(written.toString()).isEqualTo(200);
    Thread.sleep(2000);
    running.set(false);
    readers.shutdown();
    assertThat(readers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    for (Future<List<String>> result : results) {
      List<String> failures = result.get();
      assertThat(Integer.parseInt(failures.get(0)))
          .as("requests served by one reader")
          .isGreaterThan(10);
      assertThat(failures.subList(1, failures.size())).as("failed reads on B").isEmpty();
    }
    awaitMembers(apiB, 1);

    a = new LaunchedServer(a.port(), environmentA).start().awaitReady();
    apiA = a.api();
    awaitMembers(apiA, 2);
    awaitMembers(apiB, 2);
    Api.Response rejoined = apiA.get("/api/v1/trees/" + ids.get(0));
    assertThat(rejoined.json().getJsonNumber("dbhCm").doubleValue()).isEqualTo(77.5);
    // And after it rejoined, B's writes reach it as before.
    assertThat(apiB.patch("/api/v1/trees/" + ids.get(0), "{\"dbhCm\": 78.5}").status())
        .isEqualTo(200);
    assertThat(apiA.get("/api/v1/trees/" + ids.get(0)).json().getJsonNumber("dbhCm").doubleValue())
        .isEqualTo(78.5);
  }

  @Test
  @Order(8)
  void anImportWhoseInstanceIsKilledIsFinishedByTheOtherExactlyOnce() throws Exception {
    int rows = 150_000;
    byte[] file = CensusFile.generate(rows, 5_000_000_000L, 42);
    Api.Response accepted = Imports.post(apiA, "format=nyc-2015", "text/csv", file);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String id = accepted.json().getString("id");
    awaitProgress(apiB, id, rows / 4);
    String owner = query("SELECT lease_owner FROM job WHERE id = ?::uuid", id);
    boolean onA = owner.contains(":" + a.port() + ":");
    assertThat(onA || owner.contains(":" + b.port() + ":")).as("lease owner %s", owner).isTrue();
    (onA ? a : b).kill();
    Api survivor = onA ? apiB : apiA;
    dead = onA ? a : b;

    JsonObject job = Imports.awaitEnd(survivor, id);
    assertThat(Imports.counts(job)).as(job.toString()).isEqualTo("succeeded 150000/0/0/0");
    assertThat(job.getInt("rowsProcessed")).isEqualTo(rows);
    assertThat(query("SELECT attempts::text FROM job WHERE id = ?::uuid", id)).isEqualTo("2");
    assertThat(query("SELECT count(*)::text FROM tree WHERE external_id LIKE 'nyc-2015:5000%'"))
        .isEqualTo("150000");
    assertThat(
            query(
                "SELECT count(DISTINCT external_id)::text FROM tree WHERE external_id LIKE 'nyc-2015:5000%'"))
        .isEqualTo("150000");
    apiA = survivor;
    alive = onA ? b : a;
  }

  @Test
  @Order(9)
  void aRunningImportIsCancelledAfterItsCurrentBatchAndKeepsWhatItCommitted() throws Exception {
    byte[] file = CensusFile.generate(150_000, 6_000_000_000L, 43);
    Api.Response accepted = Imports.post(apiA, "format=nyc-2015", "text/csv", file);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String id = accepted.json().getString("id");
    awaitProgress(apiA, id, 10_000);
    Api.Response cancelling = apiA.delete("/api/v1/imports/" + id);
    assertThat(cancelling.status()).as(cancelling.toString()).isEqualTo(202);
    assertThat(cancelling.json().getBoolean("cancelRequested")).isTrue();

    JsonObject job = Imports.awaitEnd(apiA, id);
    assertThat(job.getString("state")).isEqualTo("cancelled");
    assertThat(job.getInt("rowsProcessed")).isBetween(10_000, 149_999);
    assertThat(job.getInt("inserted")).isEqualTo(job.getInt("rowsProcessed"));
    assertThat(query("SELECT count(*)::text FROM tree WHERE external_id LIKE 'nyc-2015:6000%'"))
        .isEqualTo(Integer.toString(job.getInt("inserted")));
    Api.Response again = apiA.delete("/api/v1/imports/" + id);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().getString("state")).isEqualTo("cancelled");
  }

  @Test
  @Order(10)
  void anInstanceStoppedBySigtermHandsItsImportBackAndTheOtherFinishesIt() throws Exception {
    // The killed instance comes back in the worker role: it runs jobs and serves no API.
    Map<String, String> workerEnvironment = new HashMap<>(dead.environment());
    workerEnvironment.put("TREENETRA_ROLE", "worker");
    worker = new LaunchedServer(dead.port(), workerEnvironment).start().awaitReady();
    Api.Response refused = worker.api().get("/api/v1/trees?limit=1");
    assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
    assertThat(refused.json().getString("code")).isEqualTo("SERVICE_UNAVAILABLE");
    assertThat(refused.json().getString("detail"))
        .isEqualTo(
            "This instance runs background jobs only (TREENETRA_ROLE=worker); send API requests to an API instance");

    Api.Response accepted =
        Imports.post(
            apiA, "format=nyc-2015", "text/csv", CensusFile.generate(150_000, 7_000_000_000L, 44));
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String id = accepted.json().getString("id");
    awaitProgress(apiA, id, 20_000);
    String owner = query("SELECT lease_owner FROM job WHERE id = ?::uuid", id);
    LaunchedServer holder = owner.contains(":" + worker.port() + ":") ? worker : alive;
    assertThat(owner).contains(":" + holder.port() + ":");
    assertThat(holder.terminate(60)).as("exited within 60 s of SIGTERM").isTrue();

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    for (String state = query("SELECT state FROM job WHERE id = ?::uuid", id);
        !state.equals("succeeded");
        state = query("SELECT state FROM job WHERE id = ?::uuid", id)) {
      assertThat(state).isIn("queued", "running");
      assertThat(System.nanoTime()).as("finished within 120 s").isLessThan(deadline);
      Thread.sleep(100);
    }
    assertThat(
            query(
                "SELECT inserted || '/' || updated || '/' || failed || '/' || rows_processed FROM import_job WHERE job_id = ?::uuid",
                id))
        .isEqualTo("150000/0/0/150000");
    // Handed back, not taken over: the attempt of the stopped instance does not count.
    assertThat(query("SELECT attempts::text FROM job WHERE id = ?::uuid", id)).isEqualTo("1");
    assertThat(query("SELECT count(*)::text FROM tree WHERE external_id LIKE 'nyc-2015:7000%'"))
        .isEqualTo("150000");
  }

  /** Waits until the import runs and has committed at least {@code rows} rows. */
  private static void awaitProgress(Api api, String id, int rows) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      JsonObject job = api.get("/api/v1/imports/" + id).json();
      assertThat(job.getString("state")).as(job.toString()).isIn("queued", "running");
      if (job.getString("state").equals("running") && job.getInt("rowsProcessed") >= rows) {
        return;
      }
      assertThat(System.nanoTime()).as("progress within 120 s: %s", job).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static String query(String sql, Object... params) {
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

  private static String create(Api api, String json) {
    Api.Response created = api.post("/api/v1/trees", json);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }

  private static JsonObject check(JsonObject health, String name) {
    return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
        .filter(c -> c.getString("name").equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static void awaitMembers(Api api, int members) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (true) {
      JsonObject data = check(api.get("/health/ready").json(), "cluster").getJsonObject("data");
      if (data.getString("members").equals(Integer.toString(members))) {
        return;
      }
      assertThat(System.nanoTime())
          .as("%s members within 90 s, now %s", members, data)
          .isLessThan(deadline);
      Thread.sleep(250);
    }
  }
}
