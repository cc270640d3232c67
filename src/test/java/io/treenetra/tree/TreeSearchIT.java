package io.treenetra.tree;

import static io.treenetra.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.treenetra.support.Api;
import io.treenetra.support.ApiIT;
import io.treenetra.support.NycSample;
import io.treenetra.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Map boxes, nearest trees and radius searches on the 10,189 NYC census trees, checked against a
 * brute-force filter of the same CSV; the edges of the sphere (antimeridian, poles); bad
 * parameters.
 */
class TreeSearchIT extends ApiIT {

  private static final double EARTH_RADIUS_M = 6371008.8;
  // The sample's extent: longitude -74.26..-73.70, latitude 40.49..40.92.
  private static final double WEST = -74.26;
  private static final double EAST = -73.70;
  private static final double SOUTH = 40.49;
  private static final double NORTH = 40.92;

  private static String tag;
  private static String edgeTag;
  private static List<NycSample.Tree> nyc;
  private static UUID antimeridianEast;
  private static UUID antimeridianWest;
  private static UUID greenwich;
  private static UUID northA;
  private static UUID northB;
  private static UUID northC;
  private static UUID south;

  @BeforeEach
  void plant() {
    if (tag != null) {
      return;
    }
    NycSample.Loaded sample = NycSample.shared();
    tag = sample.tag();
    nyc = sample.trees();
    edgeTag = "edge-" + UUID.randomUUID().toString().substring(0, 8);
    antimeridianEast = edgeTree(0, 179.95);
    antimeridianWest = edgeTree(0, -179.95);
    greenwich = edgeTree(0, 0);
    northA = edgeTree(89.95, 0);
    northB = edgeTree(89.95, 180);
    northC = edgeTree(89.8, 90);
    south = edgeTree(-89.95, 45);
  }

  private static UUID edgeTree(double lat, double lng) {
    UUID id = UUID.randomUUID();
    TestEnvironment.execute(
        "INSERT INTO tree (id, lat, lng, status, tags, created_at, updated_at) VALUES (?, ?, ?, 'alive', ARRAY[?], now(), now())",
        id,
        lat,
        lng,
        edgeTag);
    return id;
  }

  // ---- brute force over the CSV ----

