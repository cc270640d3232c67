package io.treenetra.work;

import static io.treenetra.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.Api;
import io.treenetra.support.ApiIT;
import io.treenetra.support.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** Work orders and tree risk through the API, as crews and their managers use them. */
class WorkOrdersIT extends ApiIT {

  private static final Random RANDOM = new Random();
  private static final String MERGE = "application/merge-patch+json";

  /** A place of its own for each test: a bbox selects exactly that test's orders. */
  private static double[] somewhere() {
    return new double[] {
      -60 + RANDOM.nextInt(100_000) / 10_000.0, -170 + RANDOM.nextInt(100_000) / 1_000.0
    };
  }

  private String tree(double[] at, String status) {
    String health =
        status.equals("alive")
            ? "\"healthStatus\": \"healthy\","
            : status.equals("dead") ? "\"healthStatus\": \"dead\"," : "";
    Api.Response created =
        api()
            .post(
                "/api/v1/trees",
                "{\"location\": {\"lat\": "
                    + at[0]
                    + ", \"lng\": "
                    + at[1]
                    + "}, "
                    + health
                    + " \"status\": \""
                    + status
                    + "\", \"scientificName\": \"Acer rubrum\", \"dbhCm\": 30}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }

  private JsonObject order(Api as, String json) {
    Api.Response created = as.post("/api/v1/work-orders", json);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json();
  }

  private Api.Response move(Api as, String id, String status) {
    return as.patch(
        "/api/v1/work-orders/" + id, "{\"status\": \"" + status + "\"}", "Content-Type", MERGE);
  }

  private JsonObject get(String path) {
    Api.Response response = api().get(path);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json();
  }

  private record Made(Api api, String id) {}

  private Made made(String role) {
    String name = role + "-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "pw-" + UUID.randomUUID();
    Api.Response made =
        api()
            .post(
                "/api/v1/users",
                Json.createObjectBuilder()
                    .add("username", name)
                    .add("role", role)
                    .add("password", password)
                    .build()
                    .toString());
    assertThat(made.status()).as(made.toString()).isEqualTo(201);
    return new Made(api().as(name, password), made.json().getString("id"));
  }

  private Api user(String role) {
    return made(role).api();
  }

  private JsonObject record(
      String treeId, Instant at, String failure, String impact, String consequences) {
    Api.Response created =
        api()
            .post(
                "/api/v1/trees/" + treeId + "/health-records",
                "{\"inspectedAt\": \""
                    + at
                    + "\", \"healthStatus\": \"healthy\", \"risk\": {"
                    + "\"targetOccupancy\": \"frequent\", \"likelihoodOfFailure\": \""
                    + failure
                    + "\","
                    + " \"likelihoodOfImpact\": \""
                    + impact
                    + "\", \"consequences\": \""
                    + consequences
                    + "\"}}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json();
  }

  // ---- risk ----

  /** ISA, matrix 1: rows improbable .. imminent, columns very-low .. high. */
  private static final String[][] FAILURE_AND_IMPACT = {
    {"unlikely", "unlikely", "unlikely", "unlikely"},
    {"unlikely", "unlikely", "unlikely", "somewhat-likely"},
    {"unlikely", "unlikely", "somewhat-likely", "likely"},
    {"unlikely", "somewhat-likely", "likely", "very-likely"}
  };

  /** ISA, matrix 2: rows unlikely .. very likely, columns negligible .. severe. */
  private static final String[][] RATING = {
    {"low", "low", "low", "low"},
    {"low", "low", "moderate", "moderate"},
    {"low", "moderate", "high", "high"},
    {"low", "moderate", "high", "extreme"}
  };

  private static final String[] FAILURE = {"improbable", "possible", "probable", "imminent"};
  private static final String[] IMPACT = {"very-low", "low", "medium", "high"};
  private static final String[] CONSEQUENCES = {"negligible", "minor", "significant", "severe"};

  @Test
  void everyCellOfBothRiskMatrices() {
    String treeId = tree(somewhere(), "alive");
    Instant at = Instant.now().minus(400, ChronoUnit.DAYS);
    for (int f = 0; f < 4; f++) {
      for (int i = 0; i < 4; i++) {
        at = at.plusSeconds(60);
        JsonObject risk =
            record(treeId, at, FAILURE[f], IMPACT[i], "negligible").getJsonObject("risk");
        assertThat(risk.getString("likelihoodOfFailureAndImpact"))
            .as(FAILURE[f] + " x " + IMPACT[i])
            .isEqualTo(FAILURE_AND_IMPACT[f][i]);
        assertThat(risk.getString("rating")).isEqualTo("low");
        assertThat(risk.getString("targetOccupancy")).isEqualTo("frequent");
      }
    }
    // One (failure, impact) for each row of matrix 2.
    String[][] rows = {
      {"improbable", "very-low"}, {"possible", "high"}, {"probable", "high"}, {"imminent", "high"}
    };
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 4; c++) {
        at = at.plusSeconds(60);
        JsonObject risk =
            record(treeId, at, rows[r][0], rows[r][1], CONSEQUENCES[c]).getJsonObject("risk");
        assertThat(risk.getString("likelihoodOfFailureAndImpact"))
            .isEqualTo(FAILURE_AND_IMPACT[r][r == 0 ? 0 : 3]);
        assertThat(risk.getString("rating"))
            .as(rows[r][0] + "/" + rows[r][1] + " x " + CONSEQUENCES[c])
            .isEqualTo(RATING[r][c]);
      }
    }
    // The tree's rating is the latest record's: very likely x severe.
    assertThat(get("/api/v1/trees/" + treeId).getString("riskRating")).isEqualTo("extreme");
  }

  @Test
  void theLatestAssessmentRatesTheTreeAndALateOneDoesNot() {
    double[] at = somewhere();
    String tag = "risk-" + UUID.randomUUID().toString().substring(0, 8);
    String a = tree(at, "alive");
    String b = tree(at, "alive");
    String c = tree(at, "alive");
    for (String id : List.of(a, b, c)) {
      assertThat(
              api()
                  .patch(
                      "/api/v1/trees/" + id, "{\"tags\": [\"" + tag + "\"]}", "Content-Type", MERGE)
                  .status())
          .isEqualTo(200);
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    record(
        a,
        now.minus(1, ChronoUnit.DAYS),
        "probable",
        "high",
        "significant"); // likely x significant: high
    record(
        a, now.minus(5, ChronoUnit.DAYS), "improbable", "low", "minor"); // older: low, arrives late
    record(
        b,
        now.minus(2, ChronoUnit.DAYS),
        "possible",
        "high",
        "significant"); // somewhat x significant: moderate
    assertThat(get("/api/v1/trees/" + a).getString("riskRating")).isEqualTo("high");
    assertThat(get("/api/v1/trees/" + b).getString("riskRating")).isEqualTo("moderate");
    assertThat(get("/api/v1/trees/" + c).isNull("riskRating")).isTrue();
    // A record without an assessment changes nothing.
    assertThat(
            api()
                .post(
                    "/api/v1/trees/" + a + "/health-records",
                    "{\"inspectedAt\": \"" + now + "\", \"healthStatus\": \"needs_attention\"}")
                .status())
        .isEqualTo(201);
    assertThat(get("/api/v1/trees/" + a).getString("riskRating")).isEqualTo("high");

    List<String> high = new ArrayList<>();
    get("/api/v1/trees?tag=" + tag + "&riskRating=high,extreme")
        .getJsonArray("data")
        .getValuesAs(JsonObject.class)
        .forEach(t -> high.add(t.getString("id")));
    assertThat(high).containsExactly(a);
    JsonObject stats = get("/api/v1/analytics/statistics?tag=" + tag);
    assertThat(stats.getJsonObject("byRiskRating").toString())
        .isEqualTo("{\"low\":0,\"moderate\":1,\"high\":1,\"extreme\":0,\"unassessed\":1}");
    assertProblem(
        api().get("/api/v1/trees?riskRating=severe"),
        400,
        "VALIDATION_ERROR",
        List.of("riskRating"));
  }

  @Test
  void aHighRatingOpensOneMitigationOrderEvenFromTenRecordsAtOnce() throws Exception {
    String treeId = tree(somewhere(), "alive");
    Instant at = Instant.now().minus(1, ChronoUnit.HOURS);
    ExecutorService pool = Executors.newFixedThreadPool(10);
    List<Future<JsonObject>> records = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Instant when = at.plusSeconds(i);
      records.add(pool.submit(() -> record(treeId, when, "probable", "high", "severe")));
    }
    List<String> recordIds = new ArrayList<>();
    for (Future<JsonObject> record : records) {
      recordIds.add(record.get().getString("id"));
    }
    pool.shutdown();
    List<JsonObject> orders =
        get("/api/v1/work-orders?treeId=" + treeId)
            .getJsonArray("data")
            .getValuesAs(JsonObject.class);
    assertThat(orders).hasSize(1);
    JsonObject order = orders.get(0);
    assertThat(order.getString("type")).isEqualTo("prune");
    assertThat(order.getString("priority")).isEqualTo("high");
    assertThat(order.getString("status")).isEqualTo("open");
    assertThat(order.getJsonObject("source").getString("kind")).isEqualTo("risk");
    assertThat(recordIds).contains(order.getJsonObject("source").getString("id"));

    // Extreme on a tree without an open order: an urgent removal.
    String other = tree(somewhere(), "alive");
    record(other, at, "imminent", "high", "severe");
    JsonObject removal =
        get("/api/v1/work-orders?treeId=" + other).getJsonArray("data").getJsonObject(0);
    assertThat(removal.getString("type")).isEqualTo("remove");
    assertThat(removal.getString("priority")).isEqualTo("urgent");
    // A moderate rating opens nothing.
    String third = tree(somewhere(), "alive");
    record(third, at, "possible", "high", "severe");
    assertThat(get("/api/v1/work-orders?treeId=" + third).getJsonArray("data")).isEmpty();
  }

  // ---- the workflow ----

  private static final List<String> STATES =
      List.of("open", "scheduled", "in-progress", "completed", "cancelled");

  @Test
  void everyLegalMoveSucceedsAndEveryIllegalOneIsAConflictThatChangesNothing() {
    double[] at = somewhere();
    String treeId = tree(at, "alive");
    int checked = 0;
    for (String from : STATES) {
      for (String to : STATES) {
        if (from.equals(to)) {
          continue;
        }
        String id =
            order(api(), "{\"treeId\": \"" + treeId + "\", \"type\": \"inspect\"}").getString("id");
        if (!from.equals("open")) {
          assertThat(move(api(), id, from).status()).isEqualTo(200);
        }
        int legalIndex = STATES.indexOf(to);
        boolean legal =
            !from.equals("completed")
                && !from.equals("cancelled")
                && (to.equals("cancelled") || legalIndex > STATES.indexOf(from));
        JsonObject before = get("/api/v1/work-orders/" + id);
        Api.Response moved = move(api(), id, to);
        if (legal) {
          assertThat(moved.status()).as(from + " -> " + to + ": " + moved).isEqualTo(200);
          assertThat(moved.json().getString("status")).isEqualTo(to);
          assertThat(moved.json().isNull("completedAt")).isEqualTo(!to.equals("completed"));
        } else {
          assertProblem(moved, 409, "CONFLICT", List.of("status"));
          assertThat(moved.json().getString("detail"))
              .startsWith("A " + from + " order cannot become " + to);
          assertThat(get("/api/v1/work-orders/" + id)).isEqualTo(before);
        }
        checked++;
      }
    }
    assertThat(checked).isEqualTo(20);
  }

  @Test
  void completingChangesTheTreeInTheSameTransactionAndItsHistoryNamesTheOrder() {
    double[] at = somewhere();
    String tag = "close-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> trees = new LinkedHashMap<>();
    trees.put("remove", tree(at, "alive"));
    trees.put("remove-stump", tree(at, "dead"));
    trees.put("stump-removal", tree(at, "stump"));
    trees.put("plant", tree(at, "planned"));
    trees.put("prune", tree(at, "alive"));
    for (String id : trees.values()) {
      assertThat(
              api()
                  .patch(
                      "/api/v1/trees/" + id, "{\"tags\": [\"" + tag + "\"]}", "Content-Type", MERGE)
                  .status())
          .isEqualTo(200);
    }
    // Completed now (a second ahead: after the orders were made, within the clock skew allowed).
    Instant done = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    Map<String, String> orders = new LinkedHashMap<>();
    for (var entry : trees.entrySet()) {
      String type = entry.getKey().equals("remove-stump") ? "remove" : entry.getKey();
      String stump = entry.getKey().equals("remove-stump") ? ", \"leavesStump\": true" : "";
      String id =
          order(
                  api(),
                  "{\"treeId\": \""
                      + entry.getValue()
                      + "\", \"type\": \""
                      + type
                      + "\""
                      + stump
                      + "}")
              .getString("id");
      orders.put(entry.getKey(), id);
      Api.Response completed =
          api()
              .patch(
                  "/api/v1/work-orders/" + id,
                  "{\"status\": \"completed\", \"completedAt\": \""
                      + done
                      + "\", \"actualCostUsd\": 120.50, \"hours\": 2.5}",
                  "Content-Type",
                  MERGE);
      assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
      assertThat(completed.json().getString("completedAt")).isEqualTo(done.toString());
      assertThat(completed.json().getJsonNumber("actualCostUsd").bigDecimalValue())
          .isEqualByComparingTo("120.50");
    }
    assertThat(get("/api/v1/trees/" + trees.get("remove")).getString("status"))
        .isEqualTo("removed");
    assertThat(get("/api/v1/trees/" + trees.get("remove")).isNull("healthStatus")).isTrue();
    assertThat(get("/api/v1/trees/" + trees.get("remove-stump")).getString("status"))
        .isEqualTo("stump");
    assertThat(get("/api/v1/trees/" + trees.get("stump-removal")).getString("status"))
        .isEqualTo("removed");
    JsonObject planted = get("/api/v1/trees/" + trees.get("plant"));
    assertThat(planted.getString("status")).isEqualTo("alive");
    assertThat(planted.getString("healthStatus")).isEqualTo("healthy");
    assertThat(planted.getString("plantedDate"))
        .isEqualTo(LocalDate.ofInstant(done, ZoneOffset.UTC).toString());
    assertThat(get("/api/v1/work-orders/" + orders.get("plant")).getString("plantedTreeId"))
        .isEqualTo(trees.get("plant"));
    assertThat(get("/api/v1/trees/" + trees.get("prune")).getString("lastPrunedAt"))
        .isEqualTo(done.toString());

    // The history shows each change with its order's id.
    for (var entry : trees.entrySet()) {
      JsonObject latest =
          get("/api/v1/trees/" + entry.getValue() + "/history")
              .getJsonArray("data")
              .getJsonObject(0);
      assertThat(latest.getString("workOrderId"))
          .as(entry.getKey())
          .isEqualTo(orders.get(entry.getKey()));
    }
    JsonObject removal =
        get("/api/v1/trees/" + trees.get("remove") + "/history")
            .getJsonArray("data")
            .getJsonObject(0);
    assertThat(removal.getJsonObject("changes").getJsonObject("status").toString())
        .isEqualTo("{\"before\":\"alive\",\"after\":\"removed\"}");
    // The statistics and the benefits follow.
    JsonObject stats = get("/api/v1/analytics/statistics?tag=" + tag);
    assertThat(stats.getJsonObject("byStatus").toString())
        .isEqualTo("{\"planned\":0,\"alive\":2,\"dead\":0,\"stump\":1,\"removed\":2}");
    assertThat(get("/api/v1/trees/" + trees.get("remove") + "/benefits").getString("reason"))
        .isEqualTo("not_alive");
    // Alive now: no longer skipped as not alive (these trees stand outside the i-Tree regions).
    assertThat(get("/api/v1/trees/" + trees.get("plant") + "/benefits").getString("reason"))
        .isEqualTo("no_region");

    // A planting where there was no tree makes one.
    JsonObject planting =
        order(
            api(),
            "{\"type\": \"plant\", \"location\": {\"lat\": "
                + at[0]
                + ", \"lng\": "
                + at[1]
                + ", \"address\": \"1 ELM ST\"}}");
    Api.Response completed = move(api(), planting.getString("id"), "completed");
    assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
    JsonObject made = get("/api/v1/trees/" + completed.json().getString("plantedTreeId"));
    assertThat(made.getString("status")).isEqualTo("alive");
    assertThat(made.getJsonObject("location").getString("address")).isEqualTo("1 ELM ST");

    // The order's own trail.
    List<JsonObject> trail =
        get("/api/v1/work-orders/" + orders.get("prune") + "/history")
            .getJsonArray("data")
            .getValuesAs(JsonObject.class);
    assertThat(trail).extracting(e -> e.getString("action")).containsExactly("update", "create");
    assertThat(trail.get(0).getJsonObject("changes").getJsonObject("status").toString())
        .isEqualTo("{\"before\":\"open\",\"after\":\"completed\"}");
  }

  @Test
  void aTreeDeletedOrChangedMeanwhileMakesCompletionAConflictAndNothingChanges() {
    double[] at = somewhere();
    String gone = tree(at, "alive");
    String order =
        order(api(), "{\"treeId\": \"" + gone + "\", \"type\": \"remove\"}").getString("id");
    assertThat(move(api(), order, "in-progress").status()).isEqualTo(200);
    assertThat(api().delete("/api/v1/trees/" + gone).status()).isEqualTo(204);
    assertProblem(move(api(), order, "completed"), 409, "CONFLICT", List.of());
    assertThat(get("/api/v1/work-orders/" + order).getString("status")).isEqualTo("in-progress");

    String stumped = tree(at, "alive");
    String second =
        order(api(), "{\"treeId\": \"" + stumped + "\", \"type\": \"remove\"}").getString("id");
    assertThat(
            api()
                .patch(
                    "/api/v1/trees/" + stumped,
                    "{\"status\": \"stump\", \"healthStatus\": null}",
                    "Content-Type",
                    MERGE)
                .status())
        .isEqualTo(200);
    Api.Response refused = move(api(), second, "completed");
    assertProblem(refused, 409, "CONFLICT", List.of("treeId"));
    assertThat(refused.json().getString("detail"))
        .isEqualTo(
            "A remove order cannot be completed for a tree that is stump; it needs one that is alive or dead");
    assertThat(get("/api/v1/work-orders/" + second).getString("status")).isEqualTo("open");
    assertThat(get("/api/v1/trees/" + stumped).getString("status")).isEqualTo("stump");
  }

  @Test
  void twentyCrewsCompletingOneOrderAtOnceExactlyOneSucceeds() throws Exception {
    String treeId = tree(somewhere(), "alive");
    String id =
        order(api(), "{\"treeId\": \"" + treeId + "\", \"type\": \"prune\"}").getString("id");
    ExecutorService pool = Executors.newFixedThreadPool(20);
    List<Future<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      results.add(pool.submit((Callable<Integer>) () -> move(api(), id, "completed").status()));
    }
    List<Integer> statuses = new ArrayList<>();
    for (Future<Integer> result : results) {
      statuses.add(result.get());
    }
    pool.shutdown();
    assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
    assertThat(statuses).filteredOn(s -> s == 409).hasSize(19);
    assertThat(
            TestEnvironment.queryLong(
                "SELECT count(*) FROM audit_event WHERE entity = 'tree' AND entity_id = ?::uuid AND work_order_id = ?::uuid",
                treeId,
                id))
        .isEqualTo(1);
  }

