package io.treenetra.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.Api;
import io.treenetra.support.LaunchedServer;
import io.treenetra.support.PgServer;
import io.treenetra.support.TestEnvironment;
import jakarta.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The database tier as the deployment design draws it, on real PostgreSQL 15 servers: a primary, a
 * synchronous standby (the failover target, also a read replica) and an asynchronous read replica;
 * two TreeNetra instances in one cache cluster with {@code DB_URL} naming primary and standby and
 * {@code DB_READ_URL} both replicas. Reads on the replicas, a client reading its own writes on
 * either instance, a stopped and a lagging replica, and last a primary killed with SIGKILL and its
 * standby promoted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseTierIT {

  private static final double MAX_LAG_SECONDS = 3;

  private static Path root;
  private static PgServer primary;
  private static PgServer standby;
  private static PgServer replica;
  private static LaunchedServer a;
  private static LaunchedServer b;
  private static Api apiA;
  private static Api apiB;

  /** A viewer who never writes: only the replicas' lag decides where their reads go. */
  private static Api readerA;

  @BeforeAll
  static void start() throws Exception {
    TestEnvironment.start();
    root = PgServer.workDirectory("treenetra-tier");
    primary =
        PgServer.primary(
            root,
            "primary",
            List.of("synchronous_standby_names = 'standby'", "synchronous_commit = on"));
    // The standby's own settings: once promoted it is a primary without a standby, and must not
    // wait for one (a failover manager does the same).
    standby =
        PgServer.standby(
            root, "standby", primary, "standby", List.of("synchronous_standby_names = ''"));
    replica =
        PgServer.standby(
            root, "replica", primary, "replica", List.of("synchronous_standby_names = ''"));
    int[] cluster = LaunchedServer.clusterPorts(2);
    String peers = "127.0.0.1[" + cluster[0] + "],127.0.0.1[" + cluster[1] + "]";
    a = new LaunchedServer(LaunchedServer.freePort(), environment(peers, cluster[0])).start();
    b = new LaunchedServer(LaunchedServer.freePort(), environment(peers, cluster[1])).start();
    a.awaitReady();
    b.awaitReady();
    apiA = a.api();
    apiB = b.api();
    awaitMembers(apiA);
    awaitMembers(apiB);
    String password = "reader-password-" + UUID.randomUUID();
    Api.Response reader =
        apiA.post(
            "/api/v1/users",
            Json.createObjectBuilder()
                .add("username", "reader")
                .add("role", "viewer")
                .add("password", password)
                .build()
                .toString());
    assertThat(reader.status()).as("%s", reader).isEqualTo(201);
    readerA = apiA.as("reader", password);
  }

  private static Map<String, String> environment(String peers, int bindPort) {
    Map<String, String> environment = new HashMap<>();
    environment.put(
        "DB_URL",
        "jdbc:postgresql://" + primary.hostPort() + "," + standby.hostPort() + "/postgres");
    environment.put(
        "DB_READ_URL",
        "jdbc:postgresql://" + replica.hostPort() + "," + standby.hostPort() + "/postgres");
    environment.put("DB_USER", "postgres");
    environment.put("DB_PASSWORD", "unused");
    environment.put("TREENETRA_DB_READ_MAX_LAG_SECONDS", Double.toString(MAX_LAG_SECONDS));
    environment.put("TREENETRA_DB_READ_POLL_MILLIS", "250");
    environment.put("TREENETRA_CLUSTER_MODE", "tcp");
    environment.put("TREENETRA_CLUSTER_BIND_ADDRESS", "127.0.0.1");
    environment.put("TREENETRA_CLUSTER_BIND_PORT", Integer.toString(bindPort));
    environment.put("TREENETRA_CLUSTER_PEERS", peers);
    environment.put("TREENETRA_RATELIMIT_ENABLED", "false");
    return environment;
  }

  @AfterAll
  static void stop() throws Exception {
    for (LaunchedServer server : new LaunchedServer[] {a, b}) {
      if (server != null) {
        server.kill();
      }
    }
    for (PgServer server : new PgServer[] {replica, standby, primary}) {
      if (server != null) {
        server.close();
      }
    }
  }

  private static String tree(String externalId) {
    return "{\"externalId\":\""
        + externalId
        + "\",\"location\":{\"lat\":40.7,\"lng\":-73.9},\"status\":\"alive\",\"tags\":[\"tier\"]}";
  }

  @Test
  @Order(1)
  void aWriteIsAlwaysSeenByTheWritersNextListOnEitherInstance() throws Exception {
    long replicaReadsBefore = replicaReads(apiA) + replicaReads(apiB);
    int seen = 0;
    List<String> missed = new ArrayList<>();
    for (int round = 0; round < 1000; round++) {
      Api writer = round % 2 == 0 ? apiA : apiB;
      Api reader = round % 2 == 0 ? apiB : apiA;
      Api.Response created = writer.post("/api/v1/trees", tree("ryw-" + round));
      assertThat(created.status()).as("%s", created).isEqualTo(201);
      String id = created.json().getString("id");
      Api.Response list = reader.get("/api/v1/trees?sort=-createdAt&limit=1");
      assertThat(list.status()).as("%s", list).isEqualTo(200);
      if (list.data().size() == 1 && list.data().getJsonObject(0).getString("id").equals(id)) {
        seen++;
      } else {
        missed.add(round + ": " + list.body());
      }
    }
    assertThat(missed).isEmpty();
    assertThat(seen).isEqualTo(1000);
    // The replicas served some of those lists, once they had replayed the write.
    assertThat(replicaReads(apiA) + replicaReads(apiB)).isGreaterThan(replicaReadsBefore);
  }

  @Test
  @Order(2)
  void aListServedByACaughtUpReplicaEqualsThePrimarysAndAStoppedReplicaFailsNoRequest()
      throws Exception {
    awaitCaughtUp(apiA);
    String path = "/api/v1/trees?sort=createdAt&limit=200&tag=tier";
    long replicaBefore = replicaReads(apiA);
    long primaryBefore = primaryReads(apiA);
    Api.Response fromReplica = apiA.get(path);
    assertThat(fromReplica.status()).isEqualTo(200);
    assertThat(replicaReads(apiA)).isEqualTo(replicaBefore + 1);
    assertThat(primaryReads(apiA)).isEqualTo(primaryBefore);
    assertThat(fromReplica.data()).hasSize(200);

    replica.stop();
    standby.stop();
    try {
      Api.Response fromPrimary = apiA.get(path);
      assertThat(fromPrimary.status()).isEqualTo(200);
      assertThat(primaryReads(apiA)).isEqualTo(primaryBefore + 1);
      assertThat(fromPrimary.body()).isEqualTo(fromReplica.body());
      assertThat(apiA.get("/ready").status()).as("ready on the primary alone").isEqualTo(200);
      assertThat(metric(apiA, "db_replica_up", replica.hostPort())).isEqualTo(0);
    } finally {
      standby.start();
      replica.start();
    }
    awaitCaughtUp(apiA);
    awaitCaughtUp(apiB);
    assertThat(metric(apiA, "db_replica_up", replica.hostPort())).isEqualTo(1);
  }

  @Test
  @Order(3)
  void aReplicaHeld30SecondsBehindIsSkippedWithoutAFailedRequest() throws Exception {
    replica.execute("SELECT pg_wal_replay_pause()");
    List<String> failures = new CopyOnWriteArrayList<>();
    AtomicLong served = new AtomicLong();
    long heldReadsAtStart;
    try {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      long skippedFrom = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      heldReadsAtStart = -1;
      int round = 0;
      while (System.nanoTime() < until) {
        if (heldReadsAtStart < 0 && System.nanoTime() > skippedFrom) {
          heldReadsAtStart = (long) metric(apiA, "db_replica_reads_total", replica.hostPort());
        }
        Api api = round++ % 2 == 0 ? apiA : apiB;
        Api.Response created = api.post("/api/v1/trees", tree("lag-" + round));
        Api.Response list = api.get("/api/v1/trees?sort=-createdAt&limit=1");
        Api.Response viewed = readerA.get("/api/v1/trees?sort=-createdAt&limit=1");
        if (created.status() != 201 || list.status() != 200 || viewed.status() != 200) {
          failures.add(
              created.status() + " " + list.status() + " " + viewed.status() + " " + list.body());
        } else if (!list.data()
            .getJsonObject(0)
            .getString("id")
            .equals(created.json().getString("id"))) {
          failures.add("own write not seen: " + list.body());
        }
        served.incrementAndGet();
        Thread.sleep(50);
      }
      assertThat(metric(apiA, "db_replica_lag_seconds", replica.hostPort()))
          .as("lag of the paused replica")
          .isGreaterThanOrEqualTo(24);
      assertThat(metric(apiA, "db_replica_reads_total", replica.hostPort()))
          .as("reads of the held replica once it was over %s s behind", MAX_LAG_SECONDS)
          .isEqualTo((double) heldReadsAtStart);
    } finally {
      replica.execute("SELECT pg_wal_replay_resume()");
    }
    assertThat(failures).isEmpty();
    assertThat(served.get()).isGreaterThan(50);
    awaitCaughtUp(apiA);
  }

  @Test
  @Order(4)
  void aKilledPrimaryLosesNoAcknowledgedWriteAndItsPromotedStandbyServesWithinSeconds()
      throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    Map<String, String> acknowledged = new ConcurrentHashMap<>();
    List<String> errors = new CopyOnWriteArrayList<>();
    AtomicLong unavailable = new AtomicLong();
    AtomicLong firstWriteAfterKill = new AtomicLong();
    AtomicLong killedAt = new AtomicLong();
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      Api api = w % 2 == 0 ? apiA : apiB;
      String prefix = "fo-" + w + "-";
      Thread writer =
          new Thread(
              () -> {
                for (int i = 0; running.get(); i++) {
                  String key = prefix + i;
                  // The client retries with the same Idempotency-Key until it has an answer.
                  while (true) {
                    Api.Response response;
                    long sent = System.nanoTime();
                    try {
                      response = api.post("/api/v1/trees", tree(key), "Idempotency-Key", key);
                    } catch (RuntimeException e) {
                      errors.add(key + ": " + e);
                      return;
                    }
                    if (response.status() == 201 || response.status() == 200) {
                      acknowledged.put(key, response.json().getString("id"));
                      // The first write sent once the primary was gone: the service is back.
                      if (killedAt.get() != 0 && sent > killedAt.get()) {
                        firstWriteAfterKill.compareAndSet(0, System.nanoTime());
                      }
                      break;
                    }
                    if (response.status() == 503) {
                      unavailable.incrementAndGet();
                      if (response.header("Retry-After") == null) {
                        errors.add(key + ": 503 without Retry-After");
                      }
                      sleep(200);
                      continue;
                    }
                    errors.add(key + ": " + response.status() + " " + response.body());
                    sleep(200);
                  }
                }
              });
      writer.start();
      writers.add(writer);
    }
    Thread.sleep(3000);
    primary.kill();
    killedAt.set(System.nanoTime());
    // What a failover manager does once it sees the primary gone.
    Thread.sleep(1000);
    standby.promote();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (firstWriteAfterKill.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    Thread.sleep(3000);
    running.set(false);
    for (Thread writer : writers) {
      writer.join(TimeUnit.SECONDS.toMillis(60));
    }
    assertThat(firstWriteAfterKill.get()).as("a write succeeded after the failover").isNotZero();
    double rtoSeconds = (firstWriteAfterKill.get() - killedAt.get()) / 1e9;
    Files.createDirectories(Path.of("target", "bench"));
    Files.writeString(
        Path.of("target", "bench", "failover.txt"),
        String.format(
            "rto_seconds=%.2f%nacknowledged=%d%nunavailable_answers=%d%n",
            rtoSeconds, acknowledged.size(), unavailable.get()));
    assertThat(errors).as("errors; the servers logged: %s", logged(errors)).isEmpty();
    assertThat(rtoSeconds).as("seconds from the kill to a successful write").isLessThan(30);

    // Every acknowledged write is on the promoted standby, each key once.
    Set<String> ids = Set.copyOf(acknowledged.values());
    assertThat(ids).hasSize(acknowledged.size());
    String found =
        standby.query(
            "SELECT count(*) FROM tree WHERE id = ANY(?::uuid[])",
            (Object) ids.stream().map(UUID::fromString).toArray(UUID[]::new));
    assertThat(Long.parseLong(found)).isEqualTo(ids.size());
    String duplicates =
        standby.query(
            "SELECT count(*) FROM (SELECT external_id FROM tree WHERE external_id LIKE 'fo-%'"
                + " GROUP BY external_id HAVING count(*) > 1) d");
    assertThat(duplicates).isEqualTo("0");
    assertThat(apiA.get("/ready").status()).isEqualTo(200);
    assertThat(apiB.get("/api/v1/trees/" + ids.iterator().next()).status()).isEqualTo(200);
  }

  /** The servers' log lines that name the request ids of these answers. */
  private static List<String> logged(List<String> answers) {
    Matcher ids = Pattern.compile("\"requestId\":\"([^\"]+)\"").matcher(String.join(" ", answers));
    List<String> lines = new ArrayList<>();
    while (ids.find()) {
      String id = ids.group(1);
      for (LaunchedServer server : List.of(a, b)) {
        server.stdout().stream().filter(line -> line.contains(id)).forEach(lines::add);
      }
    }
    return lines;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Until both replicas answer, replay, and are not behind. */
  private static void awaitCaughtUp(Api api) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      boolean ready = true;
      for (PgServer server : List.of(replica, standby)) {
        ready &=
            metric(api, "db_replica_up", server.hostPort()) == 1
                && metric(api, "db_replica_lag_seconds", server.hostPort()) == 0;
      }
      if (ready) {
        return;
      }
      assertThat(System.nanoTime()).as("replicas caught up within 60 s").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static long replicaReads(Api api) {
    return (long)
        (metric(api, "db_replica_reads_total", replica.hostPort())
            + metric(api, "db_replica_reads_total", standby.hostPort()));
  }

  private static long primaryReads(Api api) {
    return (long) metric(api, "db_primary_reads_total", null);
  }

  /** A metric's value on /metrics, for one replica's label or none. */
  static double metric(Api api, String name, String replicaLabel) {
    String body = api.get("/metrics?scope=application").body();
    Pattern line = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} (\\S+)$");
    Matcher matcher = line.matcher(body);
    while (matcher.find()) {
      if (replicaLabel == null || matcher.group(1).contains("replica=\"" + replicaLabel + "\"")) {
        String value = matcher.group(2);
        return value.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(value);
      }
    }
    throw new AssertionError("no " + name + " for " + replicaLabel + " in " + body);
  }

  private static void awaitMembers(Api api) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!api.get("/metrics?scope=application")
        .body()
        .contains("cluster_members{mp_scope=\"application\"} 2")) {
      assertThat(System.nanoTime()).as("2 members within 90 s").isLessThan(deadline);
      Thread.sleep(250);
    }
  }
}
