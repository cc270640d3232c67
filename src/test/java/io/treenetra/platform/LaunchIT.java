package io.treenetra.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.Api;
import io.treenetra.support.LaunchedServer;
import io.treenetra.support.RateWindows;
import io.treenetra.support.TestEnvironment;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The server started exactly as the run command and the container image start it
 * (payara/launch.sh): JSON logs on stdout, one line per request with exactly the agreed fields; not
 * ready (and 503, never 500) while its database is down, ready again when it returns; a clean exit
 * on SIGTERM. The server gets a database of its own, so the test can stop it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LaunchIT {

  private static final Set<String> REQUEST_FIELDS =
      Set.of(
          "timestamp",
          "level",
          "service",
          "requestId",
          "userId",
          "method",
          "path",
          "statusCode",
          "responseTime",
          "message");

  private static LaunchedServer server;
  private static EmbeddedPostgres database;
  private static Path databaseDir;
  private static int databasePort;
  private static Api api;

  /**
   * When the test client signed in: a sign-in counts against the per-address limit of its minute.
   */
  private static long signedInAt;

  @BeforeAll
  static void start() throws Exception {
    databaseDir = Files.createTempDirectory("treenetra-launch-db");
    databasePort = LaunchedServer.freePort();
    database = startDatabase();
    server =
        new LaunchedServer(
                LaunchedServer.freePort(),
                Map.of(
                    "DB_URL", database.getJdbcUrl("postgres", "postgres"),
                    "DB_USER", "postgres",
                    "DB_PASSWORD", "test",
                    "TREENETRA_AUTH_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE", "5"))
            .start()
            .awaitReady();
    api = server.api();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.kill();
    }
    if (database != null) {
      database.close();
    }
  }

  private static EmbeddedPostgres startDatabase() throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(databaseDir)
        .setCleanDataDirectory(false)
        .setPort(databasePort)
        .start();
  }

  private static void await(String what, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what + " within 90 s").isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  @Test
  @Order(1)
  void everyStdoutLineIsJsonAndEachRequestWritesOneLineWithExactlyTheAgreedFields()
      throws Exception {
    api.get("/api/v1/trees/not-a-uuid", "X-Request-Id", "launch-it-1");
    signedInAt = System.currentTimeMillis();
    api.get("/api/v1/species?limit=1", "X-Request-Id", "launch-it-2");
    Thread.sleep(500);

    List<JsonObject> lines =
        server.stdout().stream().filter(l -> !l.isBlank()).map(LaunchIT::parse).toList();
    assertThat(lines).hasSizeGreaterThan(10);
    for (JsonObject line : lines) {
      assertThat(line.keySet())
          .contains("timestamp", "level", "service", "requestId", "userId", "message");
      assertThat(line.getString("service")).isEqualTo("treenetra");
      assertThat(line.getString("level")).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
    }

    List<JsonObject> badRequest =
        lines.stream()
            .filter(
                l -> "launch-it-1".equals(l.isNull("requestId") ? null : l.getString("requestId")))
            .toList();
    assertThat(badRequest).hasSize(1);
    JsonObject line = badRequest.get(0);
    assertThat(line.keySet()).isEqualTo(REQUEST_FIELDS);
    assertThat(line.getString("method")).isEqualTo("GET");
    assertThat(line.getString("path")).isEqualTo("/api/v1/trees/not-a-uuid");
    assertThat(line.getInt("statusCode")).isEqualTo(400);
    assertThat(line.getJsonNumber("responseTime").doubleValue()).isPositive();
    // The request's user: the admin the test client signed in as.
    String adminId =
        api.get("/api/v1/users?limit=500").data().getValuesAs(JsonObject.class).stream()
            .filter(u -> u.getString("username").equals("admin"))
            .findFirst()
            .orElseThrow()
            .getString("id");
    assertThat(line.getString("userId")).isEqualTo(adminId);
    assertThat(line.getString("timestamp"))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");

    JsonObject ok =
        lines.stream()
            .filter(
                l -> "launch-it-2".equals(l.isNull("requestId") ? null : l.getString("requestId")))
            .findFirst()
            .orElseThrow();
    assertThat(ok.getInt("statusCode")).isEqualTo(200);
    assertThat(ok.getString("path")).isEqualTo("/api/v1/species");
  }

  @Test
  @Order(2)
  void passwordsNeverReachTheLogAndGuessingIsSlowedPerAddress() throws Exception {
    Api anonymous = api.anonymous();
    String guessed = "guessed-password-" + java.util.UUID.randomUUID();
    RateWindows.awaitFreshWindowAfter(signedInAt);
    // Five tries a window from one address (as configured here), whatever the names.
    for (int i = 1; i <= 5; i++) {
      Api.Response wrong =
          anonymous.post(
              "/api/v1/auth/login",
              "{\"username\":\"someone-" + i + "\",\"password\":\"" + guessed + "\"}");
      assertThat(wrong.status()).as(wrong.toString()).isEqualTo(401);
    }
    Api.Response refused =
        anonymous.post(
            "/api/v1/auth/login",
            "{\"username\":\"admin\",\"password\":\"" + TestEnvironment.ADMIN_PASSWORD + "\"}");
    assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
    assertThat(Long.parseLong(refused.header("Retry-After")))
        .isBetween(1L, (long) RateWindows.SECONDS);
    // A bad bearer token is a 401 and one access-log line, not a logged stack trace.
    assertThat(api.withToken("not-a-jwt").get("/api/v1/trees").status()).isEqualTo(401);
    Thread.sleep(500);
    assertThat(server.stdout()).noneMatch(l -> l.contains("Exception trying to parse JWT token"));
    assertThat(server.stdout())
        .noneMatch(l -> l.contains(guessed))
        .noneMatch(l -> l.contains(TestEnvironment.ADMIN_PASSWORD))
        .anyMatch(l -> l.contains("Failed sign-in"));
  }

  @Test
  @Order(3)
  void notReadyWhileTheDatabaseIsDownAndReadyWhenItReturns() throws Exception {
    database.close();
    database = null;
    await("/ready 503", () -> api.get("/ready").status() == 503);
    Api.Response ready = api.get("/ready");
    assertThat(ready.json().getString("status")).isEqualTo("DOWN");
    assertThat(api.get("/health/ready").status()).isEqualTo(503);
    // Liveness stays up: a database outage must not get healthy instances restarted.
    assertThat(api.get("/health").status()).isEqualTo(200);
    assertThat(api.get("/health/live").status()).isEqualTo(200);
    for (Api.Response failed :
        List.of(
            api.get("/api/v1/species?limit=1"),
            api.post(
                "/api/v1/trees",
                "{\"location\": {\"lat\": 1, \"lng\": 2}, \"status\": \"alive\"}"))) {
      assertThat(failed.status()).as(failed.toString()).isEqualTo(503);
      assertThat(failed.json().getString("code")).isEqualTo("SERVICE_UNAVAILABLE");
      assertThat(failed.header("Retry-After")).isEqualTo("5");
    }

    database = startDatabase();
    await("/ready 200", () -> api.get("/ready").status() == 200);
    assertThat(api.get("/api/v1/species?limit=1").status()).isEqualTo(200);
    Api.Response created =
        api.post(
            "/api/v1/trees", "{\"location\": {\"lat\": 1, \"lng\": 2}, \"status\": \"alive\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
  }

  @Test
  @Order(4)
  void sigtermStopsTheServerCleanly() throws Exception {
    Process process = server.process();
    process.destroy();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isIn(0, 143);
  }

  private static JsonObject parse(String line) {
    try (JsonReader reader = Json.createReader(new StringReader(line))) {
      return reader.readObject();
    } catch (RuntimeException e) {
      throw new AssertionError("not a JSON object: " + line, e);
    }
  }
}