  @Test
  void badInputIsAProblemAndWritesNothing() {
    double[] at = somewhere();
    String alive = tree(at, "alive");
    String stump = tree(at, "stump");
    long before = TestEnvironment.queryLong("SELECT count(*) FROM work_order");
    LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("{\"treeId\": \"" + alive + "\", \"type\": \"chop\"}", "type");
    bad.put("{\"treeId\": \"" + alive + "\"}", "type");
    bad.put("{\"type\": \"prune\"}", "treeId");
    bad.put(
        "{\"treeId\": \"" + alive + "\", \"type\": \"prune\", \"priority\": \"whenever\"}",
        "priority");
    bad.put(
        "{\"treeId\": \"" + alive + "\", \"type\": \"prune\", \"estimatedCostUsd\": -1}",
        "estimatedCostUsd");
    bad.put(
        "{\"treeId\": \"" + alive + "\", \"type\": \"prune\", \"estimatedCostUsd\": 10.005}",
        "estimatedCostUsd");
    bad.put(
        "{\"treeId\": \"" + alive + "\", \"type\": \"prune\", \"estimatedCostUsd\": \"10\"}",
        "estimatedCostUsd");
    bad.put(
        "{\"treeId\": \"" + alive + "\", \"type\": \"prune\", \"dueDate\": \"" + yesterday + "\"}",
        "dueDate");
    bad.put(
        "{\"treeId\": \"" + alive + "\", \"type\": \"prune\", \"dueDate\": \"2026-02-30\"}",
        "dueDate");
    bad.put(
        "{\"treeId\": \""
            + alive
            + "\", \"type\": \"prune\", \"assigneeId\": \""
            + UUID.randomUUID()
            + "\"}",
        "assigneeId");
    bad.put("{\"treeId\": \"" + UUID.randomUUID() + "\", \"type\": \"prune\"}", "treeId");
    bad.put(
        "{\"treeId\": \"" + alive + "\", \"type\": \"prune\", \"status\": \"completed\"}",
        "status");
    bad.put(
        "{\"treeId\": \"" + alive + "\", \"type\": \"prune\", \"leavesStump\": true}",
        "leavesStump");
    bad.put(
        "{\"treeId\": \"" + alive + "\", \"type\": \"prune\", \"source\": {\"kind\": \"risk\"}}",
        "source.kind");
    bad.put("{\"treeId\": \"" + alive + "\", \"type\": \"prune\", \"colour\": \"red\"}", "colour");
    bad.put("{\"type\": \"plant\", \"location\": {\"lat\": 91, \"lng\": 0}}", "location.lat");
    bad.forEach(
        (json, field) -> {
          Api.Response response = api().post("/api/v1/work-orders", json);
          assertProblem(response, 400, "VALIDATION_ERROR", List.of(field));
        });
    // A tree of the wrong status for the type.
    Api.Response wrong =
        api().post("/api/v1/work-orders", "{\"treeId\": \"" + stump + "\", \"type\": \"remove\"}");
    assertProblem(wrong, 409, "CONFLICT", List.of("treeId"));
    assertThat(TestEnvironment.queryLong("SELECT count(*) FROM work_order")).isEqualTo(before);

    String id =
        order(api(), "{\"treeId\": \"" + alive + "\", \"type\": \"prune\"}").getString("id");
    JsonObject made = get("/api/v1/work-orders/" + id);
    Map<String, String> patches = new LinkedHashMap<>();
    patches.put("{\"completedAt\": \"" + Instant.now() + "\"}", "completedAt");
    patches.put(
        "{\"status\": \"completed\", \"completedAt\": \""
            + Instant.now().plus(1, ChronoUnit.DAYS)
            + "\"}",
        "completedAt");
    patches.put("{\"actualCostUsd\": 1.999}", "actualCostUsd");
    patches.put("{\"hours\": -2}", "hours");
    patches.put("{\"type\": \"remove\"}", "type");
    patches.put("{\"status\": \"done\"}", "status");
    patches.put("{\"dueDate\": \"" + yesterday + "\"}", "dueDate");
    patches.forEach(
        (json, field) ->
            assertProblem(
                api().patch("/api/v1/work-orders/" + id, json, "Content-Type", MERGE),
                400,
                "VALIDATION_ERROR",
                List.of(field)));
    assertThat(get("/api/v1/work-orders/" + id)).isEqualTo(made);
    assertProblem(
        api()
            .patch(
                "/api/v1/work-orders/" + id,
                "{\"notes\": \"x\"}",
                "Content-Type",
                MERGE,
                "If-Match",
                "\"7\""),
        412,
        "PRECONDITION_FAILED",
        List.of("If-Match"));
    assertProblem(
        api().get("/api/v1/work-orders/" + UUID.randomUUID()), 404, "NOT_FOUND", List.of());
    assertProblem(
        api().get("/api/v1/work-orders?status=finished"),
        400,
        "VALIDATION_ERROR",
        List.of("status"));
    assertProblem(
        api().get("/api/v1/work-orders?overdue=maybe"),
        400,
        "VALIDATION_ERROR",
        List.of("overdue"));
  }