  private static double distance(double lat1, double lng1, double lat2, double lng2) {
    double h =
        Math.pow(Math.sin(Math.toRadians(lat2 - lat1) / 2), 2)
            + Math.cos(Math.toRadians(lat1))
                * Math.cos(Math.toRadians(lat2))
                * Math.pow(Math.sin(Math.toRadians(lng2 - lng1) / 2), 2);
    return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  private static Set<String> bruteForceBox(
      double minLng, double minLat, double maxLng, double maxLat) {
    return nyc.stream()
        .filter(
            t -> t.lng() >= minLng && t.lng() <= maxLng && t.lat() >= minLat && t.lat() <= maxLat)
        .map(t -> t.id().toString())
        .collect(Collectors.toSet());
  }

  /**
   * Trees by distance from the point (ties by id, as PostgreSQL orders uuids), within the radius if
   * any.
   */
  private static List<NycSample.Tree> bruteForceNear(double lat, double lng, Double radiusM) {
    return nyc.stream()
        .filter(t -> radiusM == null || distance(lat, lng, t.lat(), t.lng()) <= radiusM)
        .sorted(
            Comparator.comparingDouble((NycSample.Tree t) -> distance(lat, lng, t.lat(), t.lng()))
                .thenComparing(t -> t.id().toString()))
        .toList();
  }

  private List<JsonObject> pages(String query) {
    return api().pageThrough("/api/v1/trees?" + query);
  }

  private static List<String> ids(List<JsonObject> trees) {
    return trees.stream().map(t -> t.getString("id")).toList();
  }

  // ---- against brute force ----

  @Test
  void boxesMatchBruteForce() {
    Random random = new Random(20261126);
    int nonEmpty = 0;
    for (int i = 0; i < 200; i++) {
      double width = 0.001 + random.nextDouble() * (i % 10 == 0 ? 0.15 : 0.03);
      double height = 0.001 + random.nextDouble() * (i % 10 == 0 ? 0.1 : 0.02);
      // Three boxes in four around a tree of the sample (the census is sparse), one anywhere.
      NycSample.Tree anchor = nyc.get(random.nextInt(nyc.size()));
      double minLng =
          i % 4 == 0
              ? WEST + random.nextDouble() * (EAST - WEST - width)
              : anchor.lng() - random.nextDouble() * width;
      double minLat =
          i % 4 == 0
              ? SOUTH + random.nextDouble() * (NORTH - SOUTH - height)
              : anchor.lat() - random.nextDouble() * height;
      Set<String> expected = bruteForceBox(minLng, minLat, minLng + width, minLat + height);
      String bbox = minLng + "," + minLat + "," + (minLng + width) + "," + (minLat + height);
      List<JsonObject> found = pages("bbox=" + bbox + "&tag=" + tag + "&limit=500");
      assertThat(ids(found)).as(bbox).doesNotHaveDuplicates();
      assertThat(Set.copyOf(ids(found))).as(bbox).isEqualTo(expected);
      nonEmpty += expected.isEmpty() ? 0 : 1;
    }
    assertThat(nonEmpty).as("boxes with trees in them").isGreaterThan(150);
  }

  @Test
  void radiusSearchesMatchBruteForceInOrderWithDistances() {
    Random random = new Random(7);
    for (int i = 0; i < 200; i++) {
      double lat = SOUTH + random.nextDouble() * (NORTH - SOUTH);
      double lng = WEST + random.nextDouble() * (EAST - WEST);
      double radius = Math.round(random.nextDouble() * 1500 * 10) / 10.0;
      List<NycSample.Tree> expected = bruteForceNear(lat, lng, radius);
      List<JsonObject> found =
          pages("near=" + lat + "," + lng + "&radiusM=" + radius + "&tag=" + tag + "&limit=500");
      assertSameOrderAndDistances(
          found, expected, lat, lng, "near " + lat + "," + lng + " r " + radius);
    }
  }

  @Test
  void nearestTreesMatchBruteForce() {
    Random random = new Random(11);
    for (int i = 0; i < 100; i++) {
      double lat = SOUTH + random.nextDouble() * (NORTH - SOUTH);
      double lng = WEST + random.nextDouble() * (EAST - WEST);
      int k = 1 + random.nextInt(50);
      List<NycSample.Tree> expected = bruteForceNear(lat, lng, null).subList(0, k);
      Api.Response page =
          api().get("/api/v1/trees?near=" + lat + "," + lng + "&tag=" + tag + "&limit=" + k);
      assertThat(page.status()).isEqualTo(200);
      assertSameOrderAndDistances(
          page.data().getValuesAs(JsonObject.class), expected, lat, lng, "nearest " + k);
      assertThat(page.json().getJsonObject("pagination").getString("nextCursor")).isNotBlank();
    }
  }

  private static void assertSameOrderAndDistances(
      List<JsonObject> found, List<NycSample.Tree> expected, double lat, double lng, String what) {
    assertThat(ids(found))
        .as(what)
        .containsExactlyElementsOf(expected.stream().map(t -> t.id().toString()).toList());
    for (int j = 0; j < found.size(); j++) {
      NycSample.Tree tree = expected.get(j);
      assertThat(found.get(j).getJsonNumber("distanceM").doubleValue())
          .as(what)
          .isCloseTo(distance(lat, lng, tree.lat(), tree.lng()), within(0.5));
    }
  }

  @Test
  void pagingThroughARadiusSearchAndTheNearestTreesHasNoDuplicatesAndNoGaps() {
    double lat = 40.7580;
    double lng = -73.9855;
    List<NycSample.Tree> expected = bruteForceNear(lat, lng, 3000.0);
    assertThat(expected.size()).isGreaterThan(200);
    List<JsonObject> found =
        pages("near=" + lat + "," + lng + "&radiusM=3000&tag=" + tag + "&limit=37");
    assertThat(ids(found))
        .containsExactlyElementsOf(expected.stream().map(t -> t.id().toString()).toList());

    List<String> nearest = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 6; page++) {
      Api.Response response =
          api()
              .get(
                  "/api/v1/trees?near="
                      + lat
                      + ","
                      + lng
                      + "&tag="
                      + tag
                      + "&limit=50"
                      + (cursor == null ? "" : "&cursor=" + cursor));
      nearest.addAll(ids(response.data().getValuesAs(JsonObject.class)));
      cursor = response.json().getJsonObject("pagination").getString("nextCursor");
    }
    assertThat(nearest)
        .containsExactlyElementsOf(
            bruteForceNear(lat, lng, null).subList(0, 300).stream()
                .map(t -> t.id().toString())
                .toList());
  }

