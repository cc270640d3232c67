package io.treenetra.tree;

import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.ApiIT;
import io.treenetra.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keyset paging over 1,000 trees: every tree exactly once, in order, whatever the sort. */
class TreePagingIT extends ApiIT {

  private static final int TREES = 1000;
  private static String tag;

  /** 1,000 trees written straight into the database (the API's create path is tested elsewhere). */
  @BeforeEach
  void plant() {
    if (tag != null) {
      return;
    }
    tag = "paging-" + UUID.randomUUID().toString().substring(0, 8);
    // Some trees share a creation time and a DBH (ties broken by id); every seventh has no DBH.
    TestEnvironment.execute(
        "INSERT INTO tree (id, lat, lng, status, health_status, dbh_cm, planted_date, tags, created_at, updated_at)"
            + " SELECT gen_random_uuid(), 40 + i / 10000.0, -73 - i / 10000.0,"
            + "  CASE WHEN i % 10 = 0 THEN 'dead' ELSE 'alive' END,"
            + "  CASE WHEN i % 10 = 0 THEN 'dead' WHEN i % 3 = 0 THEN 'critical' ELSE 'healthy' END,"
            + "  CASE WHEN i % 7 = 0 THEN NULL ELSE (i % 50) + 1 END,"
            + "  DATE '2000-01-01' + (i % 365),"
            + "  ARRAY[?], TIMESTAMPTZ '2026-01-01' + (i / 3) * INTERVAL '1 second', now()"
            + " FROM generate_series(1, ?) AS i",
        tag, TREES);
  }

  @Test
  void everyTreeOnceInCreationOrder() {
    List<JsonObject> all = api().pageThrough("/api/v1/trees?tag=" + tag + "&limit=37");
    assertThat(all).hasSize(TREES);
    assertThat(ids(all)).doesNotHaveDuplicates();
    List<JsonObject> expected = new ArrayList<>(all);
    expected.sort(
        Comparator.comparing((JsonObject t) -> t.getString("createdAt"))
            .thenComparing(t -> t.getString("id")));
    assertThat(ids(all)).containsExactlyElementsOf(ids(expected));
  }

  @Test
  void descendingAndNullableSorts() {
    for (String sort : List.of("-createdAt", "dbhCm", "-dbhCm", "updatedAt")) {
      List<JsonObject> all =
          api().pageThrough("/api/v1/trees?tag=" + tag + "&limit=100&sort=" + sort);
      assertThat(all).as(sort).hasSize(TREES);
      assertThat(new HashSet<>(ids(all))).as(sort).hasSize(TREES);
      if (sort.endsWith("dbhCm")) {
        // Trees without a DBH come last, in both directions.
        long withoutDbh = TREES / 7;
        assertThat(all.subList(TREES - (int) withoutDbh, TREES)).allMatch(t -> t.isNull("dbhCm"));
        assertThat(all.subList(0, TREES - (int) withoutDbh)).noneMatch(t -> t.isNull("dbhCm"));
        List<Double> dbh =
            all.subList(0, TREES - (int) withoutDbh).stream()
                .map(t -> t.getJsonNumber("dbhCm").doubleValue())
                .toList();
        List<Double> sorted = new ArrayList<>(dbh);
        sorted.sort(sort.startsWith("-") ? Comparator.reverseOrder() : Comparator.naturalOrder());
        assertThat(dbh).isEqualTo(sorted);
      }
      if (sort.equals("-createdAt")) {
        assertThat(all.get(0).getString("createdAt")).isEqualTo("2026-01-01T00:05:33Z");
        assertThat(all.get(TREES - 1).getString("createdAt")).isEqualTo("2026-01-01T00:00:00Z");
      }
    }
  }

  @Test
  void filtersAndTotals() {
    JsonObject dead =
        api().get("/api/v1/trees?tag=" + tag + "&status=dead&count=true&limit=500").json();
    assertThat(dead.getJsonObject("pagination").getInt("total")).isEqualTo(100);
    assertThat(dead.getJsonArray("data")).hasSize(100);
    assertThat(dead.getJsonObject("pagination").isNull("nextCursor")).isTrue();

    JsonObject critical =
        api()
            .get("/api/v1/trees?tag=" + tag + "&healthStatus=critical,dead&count=true&limit=1")
            .json();
    // i % 10 = 0 → dead (100); otherwise i % 3 = 0 → critical: multiples of 3 that are not
    // multiples of 10 (333 - 33).
    assertThat(critical.getJsonObject("pagination").getInt("total")).isEqualTo(400);

    JsonObject sized =
        api().get("/api/v1/trees?tag=" + tag + "&dbhMin=10&dbhMax=20&count=true").json();
    long expected =
        TestEnvironment.queryLong(
            "SELECT count(*) FROM tree WHERE ? = ANY(tags) AND dbh_cm BETWEEN 10 AND 20", tag);
    assertThat(sized.getJsonObject("pagination").getInt("total"))
        .isEqualTo((int) expected)
        .isPositive();

    JsonObject planted =
        api()
            .get(
                "/api/v1/trees?tag="
                    + tag
                    + "&plantedFrom=2000-01-01&plantedTo=2000-01-10&count=true")
            .json();
    long plantedExpected =
        TestEnvironment.queryLong(
            "SELECT count(*) FROM tree WHERE ? = ANY(tags) AND planted_date BETWEEN '2000-01-01' AND '2000-01-10'",
            tag);
    assertThat(planted.getJsonObject("pagination").getInt("total"))
        .isEqualTo((int) plantedExpected)
        .isPositive();

    JsonObject noCount = api().get("/api/v1/trees?tag=" + tag).json().getJsonObject("pagination");
    assertThat(noCount.containsKey("total")).isFalse();
    assertThat(noCount.getInt("limit")).isEqualTo(20);
  }

  private static List<String> ids(List<JsonObject> trees) {
    return trees.stream().map(t -> t.getString("id")).toList();
  }
}