  @Test
  void viewersReadUsersWorkManagersAssignAndCancelAndAnAssigneeMovesTheirOwnOrder() {
    String treeId = tree(somewhere(), "alive");
    Api viewer = user("viewer");
    Made assignee = made("viewer");
    Api crew = assignee.api();
    Api worker = user("user");
    Api manager = user("manager");
    String crewId = assignee.id();
    assertProblem(
        viewer.post("/api/v1/work-orders", "{\"treeId\": \"" + treeId + "\", \"type\": \"prune\"}"),
        403,
        "AUTHORIZATION_ERROR",
        List.of());
    JsonObject made =
        order(
            worker,
            "{\"treeId\": \"" + treeId + "\", \"type\": \"water\", \"estimatedCostUsd\": 40}");
    String id = made.getString("id");
    assertThat(viewer.get("/api/v1/work-orders/" + id).status()).isEqualTo(200);
    assertProblem(
        worker.post(
            "/api/v1/work-orders",
            "{\"treeId\": \""
                + treeId
                + "\", \"type\": \"prune\", \"assigneeId\": \""
                + crewId
                + "\"}"),
        403,
        "AUTHORIZATION_ERROR",
        List.of());
    assertProblem(
        worker.patch(
            "/api/v1/work-orders/" + id,
            "{\"assigneeId\": \"" + crewId + "\"}",
            "Content-Type",
            MERGE),
        403,
        "AUTHORIZATION_ERROR",
        List.of());
    assertThat(
            worker
                .patch(
                    "/api/v1/work-orders/" + id, "{\"priority\": \"high\"}", "Content-Type", MERGE)
                .status())
        .isEqualTo(200);
    assertProblem(
        viewer.patch(
            "/api/v1/work-orders/" + id, "{\"status\": \"scheduled\"}", "Content-Type", MERGE),
        403,
        "AUTHORIZATION_ERROR",
        List.of());
    Api.Response assigned =
        manager.patch(
            "/api/v1/work-orders/" + id,
            "{\"assigneeId\": \"" + crewId + "\", \"crew\": \"North\"}",
            "Content-Type",
            MERGE);
    assertThat(assigned.status()).as(assigned.toString()).isEqualTo(200);
    assertThat(assigned.json().getString("assigneeId")).isEqualTo(crewId);
    // The assignee moves their order along, and may not change the rest.
    assertThat(move(crew, id, "in-progress").status()).isEqualTo(200);
    assertProblem(
        crew.patch(
            "/api/v1/work-orders/" + id, "{\"priority\": \"routine\"}", "Content-Type", MERGE),
        403,
        "AUTHORIZATION_ERROR",
        List.of());
    assertProblem(move(crew, id, "cancelled"), 403, "AUTHORIZATION_ERROR", List.of());
    assertProblem(move(worker, id, "cancelled"), 403, "AUTHORIZATION_ERROR", List.of());
    assertThat(move(manager, id, "cancelled").status()).isEqualTo(200);
    assertThat(get("/api/v1/work-orders/" + id).getString("status")).isEqualTo("cancelled");
    assertThat(get("/api/v1/work-orders?assigneeId=" + crewId).getJsonArray("data")).hasSize(1);
  }

