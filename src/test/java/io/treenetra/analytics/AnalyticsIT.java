package io.treenetra.analytics;

import static io.treenetra.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.Api;
import io.treenetra.support.ApiIT;
import io.treenetra.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AnalyticsIT extends ApiIT {

  private static final int TREES = 100;
  private static final String[] SPECIES = {
    "Platanus x acerifolia", "Acer rubrum", "Quercus palustris"
  };

  // The fixture's rules, written once for SQL and once here to compute the expected numbers.
  private static String status(int i) {
    return i % 10 == 0 ? "dead" : i % 10 == 1 ? "stump" : i % 10 == 2 ? "planned" : "alive";
  }

  private static String health(int i) {
    return switch (status(i)) {
      case "dead" -> "dead";
      case "alive" -> i % 3 == 0 ? "critical" : i % 3 == 1 ? "healthy" : "needs_attention";
      default -> null;
    };
  }

  private static Integer dbh(int i) {
    int dbh = (i * 3) % 120;
    return i % 7 == 0 || dbh == 0 ? null : dbh;
  }

  @Test
  void exactStatisticsOfAFixture() {
    String tag = "stats-" + UUID.randomUUID().toString().substring(0, 8);
    TestEnvironment.execute(
        "INSERT INTO tree (id, lat, lng, status, health_status, dbh_cm, species_id, tags, last_inspected_at, created_at, updated_at)"
            + " SELECT gen_random_uuid(), 40, -73,"
            + "  CASE WHEN i % 10 = 0 THEN 'dead' WHEN i % 10 = 1 THEN 'stump' WHEN i % 10 = 2 THEN 'planned' ELSE 'alive' END,"
            + "  CASE WHEN i % 10 = 0 THEN 'dead' WHEN i % 10 IN (1, 2) THEN NULL"
            + "       WHEN i % 3 = 0 THEN 'critical' WHEN i % 3 = 1 THEN 'healthy' ELSE 'needs_attention' END,"
            + "  CASE WHEN i % 7 = 0 OR (i * 3) % 120 = 0 THEN NULL ELSE (i * 3) % 120 END,"
            + "  (SELECT id FROM species WHERE scientific_name = (ARRAY[?, ?, ?])[i % 4 + 1]),"
            + "  ARRAY[?],"
            + "  CASE WHEN i % 5 = 0 THEN now() - interval '400 days' WHEN i % 5 = 1 THEN now() - interval '10 days' END,"
            + "  now(), now()"
            + " FROM generate_series(1, ?) AS i",
        SPECIES[0], SPECIES[1], SPECIES[2], tag, TREES);

    Map<String, Long> byStatus = counts("planned", "alive", "dead", "stump", "removed");
    Map<String, Long> byHealth =
        counts("healthy", "needs_attention", "critical", "dead", "unknown");
    long[] classes = new long[6];
    Map<String, Long> bySpecies = new LinkedHashMap<>();
    long inspected = 0;
    for (int i = 1; i <= TREES; i++) {
      byStatus.merge(status(i), 1L, Long::sum);
      byHealth.merge(health(i) == null ? "unknown" : health(i), 1L, Long::sum);
      Integer dbh = dbh(i);
      classes[dbh == null ? 5 : dbh < 15 ? 0 : dbh < 30 ? 1 : dbh < 60 ? 2 : dbh < 90 ? 3 : 4]++;
      if (i % 4 != 3) {
        bySpecies.merge(SPECIES[i % 4], 1L, Long::sum);
      }
      inspected += i % 5 == 1 ? 1 : 0;
    }

    JsonObject stats = api().get("/api/v1/analytics/statistics?tag=" + tag).json();
    assertThat(stats.getInt("total")).isEqualTo(TREES);
    assertThat(asMap(stats.getJsonObject("byStatus"))).isEqualTo(byStatus);
    assertThat(asMap(stats.getJsonObject("byHealthStatus"))).isEqualTo(byHealth);
    List<Long> classCounts =
        stats.getJsonArray("dbhClasses").getValuesAs(JsonObject.class).stream()
            .map(c -> (long) c.getInt("count"))
            .toList();
    assertThat(classCounts)
        .containsExactly(classes[0], classes[1], classes[2], classes[3], classes[4], classes[5]);
    assertThat(
            stats.getJsonArray("dbhClasses").getValuesAs(JsonObject.class).stream()
                .map(c -> c.getString("label")))
        .containsExactly("0-15", "15-30", "30-60", "60-90", "90+", "unknown");
    Map<String, Long> top = new LinkedHashMap<>();
    for (JsonObject species : stats.getJsonArray("topSpecies").getValuesAs(JsonObject.class)) {
      top.put(species.getString("scientificName"), (long) species.getInt("count"));
    }
    assertThat(top).isEqualTo(bySpecies);
    assertThat(new ArrayList<>(top.values())).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(stats.getInt("inspectedLast12Months")).isEqualTo((int) inspected);

    // The filters of GET /trees apply.
    JsonObject alive =
        api().get("/api/v1/analytics/statistics?tag=" + tag + "&status=alive&dbhMin=30").json();
    long expectedAlive = 0;
    for (int i = 1; i <= TREES; i++) {
      expectedAlive += status(i).equals("alive") && dbh(i) != null && dbh(i) >= 30 ? 1 : 0;
    }
    assertThat(alive.getInt("total")).isEqualTo((int) expectedAlive);
    assertThat(alive.getJsonObject("byStatus").getInt("alive")).isEqualTo((int) expectedAlive);
    assertThat(alive.getJsonObject("byStatus").getInt("dead")).isZero();
  }

  @Test
  void healthTrendsAndDecliningTrees() {
    String tag = "trends-" + UUID.randomUUID().toString().substring(0, 8);
    Instant now = Instant.now();
    String a = plant(tag);
    String b = plant(tag);
    String c = plant(tag);
    String d = plant(tag);
    inspect(a, now.minus(10, ChronoUnit.DAYS), "healthy");
    inspect(a, now.minus(2, ChronoUnit.DAYS), "critical");
    inspect(b, now.minus(10, ChronoUnit.DAYS), "critical");
    inspect(b, now.minus(2, ChronoUnit.DAYS), "healthy");
    inspect(c, now.minus(1, ChronoUnit.DAYS), "needs_attention");
    inspect(d, now.minus(45, ChronoUnit.DAYS), "needs_attention");
    inspect(d, now.minus(40, ChronoUnit.DAYS), "dead");

    JsonObject daily =
        api().get("/api/v1/analytics/health-trends?period=30d&interval=day&tag=" + tag).json();
    assertThat(daily.getString("period")).isEqualTo("30d");
    assertThat(daily.getString("interval")).isEqualTo("day");
    List<JsonObject> series = daily.getJsonArray("series").getValuesAs(JsonObject.class);
    assertThat(series).hasSize(31);
    Map<String, JsonObject> byDay = new LinkedHashMap<>();
    series.forEach(bucket -> byDay.put(bucket.getString("start"), bucket));
    JsonObject tenDaysAgo = byDay.get(day(now.minus(10, ChronoUnit.DAYS)));
    assertThat(tenDaysAgo.getInt("total")).isEqualTo(2);
    assertThat(tenDaysAgo.getJsonObject("counts").getInt("healthy")).isEqualTo(1);
    assertThat(tenDaysAgo.getJsonObject("counts").getInt("critical")).isEqualTo(1);
    assertThat(byDay.get(day(now.minus(2, ChronoUnit.DAYS))).getInt("total")).isEqualTo(2);
    assertThat(
            byDay
                .get(day(now.minus(1, ChronoUnit.DAYS)))
                .getJsonObject("counts")
                .getInt("needs_attention"))
        .isEqualTo(1);
    assertThat(series.stream().mapToInt(bucket -> bucket.getInt("total")).sum()).isEqualTo(5);

    List<JsonObject> declining =
        daily.getJsonObject("declining").getJsonArray("data").getValuesAs(JsonObject.class);
    assertThat(declining).hasSize(1);
    assertThat(declining.get(0).getString("treeId")).isEqualTo(a);
    assertThat(declining.get(0).getString("previousHealthStatus")).isEqualTo("healthy");
    assertThat(declining.get(0).getString("healthStatus")).isEqualTo("critical");

    // Over 90 days, weekly: D (worse 40 days ago) declines too, newest first, one per page.
    JsonObject weekly =
        api()
            .get("/api/v1/analytics/health-trends?period=90d&interval=week&limit=1&tag=" + tag)
            .json();
    assertThat(
            weekly.getJsonArray("series").getValuesAs(JsonObject.class).get(0).getString("start"))
        .isEqualTo(
            now.minus(90, ChronoUnit.DAYS)
                .atZone(ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.DAYS)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                .toInstant()
                .toString());
    assertThat(
            weekly.getJsonArray("series").getValuesAs(JsonObject.class).stream()
                .mapToInt(x -> x.getInt("total"))
                .sum())
        .isEqualTo(7);
    JsonObject firstPage = weekly.getJsonObject("declining");
    assertThat(firstPage.getJsonArray("data").getJsonObject(0).getString("treeId")).isEqualTo(a);
    String cursor = firstPage.getJsonObject("pagination").getString("nextCursor");
    JsonObject secondPage =
        api()
            .get(
                "/api/v1/analytics/health-trends?period=90d&interval=week&limit=1&tag="
                    + tag
                    + "&cursor="
                    + cursor)
            .json()
            .getJsonObject("declining");
    assertThat(secondPage.getJsonArray("data").getJsonObject(0).getString("treeId")).isEqualTo(d);
    assertThat(secondPage.getJsonObject("pagination").isNull("nextCursor")).isTrue();

    JsonObject monthly =
        api().get("/api/v1/analytics/health-trends?period=365d&interval=month&tag=" + tag).json();
    assertThat(monthly.getJsonArray("series").size()).isBetween(13, 14);
  }

  @Test
  void wholeInventoryTrendsCountEveryLiveTreesInspectionsAndNoDeletedOnes() {
    String kept = plant("whole-" + UUID.randomUUID().toString().substring(0, 8));
    String deleted = plant("whole-" + UUID.randomUUID().toString().substring(0, 8));
    inspect(kept, Instant.now().minus(3, ChronoUnit.DAYS), "critical");
    inspect(deleted, Instant.now().minus(3, ChronoUnit.DAYS), "critical");
    assertThat(api().delete("/api/v1/trees/" + deleted).status()).isEqualTo(204);

    long expected =
        TestEnvironment.queryLong(
            "SELECT count(*) FROM inspection i JOIN tree t ON t.id = i.tree_id"
                + " WHERE t.deleted_at IS NULL AND i.inspected_at >= now() - interval '365 days'");
    JsonObject whole =
        api().get("/api/v1/analytics/health-trends?period=365d&interval=month").json();
    long counted =
        whole.getJsonArray("series").getValuesAs(JsonObject.class).stream()
            .mapToLong(bucket -> bucket.getInt("total"))
            .sum();
    assertThat(counted).isEqualTo(expected).isPositive();
  }

  /**
   * The whole inventory's statistics come from counts kept by triggers: after every kind of write,
   * they equal a count of every tree, field by field, and each write moves them by exactly one.
   */
  @Test
  void wholeInventoryStatisticsEqualACountOfEveryTreeAfterEachWrite() {
    String tag = "counted-" + UUID.randomUUID().toString().substring(0, 8);
    // A write through the API first: other tests insert trees with SQL, which the cached answers do
    // not see.
    plant(tag);
    JsonObject before = wholeInventory();
    Api.Response created =
        api()
            .post(
                "/api/v1/trees",
                "{\"location\": {\"lat\": 1, \"lng\": 2}, \"status\": \"alive\","
                    + " \"healthStatus\": \"healthy\", \"dbhCm\": 20, \"scientificName\": \"Zelkova serrata\", \"tags\": [\""
                    + tag
                    + "\"]}");
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().getString("id");
    JsonObject afterCreate = wholeInventory();
    assertThat(afterCreate.getJsonNumber("total").longValue())
        .isEqualTo(before.getJsonNumber("total").longValue() + 1);
    assertThat(dbhClass(afterCreate, "15-30")).isEqualTo(dbhClass(before, "15-30") + 1);

    assertThat(
            api()
                .patch(
                    "/api/v1/trees/" + id,
                    "{\"dbhCm\": 95, \"status\": \"dead\", \"healthStatus\": \"dead\"}")
                .status())
        .isEqualTo(200);
    JsonObject afterPatch = wholeInventory();
    assertThat(afterPatch.getJsonNumber("total").longValue())
        .isEqualTo(afterCreate.getJsonNumber("total").longValue());
    assertThat(dbhClass(afterPatch, "15-30")).isEqualTo(dbhClass(afterCreate, "15-30") - 1);
    assertThat(dbhClass(afterPatch, "90+")).isEqualTo(dbhClass(afterCreate, "90+") + 1);
    assertThat(afterPatch.getJsonObject("byStatus").getInt("dead"))
        .isEqualTo(afterCreate.getJsonObject("byStatus").getInt("dead") + 1);

    inspect(id, Instant.now().minus(1, ChronoUnit.DAYS), "dead");
    JsonObject afterInspection = wholeInventory();
    assertThat(afterInspection.getJsonNumber("inspectedLast12Months").longValue())
        .isEqualTo(afterPatch.getJsonNumber("inspectedLast12Months").longValue() + 1);

    assertThat(api().delete("/api/v1/trees/" + id).status()).isEqualTo(204);
    JsonObject afterDelete = wholeInventory();
    assertThat(afterDelete.getJsonNumber("total").longValue())
        .isEqualTo(before.getJsonNumber("total").longValue());
    assertThat(afterDelete.getJsonNumber("inspectedLast12Months").longValue())
        .isEqualTo(before.getJsonNumber("inspectedLast12Months").longValue());
  }

  /**
   * GET /analytics/statistics with no filter, checked field by field against a count of every live
   * tree.
   */
  private JsonObject wholeInventory() {
    JsonObject stats = api().get("/api/v1/analytics/statistics").json();
    String live = " FROM tree WHERE deleted_at IS NULL";
    assertThat(stats.getJsonNumber("total").longValue())
        .isEqualTo(TestEnvironment.queryLong("SELECT count(*)" + live));
    for (String status : List.of("planned", "alive", "dead", "stump", "removed")) {
      assertThat(stats.getJsonObject("byStatus").getJsonNumber(status).longValue())
          .as(status)
          .isEqualTo(
              TestEnvironment.queryLong("SELECT count(*)" + live + " AND status = ?", status));
    }
    for (String health : List.of("healthy", "needs_attention", "critical", "dead")) {
      assertThat(stats.getJsonObject("byHealthStatus").getJsonNumber(health).longValue())
          .as(health)
          .isEqualTo(
              TestEnvironment.queryLong(
                  "SELECT count(*)" + live + " AND health_status = ?", health));
    }
    assertThat(stats.getJsonObject("byHealthStatus").getJsonNumber("unknown").longValue())
        .isEqualTo(
            TestEnvironment.queryLong("SELECT count(*)" + live + " AND health_status IS NULL"));
    String[][] classes = {
      {"0-15", "dbh_cm < 15"},
      {"15-30", "dbh_cm >= 15 AND dbh_cm < 30"},
      {"30-60", "dbh_cm >= 30 AND dbh_cm < 60"},
      {"60-90", "dbh_cm >= 60 AND dbh_cm < 90"},
      {"90+", "dbh_cm >= 90"},
      {"unknown", "dbh_cm IS NULL"}
    };
    for (String[] dbhClass : classes) {
      assertThat(dbhClass(stats, dbhClass[0]))
          .as(dbhClass[0])
          .isEqualTo(TestEnvironment.queryLong("SELECT count(*)" + live + " AND " + dbhClass[1]));
    }
    assertThat(stats.getJsonNumber("inspectedLast12Months").longValue())
        .isEqualTo(
            TestEnvironment.queryLong(
                "SELECT count(*)"
                    + live
                    + " AND last_inspected_at >= now() - interval '12 months'"));
    List<String> top =
        stats.getJsonArray("topSpecies").getValuesAs(JsonObject.class).stream()
            .map(s -> s.getString("scientificName") + "=" + s.getJsonNumber("count").longValue())
            .toList();
    List<String> expectedTop = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      long count =
          TestEnvironment.queryLong(
              "SELECT coalesce((SELECT count(*) FROM tree t JOIN species s ON s.id = t.species_id"
                  + " WHERE t.deleted_at IS NULL GROUP BY s.id, s.scientific_name ORDER BY count(*) DESC, s.scientific_name"
                  + " OFFSET "
                  + i
                  + " LIMIT 1), -1)");
      if (count < 0) {
        break;
      }
      expectedTop.add(count + "");
    }
    assertThat(top.stream().map(t -> t.substring(t.indexOf('=') + 1)).toList())
        .isEqualTo(expectedTop);
    return stats;
  }

  private static long dbhClass(JsonObject stats, String label) {
    return stats.getJsonArray("dbhClasses").getValuesAs(JsonObject.class).stream()
        .filter(c -> c.getString("label").equals(label))
        .findFirst()
        .orElseThrow()
        .getJsonNumber("count")
        .longValue();
  }

  @Test
  void badParametersAre400() {
    assertProblem(
        api().get("/api/v1/analytics/health-trends?period=7y"),
        400,
        "VALIDATION_ERROR",
        List.of("period"));
    assertProblem(
        api().get("/api/v1/analytics/health-trends?interval=year"),
        400,
        "VALIDATION_ERROR",
        List.of("interval"));
    assertProblem(
        api().get("/api/v1/analytics/health-trends?cursor=abc"),
        400,
        "VALIDATION_ERROR",
        List.of("cursor"));
    assertProblem(
        api().get("/api/v1/analytics/statistics?status=growing"),
        400,
        "VALIDATION_ERROR",
        List.of("status"));
    assertProblem(
        api().get("/api/v1/analytics/statistics?dbhMin=x"),
        400,
        "VALIDATION_ERROR",
        List.of("dbhMin"));
  }

  private String plant(String tag) {
    Api.Response tree =
        api()
            .post(
                "/api/v1/trees",
                "{\"location\": {\"lat\": 1, \"lng\": 2}, \"status\": \"alive\", \"tags\": [\""
                    + tag
                    + "\"]}");
    assertThat(tree.status()).isEqualTo(201);
    return tree.json().getString("id");
  }

  private void inspect(String treeId, Instant at, String health) {
    Api.Response record =
        api()
            .post(
                "/api/v1/trees/" + treeId + "/health-records",
                "{\"inspectedAt\": \"" + at + "\", \"healthStatus\": \"" + health + "\"}");
    assertThat(record.status()).as(record.toString()).isEqualTo(201);
  }

  private static String day(Instant at) {
    return at.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant().toString();
  }

  private static Map<String, Long> counts(String... keys) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String key : keys) {
      counts.put(key, 0L);
    }
    return counts;
  }

  private static Map<String, Long> asMap(JsonObject json) {
    Map<String, Long> map = new LinkedHashMap<>();
    json.forEach((key, value) -> map.put(key, ((jakarta.json.JsonNumber) value).longValue()));
    return map;
  }
}
