package io.treenetra.inspection;

import static io.treenetra.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.Api;
import io.treenetra.support.ApiIT;
import io.treenetra.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HealthRecordsIT extends ApiIT {

  private String plantTree() {
    Api.Response tree =
        api()
            .post(
                "/api/v1/trees",
                "{\"location\": {\"lat\": 40.7, \"lng\": -73.9}, \"status\": \"alive\", \"healthStatus\": \"healthy\", \"dbhCm\": 10}");
    assertThat(tree.status()).isEqualTo(201);
    return tree.json().getString("id");
  }

  private Api.Response inspect(String treeId, String inspectedAt, String health, String extra) {
    return api()
        .post(
            "/api/v1/trees/" + treeId + "/health-records",
            "{\"inspectedAt\": \""
                + inspectedAt
                + "\", \"healthStatus\": \""
                + health
                + "\""
                + extra
                + "}");
  }

  @Test
  void theLatestInspectionSetsTheConditionAndALateOlderOneChangesNothing() {
    String id = plantTree();
    Api.Response first =
        inspect(
            id,
            "2024-05-01T08:00:00Z",
            "critical",
            ", \"dbhCm\": 12.5, \"crownDieback\": 40, \"observations\": [\"pest\", \"cavity\"], \"inspector\": \"A. Arborist\","
                + " \"notes\": \"borer holes\", \"recommendations\": \"prune\"");
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    JsonObject record = first.json();
    assertThat(record.getString("treeId")).isEqualTo(id);
    assertThat(record.getString("inspectedAt")).isEqualTo("2024-05-01T08:00:00Z");
    assertThat(record.getString("inspector")).isEqualTo("A. Arborist");
    assertThat(record.getString("healthStatus")).isEqualTo("critical");
    assertThat(record.getJsonNumber("dbhCm").doubleValue()).isEqualTo(12.5);
    assertThat(record.getInt("crownDieback")).isEqualTo(40);
    assertThat(record.getJsonArray("observations").toString()).isEqualTo("[\"pest\",\"cavity\"]");
    assertThat(record.getString("notes")).isEqualTo("borer holes");
    assertThat(record.getString("recommendations")).isEqualTo("prune");

    JsonObject tree = api().get("/api/v1/trees/" + id).json();
    assertThat(tree.getString("healthStatus")).isEqualTo("critical");
    assertThat(tree.getJsonNumber("dbhCm").doubleValue()).isEqualTo(12.5);
    assertThat(tree.getString("lastInspectedAt")).isEqualTo("2024-05-01T08:00:00Z");
    assertThat(tree.getInt("version")).isEqualTo(2);

    assertThat(
            inspect(id, "2025-05-01T08:00:00+02:00", "needs_attention", ", \"heightM\": 8")
                .status())
        .isEqualTo(201);
    tree = api().get("/api/v1/trees/" + id).json();
    assertThat(tree.getString("healthStatus")).isEqualTo("needs_attention");
    assertThat(tree.getJsonNumber("dbhCm").doubleValue()).isEqualTo(12.5);
    assertThat(tree.getJsonNumber("heightM").doubleValue()).isEqualTo(8.0);
    assertThat(tree.getString("lastInspectedAt")).isEqualTo("2025-05-01T06:00:00Z");
    assertThat(tree.getInt("version")).isEqualTo(3);

    // An older inspection arriving late is kept, and changes nothing on the tree.
    assertThat(inspect(id, "2023-01-01T00:00:00Z", "dead", ", \"dbhCm\": 99").status())
        .isEqualTo(201);
    JsonObject after = api().get("/api/v1/trees/" + id).json();
    assertThat(after).isEqualTo(tree);

    Api.Response page1 = api().get("/api/v1/trees/" + id + "/health-records?limit=2");
    assertThat(
            page1.data().getValuesAs(JsonObject.class).stream()
                .map(r -> r.getString("inspectedAt")))
        .containsExactly("2025-05-01T06:00:00Z", "2024-05-01T08:00:00Z");
    String cursor = page1.json().getJsonObject("pagination").getString("nextCursor");
    Api.Response page2 =
        api().get("/api/v1/trees/" + id + "/health-records?limit=2&cursor=" + cursor);
    assertThat(
            page2.data().getValuesAs(JsonObject.class).stream()
                .map(r -> r.getString("inspectedAt")))
        .containsExactly("2023-01-01T00:00:00Z");
    assertThat(page2.json().getJsonObject("pagination").isNull("nextCursor")).isTrue();
  }

  @Test
  void aTreeFoundDeadIsDead() {
    String id = plantTree();
    assertThat(inspect(id, "2025-01-01T00:00:00Z", "dead", "").status()).isEqualTo(201);
    JsonObject tree = api().get("/api/v1/trees/" + id).json();
    assertThat(tree.getString("status")).isEqualTo("dead");
    assertThat(tree.getString("healthStatus")).isEqualTo("dead");
  }

  @Test
  void twentyConcurrentInspectionsLeaveTheLatestInForce() throws Exception {
    String id = plantTree();
    Instant base = Instant.parse("2025-06-01T00:00:00Z");
    String[] healths = {"healthy", "needs_attention", "critical"};
    List<Integer> order = new ArrayList<>(IntStream.range(0, 20).boxed().toList());
    Collections.shuffle(order);
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Future<Api.Response>> answers = new ArrayList<>();
      for (int i : order) {
        // The latest (i = 19) is the only "critical" one.
        String health = i == 19 ? "critical" : healths[i % 2];
        answers.add(
            pool.submit(
                () -> inspect(id, base.plus(i, ChronoUnit.MINUTES).toString(), health, "")));
      }
      for (Future<Api.Response> answer : answers) {
        assertThat(answer.get().status()).isEqualTo(201);
      }
    } finally {
      pool.shutdown();
    }
    JsonObject tree = api().get("/api/v1/trees/" + id).json();
    assertThat(tree.getString("healthStatus")).isEqualTo("critical");
    assertThat(tree.getString("lastInspectedAt")).isEqualTo("2025-06-01T00:19:00Z");
    assertThat(
            TestEnvironment.queryLong(
                "SELECT count(*) FROM inspection WHERE tree_id = ?", UUID.fromString(id)))
        .isEqualTo(20);
  }

  static Stream<Arguments> badRecords() {
    String now = "\"inspectedAt\": \"2025-01-01T00:00:00Z\", \"healthStatus\": \"healthy\"";
    String future =
        Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    return Stream.of(
        Arguments.of(
            "crown dieback 101", "{" + now + ", \"crownDieback\": 101}", List.of("crownDieback")),
        Arguments.of(
            "crown dieback -1", "{" + now + ", \"crownDieback\": -1}", List.of("crownDieback")),
        Arguments.of(
            "crown dieback 2.5", "{" + now + ", \"crownDieback\": 2.5}", List.of("crownDieback")),
        Arguments.of(
            "an unknown health status",
            "{\"inspectedAt\": \"2025-01-01T00:00:00Z\", \"healthStatus\": \"fine\"}",
            List.of("healthStatus")),
        Arguments.of(
            "inspectedAt in the future",
            "{\"inspectedAt\": \"" + future + "\", \"healthStatus\": \"healthy\"}",
            List.of("inspectedAt")),
        Arguments.of(
            "inspectedAt without a zone",
            "{\"inspectedAt\": \"2025-01-01T00:00:00\", \"healthStatus\": \"healthy\"}",
            List.of("inspectedAt")),
        Arguments.of(
            "nothing required", "{\"notes\": \"x\"}", List.of("inspectedAt", "healthStatus")),
        Arguments.of("dbhCm 0", "{" + now + ", \"dbhCm\": 0}", List.of("dbhCm")),
        Arguments.of(
            "an observation of 101 characters",
            "{" + now + ", \"observations\": [\"" + "o".repeat(101) + "\"]}",
            List.of("observations")),
        Arguments.of("a misspelt field", "{" + now + ", \"dieback\": 5}", List.of("dieback")),
        Arguments.of("malformed JSON", "{\"inspectedAt\": ", List.of("body")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRecords")
  void badRecordsAreRejectedAndChangeNothing(String name, String body, List<String> fields) {
    String id = plantTree();
    long before = TestEnvironment.queryLong("SELECT count(*) FROM inspection");
    assertProblem(
        api().post("/api/v1/trees/" + id + "/health-records", body),
        400,
        "VALIDATION_ERROR",
        fields);
    assertThat(TestEnvironment.queryLong("SELECT count(*) FROM inspection")).isEqualTo(before);
    assertThat(api().get("/api/v1/trees/" + id).json().getInt("version")).isEqualTo(1);
  }

  @Test
  void deletedUnknownAndMalformedTrees() {
    String id = plantTree();
    assertThat(api().delete("/api/v1/trees/" + id).status()).isEqualTo(204);
    String body = "{\"inspectedAt\": \"2025-01-01T00:00:00Z\", \"healthStatus\": \"healthy\"}";
    assertProblem(
        api().post("/api/v1/trees/" + id + "/health-records", body), 404, "NOT_FOUND", List.of());
    assertProblem(
        api().get("/api/v1/trees/" + id + "/health-records"), 404, "NOT_FOUND", List.of());
    assertProblem(
        api().post("/api/v1/trees/" + UUID.randomUUID() + "/health-records", body),
        404,
        "NOT_FOUND",
        List.of());
    assertProblem(
        api().post("/api/v1/trees/oak/health-records", body),
        400,
        "VALIDATION_ERROR",
        List.of("treeId"));
    assertProblem(
        api().get("/api/v1/trees/" + plantTree() + "/health-records?cursor=zzz"),
        400,
        "VALIDATION_ERROR",
        List.of("cursor"));
  }
}