  @Test
  void nearCombinesWithOtherFiltersAndCounts() {
    double lat = 40.7580;
    double lng = -73.9855;
    Predicate<NycSample.Tree> deadOrStump =
        t -> t.status().equals("dead") || t.status().equals("stump");
    List<NycSample.Tree> expected =
        bruteForceNear(lat, lng, 8000.0).stream().filter(deadOrStump).toList();
    Api.Response page =
        api()
            .get(
                "/api/v1/trees?near="
                    + lat
                    + ","
                    + lng
                    + "&radiusM=8000&status=dead,stump&count=true&limit=500&tag="
                    + tag);
    assertThat(ids(page.data().getValuesAs(JsonObject.class)))
        .containsExactlyElementsOf(expected.stream().map(t -> t.id().toString()).toList());
    assertThat(page.json().getJsonObject("pagination").getInt("total")).isEqualTo(expected.size());

    // Sorted otherwise within the radius: the same trees, by DBH (unknown DBH last), each still
    // with its distance.
    List<JsonObject> byDbh =
        pages("near=" + lat + "," + lng + "&radiusM=1000&sort=-dbhCm&limit=100&tag=" + tag);
    assertThat(Set.copyOf(ids(byDbh)))
        .isEqualTo(
            bruteForceNear(lat, lng, 1000.0).stream()
                .map(t -> t.id().toString())
                .collect(Collectors.toSet()));
    List<Double> dbhs =
        byDbh.stream()
            .filter(t -> !t.isNull("dbhCm"))
            .map(t -> t.getJsonNumber("dbhCm").doubleValue())
            .toList();
    assertThat(dbhs).isSortedAccordingTo(Comparator.reverseOrder());
    assertThat(byDbh).allMatch(t -> t.getJsonNumber("distanceM").doubleValue() <= 1000);
  }

  // ---- edges ----

  @Test
  void emptyAndDegenerateBoxes() {
    Api.Response ocean = api().get("/api/v1/trees?bbox=-70,30,-69,31&count=true&tag=" + tag);
    assertThat(ocean.data()).isEmpty();
    assertThat(ocean.json().getJsonObject("pagination").getInt("total")).isZero();

    NycSample.Tree tree = nyc.get(0);
    // A line of longitude through one tree, and a single point: edges are included.
    Set<String> line = bruteForceBox(tree.lng(), tree.lat() - 0.01, tree.lng(), tree.lat() + 0.01);
    assertThat(line).contains(tree.id().toString());
    assertThat(
            Set.copyOf(
                ids(
                    pages(
                        "bbox="
                            + tree.lng()
                            + ","
                            + (tree.lat() - 0.01)
                            + ","
                            + tree.lng()
                            + ","
                            + (tree.lat() + 0.01)
                            + "&tag="
                            + tag))))
        .isEqualTo(line);
    assertThat(
            ids(
                pages(
                    "bbox="
                        + tree.lng()
                        + ","
                        + tree.lat()
                        + ","
                        + tree.lng()
                        + ","
                        + tree.lat()
                        + "&tag="
                        + tag)))
        .containsExactlyInAnyOrderElementsOf(
            bruteForceBox(tree.lng(), tree.lat(), tree.lng(), tree.lat()));
  }

  @Test
  void radiusZeroFindsTheTreeAtThatVeryPoint() {
    NycSample.Tree tree = nyc.get(0);
    List<JsonObject> found =
        pages("near=" + tree.lat() + "," + tree.lng() + "&radiusM=0&tag=" + tag);
    assertThat(ids(found)).containsExactly(tree.id().toString());
    assertThat(found.get(0).getJsonNumber("distanceM").doubleValue()).isEqualTo(0.0);
  }

  @Test
  void boxesAndCirclesAcrossTheAntimeridian() {
    assertThat(ids(pages("bbox=179.9,-1,-179.9,1&tag=" + edgeTag)))
        .containsExactlyInAnyOrder(antimeridianEast.toString(), antimeridianWest.toString());
    assertThat(ids(pages("bbox=-1,-1,1,1&tag=" + edgeTag))).containsExactly(greenwich.toString());

    List<JsonObject> circle = pages("near=0,179.99&radiusM=10000&tag=" + edgeTag);
    assertThat(ids(circle))
        .containsExactly(antimeridianEast.toString(), antimeridianWest.toString());
    assertThat(circle.get(0).getJsonNumber("distanceM").doubleValue())
        .isCloseTo(4447.80, within(0.5));
    assertThat(circle.get(1).getJsonNumber("distanceM").doubleValue())
        .isCloseTo(6671.70, within(0.5));

    Api.Response nearest = api().get("/api/v1/trees?near=0,-179.99&limit=2&tag=" + edgeTag);
    assertThat(ids(nearest.data().getValuesAs(JsonObject.class)))
        .containsExactly(antimeridianWest.toString(), antimeridianEast.toString());
  }

