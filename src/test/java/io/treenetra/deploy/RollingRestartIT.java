package io.treenetra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.Api;
import io.treenetra.support.LaunchedServer;
import io.treenetra.support.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A zero-downtime rolling restart, as an orchestrator does it: two real instances behind HAProxy
 * (checking /ready, as a Kubernetes Service follows readiness), reads and writes sent without
 * pause, and each instance in turn stopped with SIGTERM and started again. No request may fail, and
 * every write that was acknowledged must be in the database afterwards.
 */
@ExtendWith(TestEnvironment.class)
class RollingRestartIT {

  @Test
  void restartingEachInstanceInTurnFailsNoRequestAndLosesNoWrite() throws Exception {
    Tools.require("haproxy", "haproxy");
    String database = TestEnvironment.freshDatabase("rolling");
    Map<String, String> environment =
        Map.of("DB_URL", database, "DB_USER", "postgres", "DB_PASSWORD", "test");
    LaunchedServer a = new LaunchedServer(LaunchedServer.freePort(), environment).start();
    LaunchedServer b = new LaunchedServer(LaunchedServer.freePort(), environment).start();
    Process haproxy = null;
    try {
      a.awaitReady();
      b.awaitReady();
      int front = LaunchedServer.freePort();
      Path config = Files.createTempFile("haproxy", ".cfg");
      Files.writeString(
          config,
          String.join(
              "\n",
              "global",
              "  maxconn 256",
              "defaults",
              "  mode http",
              "  timeout connect 1s",
              "  timeout client 30s",
              "  timeout server 30s",
              "  retries 3",
              "  option redispatch",
              "  retry-on conn-failure",
              "frontend api",
              "  bind 127.0.0.1:" + front,
              "  default_backend treenetra",
              "backend treenetra",
              "  balance roundrobin",
              "  option httpchk GET /ready",
              "  http-check expect status 200",
              // Like the Kubernetes readiness probe (k8s/base: timeout 3 s, failureThreshold 2):
              // one slow check
              // must not take a serving instance out while the other one starts (a JVM start takes
              // both
              // cores for seconds). With fall 1 and HAProxy's implicit check timeout (inter, 300
              // ms), it did
              // once in four runs, and HAProxy had no server for a moment. A stopping instance
              // still leaves
              // within a second: its /ready answers 503 at once, and it serves 5 s more.
              "  timeout check 1s",
              "  default-server inter 300ms fall 2 rise 2",
              "  server a 127.0.0.1:" + a.port() + " check",
              "  server b 127.0.0.1:" + b.port() + " check",
              ""));
      haproxy =
          new ProcessBuilder("haproxy", "-db", "-f", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      Api api = new Api(java.net.URI.create("http://127.0.0.1:" + front));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!answers(api)) {
        assertThat(haproxy.isAlive()).as("HAProxy running").isTrue();
        assertThat(System.nanoTime()).as("HAProxy up").isLessThan(deadline);
        Thread.sleep(200);
      }

      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong requests = new AtomicLong();
      List<String> failures = new CopyOnWriteArrayList<>();
      Set<String> written = ConcurrentHashMap.newKeySet();
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < 2; c++) {
        int client = c;
        Thread thread =
            new Thread(
                () -> {
                  int i = 0;
                  while (running.get()) {
                    i++;
                    try {
                      Api.Response response =
                          i % 2 == 0
                              ? api.get("/api/v1/trees?limit=5")
                              : api.post(
                                  "/api/v1/trees",
                                  "{\"location\":{\"lat\":40."
                                      + client
                                      + ",\"lng\":-73.9},\"status\":\"alive\","
                                      + "\"tags\":[\"rolling\"]}");
                      requests.incrementAndGet();
                      if (response.status() == 201) {
                        written.add(response.json().getString("id"));
                      } else if (response.status() != 200) {
                        failures.add(response.status() + " " + response.body());
                      }
                    } catch (RuntimeException e) {
                      requests.incrementAndGet();
                      failures.add(e.toString());
                    }
                  }
                },
                "rolling-client-" + c);
        thread.start();
        clients.add(thread);
      }

      Thread.sleep(3000);
      a = restart(a, environment);
      Thread.sleep(3000);
      b = restart(b, environment);
      Thread.sleep(3000);
      running.set(false);
      for (Thread thread : clients) {
        thread.join(60_000);
      }

      long found;
      try (var connection = TestEnvironment.database("rolling").getConnection();
          var statement =
              connection.prepareStatement("SELECT count(*) FROM tree WHERE id::text = ANY(?)")) {
        statement.setArray(1, connection.createArrayOf("text", written.toArray()));
        try (var rows = statement.executeQuery()) {
          rows.next();
          found = rows.getLong(1);
        }
      }
      System.out.printf(
          "Rolling restart: %d requests (half of them writes) through HAProxy while each of two instances"
              + " was restarted with SIGTERM; %d failed; %d writes acknowledged, %d of them in the database afterwards%n",
          requests.get(), failures.size(), written.size(), found);
      assertThat(failures).isEmpty();
      assertThat(requests.get()).isGreaterThan(100);
      assertThat(found).isEqualTo(written.size());
    } finally {
      if (haproxy != null) {
        haproxy.destroyForcibly();
      }
      a.kill();
      b.kill();
    }
  }

  private static boolean answers(Api api) {
    try {
      return api.get("/api/v1/species?limit=1").status() == 200;
    } catch (RuntimeException notYet) {
      api.forgetToken();
      return false;
    }
  }

  /**
   * SIGTERM, wait for the exit, start again on the same port, wait until ready (and HAProxy sees
   * it).
   */
  private static LaunchedServer restart(LaunchedServer server, Map<String, String> environment)
      throws Exception {
    assertThat(server.terminate(60)).as("stopped within 60 s of SIGTERM").isTrue();
    LaunchedServer again = new LaunchedServer(server.port(), environment).start().awaitReady();
    Thread.sleep(1500);
    return again;
  }
}