  @Test
  void filtersCsvAndTheWorkAnalyticsAreExact() {
    double[] at = somewhere();
    String bbox =
        (at[1] - 0.001) + "," + (at[0] - 0.001) + "," + (at[1] + 0.001) + "," + (at[0] + 0.001);
    String treeId = tree(at, "alive");
    String dead = tree(at, "dead");
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    List<String> ids = new ArrayList<>();
    ids.add(
        order(
                api(),
                "{\"treeId\": \""
                    + treeId
                    + "\", \"type\": \"prune\", \"priority\": \"high\", \"estimatedCostUsd\": 250.10, \"dueDate\": \""
                    + today.plusDays(3)
                    + "\"}")
            .getString("id"));
    ids.add(
        order(
                api(),
                "{\"treeId\": \""
                    + treeId
                    + "\", \"type\": \"water\", \"estimatedCostUsd\": 19.95, \"dueDate\": \""
                    + today.plusDays(1)
                    + "\"}")
            .getString("id"));
    ids.add(
        order(
                api(),
                "{\"treeId\": \""
                    + dead
                    + "\", \"type\": \"remove\", \"priority\": \"urgent\", \"estimatedCostUsd\": 1200}")
            .getString("id"));
    ids.add(
        order(api(), "{\"treeId\": \"" + treeId + "\", \"type\": \"inspect\"}").getString("id"));
    // Overdue: due yesterday (written past the API, which refuses a due date in the past).
    TestEnvironment.execute(
        "UPDATE work_order SET due_date = ? WHERE id = ?::uuid", today.minusDays(1), ids.get(1));
    Instant done = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    assertThat(
            api()
                .patch(
                    "/api/v1/work-orders/" + ids.get(3),
                    "{\"status\": \"completed\", \"completedAt\": \""
                        + done
                        + "\", \"actualCostUsd\": 75.25}",
                    "Content-Type",
                    MERGE)
                .status())
        .isEqualTo(200);

    assertThat(get("/api/v1/work-orders?bbox=" + bbox).getJsonArray("data")).hasSize(4);
    assertThat(ids(get("/api/v1/work-orders?bbox=" + bbox + "&overdue=true")))
        .containsExactly(ids.get(1));
    assertThat(ids(get("/api/v1/work-orders?bbox=" + bbox + "&status=open&sort=dueDate")))
        .containsExactly(ids.get(1), ids.get(0), ids.get(2));
    assertThat(ids(get("/api/v1/work-orders?bbox=" + bbox + "&type=prune,remove")))
        .containsExactlyInAnyOrder(ids.get(0), ids.get(2));
    assertThat(ids(get("/api/v1/work-orders?bbox=" + bbox + "&priority=urgent")))
        .containsExactly(ids.get(2));
    assertThat(ids(get("/api/v1/work-orders?bbox=" + bbox + "&dueBefore=" + today.plusDays(2))))
        .containsExactly(ids.get(1));
    // Pages follow each other without a gap or a repeat.
    JsonObject first = get("/api/v1/work-orders?bbox=" + bbox + "&limit=3");
    JsonObject second =
        get(
            "/api/v1/work-orders?bbox="
                + bbox
                + "&limit=3&cursor="
                + first.getJsonObject("pagination").getString("nextCursor"));
    List<String> paged = new ArrayList<>(ids(first));
    paged.addAll(ids(second));
    assertThat(paged).containsExactlyInAnyOrderElementsOf(ids).doesNotHaveDuplicates();

    Api.Response csv = api().get("/api/v1/work-orders?format=csv&bbox=" + bbox);
    assertThat(csv.status()).isEqualTo(200);
    List<CSVRecord> rows;
    try {
      rows =
          CSVFormat.RFC4180
              .builder()
              .setHeader()
              .setSkipHeaderRecord(true)
              .get()
              .parse(new StringReader(csv.body()))
              .getRecords();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(rows).hasSize(4);
    assertThat(
            rows.stream()
                .filter(r -> r.get("id").equals(ids.get(0)))
                .findFirst()
                .orElseThrow()
                .get("estimatedCostUsd"))
        .isEqualTo("250.10");

    JsonObject work = get("/api/v1/analytics/work?bbox=" + bbox);
    assertThat(work.getInt("open")).isEqualTo(3);
    assertThat(work.getJsonObject("openByType").toString())
        .isEqualTo(
            "{\"plant\":0,\"prune\":1,\"remove\":1,\"stump-removal\":0,\"inspect\":0,\"water\":1,\"treat\":0,\"other\":0}");
    assertThat(work.getJsonObject("openByPriority").toString())
        .isEqualTo("{\"routine\":1,\"high\":1,\"urgent\":1,\"emergency\":0}");
    assertThat(work.getInt("overdue")).isEqualTo(1);
    assertThat(work.getJsonNumber("backlogEstimatedCostUsd").bigDecimalValue())
        .isEqualByComparingTo("1470.05");
    assertThat(work.getInt("openWithoutEstimate")).isZero();
    assertThat(work.getJsonArray("completedByMonth").toString())
        .isEqualTo(
            "[{\"month\":\""
                + done.toString().substring(0, 7)
                + "\",\"completed\":1,\"actualCostUsd\":75.25}]");
    // Cached, and still right after a change on any instance: the generation moves with every
    // write.
    assertThat(move(api(), ids.get(1), "cancelled").status()).isEqualTo(200);
    assertThat(get("/api/v1/analytics/work?bbox=" + bbox).getInt("overdue")).isZero();
  }

  @Test
  void theWholeInventorysWorkAnalyticsFollowEveryChangeToItsOrders() {
    double[] at = somewhere();
    String treeId = tree(at, "alive");
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String prune =
        order(
                api(),
                "{\"treeId\": \""
                    + treeId
                    + "\", \"type\": \"prune\", \"priority\": \"emergency\","
                    + " \"estimatedCostUsd\": 310.45, \"dueDate\": \""
                    + today.plusDays(2)
                    + "\"}")
            .getString("id");
    String treat =
        order(api(), "{\"treeId\": \"" + treeId + "\", \"type\": \"treat\"}").getString("id");
    String water =
        order(
                api(),
                "{\"treeId\": \""
                    + treeId
                    + "\", \"type\": \"water\", \"estimatedCostUsd\": 12.07}")
            .getString("id");
    assertWholeInventoryAgreesWithItsOrders();

    // Written past the API, as a city's own SQL would: the triggers count it too.
    TestEnvironment.execute(
        "UPDATE work_order SET due_date = ? WHERE id = ?::uuid", today.minusDays(3), prune);
    assertThat(
            api()
                .patch(
                    "/api/v1/work-orders/" + water,
                    "{\"estimatedCostUsd\": 15.93, \"priority\": \"urgent\"}",
                    "Content-Type",
                    MERGE)
                .status())
        .isEqualTo(200);
    assertWholeInventoryAgreesWithItsOrders();

    TestEnvironment.execute("SELECT fold_work_order_counts()");
    assertThat(TestEnvironment.queryLong("SELECT count(*) FROM work_order_open_count_delta"))
        .isZero();
    assertThat(
            api()
                .patch(
                    "/api/v1/work-orders/" + prune,
                    "{\"status\": \"completed\", \"actualCostUsd\": 299.99}",
                    "Content-Type",
                    MERGE)
                .status())
        .isEqualTo(200);
    assertThat(move(api(), treat, "cancelled").status()).isEqualTo(200);
    assertWholeInventoryAgreesWithItsOrders();
    TestEnvironment.execute("SELECT fold_work_order_counts()");
    assertThat(move(api(), water, "scheduled").status()).isEqualTo(200);
    assertWholeInventoryAgreesWithItsOrders();
  }

  /** {@code GET /analytics/work} without a filter against the orders themselves, read in SQL. */
  private void assertWholeInventoryAgreesWithItsOrders() {
    String open = " FROM work_order WHERE status IN ('open', 'scheduled', 'in-progress')";
    JsonObject work = get("/api/v1/analytics/work");
    assertThat(work.getJsonNumber("open").longValue())
        .isEqualTo(TestEnvironment.queryLong("SELECT count(*)" + open));
    assertThat(work.getJsonNumber("overdue").longValue())
        .isEqualTo(
            TestEnvironment.queryLong(
                "SELECT count(*)" + open + " AND due_date < (now() AT TIME ZONE 'UTC')::date"));
    assertThat(work.getJsonNumber("openWithoutEstimate").longValue())
        .isEqualTo(
            TestEnvironment.queryLong(
                "SELECT count(*)" + open + " AND estimated_cost_usd IS NULL"));
    assertThat(work.getJsonNumber("backlogEstimatedCostUsd").toString())
        .isEqualTo(
            TestEnvironment.queryString(
                "SELECT to_char(coalesce(sum(estimated_cost_usd), 0), 'FM999999999990.00')"
                    + open));
    for (String column : List.of("type", "priority")) {
      String counted =
          TestEnvironment.queryString(
              "SELECT coalesce(string_agg("
                  + column
                  + " || '=' || n, ',' ORDER BY "
                  + column
                  + "), '') FROM (SELECT "
                  + column
                  + ", count(*) AS n"
                  + open
                  + " GROUP BY 1) g");
      String answered =
          work
              .getJsonObject(column.equals("type") ? "openByType" : "openByPriority")
              .entrySet()
              .stream()
              .filter(e -> !e.getValue().toString().equals("0"))
              .map(e -> e.getKey() + "=" + e.getValue())
              .sorted()
              .collect(java.util.stream.Collectors.joining(","));
      assertThat(answered).as(column).isEqualTo(counted);
    }
    String months =
        TestEnvironment.queryString(
            "SELECT coalesce(string_agg(m || '=' || n || '=' || s, ',' ORDER BY m), '') FROM"
                + " (SELECT to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM') AS m, count(*) AS n,"
                + " to_char(coalesce(sum(actual_cost_usd), 0), 'FM999999999990.00') AS s"
                + " FROM work_order WHERE status = 'completed' AND completed_at >="
                + " date_trunc('month', (now() AT TIME ZONE 'UTC') - interval '11 months')"
                + " AT TIME ZONE 'UTC' GROUP BY 1) g");
    assertThat(
            work.getJsonArray("completedByMonth").getValuesAs(JsonObject.class).stream()
                .map(
                    m ->
                        m.getString("month")
                            + "="
                            + m.getJsonNumber("completed")
                            + "="
                            + m.getJsonNumber("actualCostUsd"))
                .collect(java.util.stream.Collectors.joining(",")))
        .isEqualTo(months);
  }

  @Test
  void aRetriedCreateWithTheSameKeyMakesOneOrder() {
    String treeId = tree(somewhere(), "alive");
    String key = UUID.randomUUID().toString();
    String body = "{\"treeId\": \"" + treeId + "\", \"type\": \"treat\"}";
    Api.Response first = api().post("/api/v1/work-orders", body, "Idempotency-Key", key);
    Api.Response again = api().post("/api/v1/work-orders", body, "Idempotency-Key", key);
    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.json().getString("id")).isEqualTo(first.json().getString("id"));
    assertThat(get("/api/v1/work-orders?treeId=" + treeId).getJsonArray("data")).hasSize(1);
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("data").getValuesAs(JsonObject.class).stream()
        .map(o -> o.getString("id"))
        .toList();
  }
}