  @Test
  void circlesAndBoxesAtThePoles() {
    List<JsonObject> north = pages("near=89.9,0&radiusM=20000&tag=" + edgeTag);
    assertThat(ids(north)).containsExactly(northA.toString(), northB.toString());
    assertThat(north.get(0).getJsonNumber("distanceM").doubleValue())
        .isCloseTo(5559.75, within(0.5));
    assertThat(north.get(1).getJsonNumber("distanceM").doubleValue())
        .isCloseTo(16679.26, within(0.5));
    assertThat(ids(pages("near=89.9,0&radiusM=30000&tag=" + edgeTag)))
        .containsExactly(northA.toString(), northB.toString(), northC.toString());

    Api.Response southern = api().get("/api/v1/trees?near=-89.9,-135&limit=1&tag=" + edgeTag);
    assertThat(ids(southern.data().getValuesAs(JsonObject.class)))
        .containsExactly(south.toString());
    assertThat(southern.data().getJsonObject(0).getJsonNumber("distanceM").doubleValue())
        .isCloseTo(16679.26, within(0.5));

    assertThat(ids(pages("bbox=-180,89.9,180,90&tag=" + edgeTag)))
        .containsExactlyInAnyOrder(northA.toString(), northB.toString());
  }

  // ---- bad parameters ----

  @Test
  void badSearchParametersAreA400NamingTheParameter() {
    String near = "near=40.7,-73.9";
    String[][] cases = {
      {"bbox=1,2,3", "bbox"},
      {"bbox=a,b,c,d", "bbox"},
      {"bbox=1,2,3,4,5", "bbox"},
      {"bbox=-74,40,-73,91", "bbox"},
      {"bbox=-181,40,-73,41", "bbox"},
      {"bbox=-74,41,-73,40", "bbox"},
      {"bbox=-74,NaN,-73,41", "bbox"},
      {"near=91,0", "near"},
      {"near=-90.5,0", "near"},
      {"near=0,-181", "near"},
      {"near=40.7", "near"},
      {"near=,", "near"},
      {"near=abc,def", "near"},
      {near + "&radiusM=-1", "radiusM"},
      {near + "&radiusM=50000.1", "radiusM"},
      {near + "&radiusM=far", "radiusM"},
      {"radiusM=100", "radiusM"},
      {"sort=height", "sort"},
      {near + "&sort=-distance", "sort"},
      {"sort=distance", "sort"},
      {"sort=relevance", "sort"},
      {near + "&sort=dbhCm", "sort"},
      {"q=" + URLEncoder.encode("%%% ...", StandardCharsets.UTF_8), "q"},
      {"q=" + "a".repeat(201), "q"},
      {"q=" + String.join("+", java.util.Collections.nCopies(17, "oak")), "q"},
      {"format=xml", "format"},
    };
    for (String[] bad : cases) {
      assertProblem(api().get("/api/v1/trees?" + bad[0]), 400, "VALIDATION_ERROR", List.of(bad[1]));
    }
    assertProblem(
        api().get("/api/v1/trees?bbox=1,2,3&near=91,0&radiusM=-5"),
        400,
        "VALIDATION_ERROR",
        List.of("bbox", "near", "radiusM"));
    assertProblem(
        api().get("/api/v1/analytics/statistics?bbox=1,2"),
        400,
        "VALIDATION_ERROR",
        List.of("bbox"));
    assertProblem(
        api().get("/api/v1/trees?format=csv&near=0,200"), 400, "VALIDATION_ERROR", List.of("near"));

    // A cursor belongs to its search: from one point it is refused at another.
    String cursor =
        api()
            .get("/api/v1/trees?near=40.7,-73.9&limit=1&tag=" + tag)
            .json()
            .getJsonObject("pagination")
            .getString("nextCursor");
    assertProblem(
        api().get("/api/v1/trees?near=40.8,-73.9&limit=1&tag=" + tag + "&cursor=" + cursor),
        400,
        "VALIDATION_ERROR",
        List.of("cursor"));
    assertThat(
            api()
                .get("/api/v1/trees?near=40.7,-73.9&limit=1&tag=" + tag + "&cursor=" + cursor)
                .status())
        .isEqualTo(200);
  }
}
