package io.treenetra.tree;

import static io.treenetra.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.Api;
import io.treenetra.support.ApiIT;
import io.treenetra.support.NycSample;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** GeoJSON and CSV: the whole filtered set, no page limit, in the listing's order. */
class TreeExportIT extends ApiIT {

  private static final String HEADER =
      "id,externalId,scientificName,commonName,lat,lng,address,dbhCm,heightM,"
          + "canopyDiameterM,status,healthStatus,plantedDate,tags,notes,lastInspectedAt,version,createdAt,updatedAt";

  @Test
  void geoJsonOfTheWholeCensus() {
    NycSample.Loaded nyc = NycSample.shared();
    for (String[] request :
        List.of(
            new String[] {"/api/v1/trees?format=geojson&tag=" + nyc.tag()},
            new String[] {"/api/v1/trees?tag=" + nyc.tag(), "Accept", "application/geo+json"})) {
      Api.Response response =
          api().get(request[0], java.util.Arrays.copyOfRange(request, 1, request.length));
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.contentType()).startsWith("application/geo+json");
      JsonObject collection = response.json();
      assertThat(collection.getString("type")).isEqualTo("FeatureCollection");
      List<JsonObject> features = collection.getJsonArray("features").getValuesAs(JsonObject.class);
      assertThat(features).hasSize(10_189);
      assertThat(features.stream().map(f -> f.getString("id")).distinct().count())
          .isEqualTo(10_189);

      // The census's first row: tree 194405, a honeylocust at 1244 Madison Avenue, 3 inches (7.6
      // cm), Alive, Good.
      NycSample.Tree first = nyc.trees().get(0);
      JsonObject feature =
          features.stream()
              .filter(f -> f.getString("id").equals(first.id().toString()))
              .findFirst()
              .orElseThrow();
      assertThat(feature.getString("type")).isEqualTo("Feature");
      assertThat(feature.getJsonObject("geometry").toString())
          .isEqualTo("{\"type\":\"Point\",\"coordinates\":[-73.95731556,40.78306747]}");
      JsonObject properties = feature.getJsonObject("properties");
      assertThat(properties.getString("externalId")).isEqualTo(nyc.tag() + ":194405");
      assertThat(properties.getJsonObject("species").getString("scientificName"))
          .isEqualTo("Gleditsia triacanthos var. inermis");
      assertThat(properties.getJsonObject("species").getString("commonName"))
          .isEqualTo("honeylocust");
      assertThat(properties.getString("address")).isEqualTo("1244 MADISON AVENUE");
      assertThat(properties.getJsonNumber("dbhCm").doubleValue()).isEqualTo(7.6);
      assertThat(properties.isNull("heightM")).isTrue();
      assertThat(properties.getString("status")).isEqualTo("alive");
      assertThat(properties.getString("healthStatus")).isEqualTo("healthy");
      assertThat(properties.getJsonArray("tags").getString(0)).isEqualTo(nyc.tag());
      assertThat(properties.getInt("version")).isEqualTo(1);
      assertThat(properties.containsKey("distanceM")).isFalse();
    }
  }

  @Test
  void csvOfTheWholeCensusInTheImportLayout() throws IOException {
    NycSample.Loaded nyc = NycSample.shared();
    Api.Response response = api().get("/api/v1/trees?format=csv&status=alive&tag=" + nyc.tag());
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType().replace(" ", "")).isEqualTo("text/csv;charset=UTF-8");
    assertThat(response.header("Content-Disposition"))
        .isEqualTo("attachment; filename=\"trees.csv\"");
    assertThat(response.body()).startsWith(HEADER + "\r\n");
    List<CSVRecord> rows =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(response.body()))
            .getRecords();
    assertThat(rows).hasSize(9_738);

    NycSample.Tree first = nyc.trees().get(0);
    CSVRecord row =
        rows.stream()
            .filter(r -> r.get("id").equals(first.id().toString()))
            .findFirst()
            .orElseThrow();
    assertThat(row.toList().subList(0, 17))
        .containsExactly(
            first.id().toString(),
            nyc.tag() + ":194405",
            "Gleditsia triacanthos var. inermis",
            "honeylocust",
            "40.78306747",
            "-73.95731556",
            "1244 MADISON AVENUE",
            "7.6",
            "",
            "",
            "alive",
            "healthy",
            "",
            nyc.tag(),
            "",
            "",
            "1");
    assertThat(row.get("createdAt")).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");

    // Text/csv asked for by the Accept header works too.
    assertThat(
            api()
                .get("/api/v1/trees?status=dead&tag=" + nyc.tag(), "Accept", "text/csv")
                .body()
                .split("\r\n"))
        .hasSize(1 + 227);
  }

  @Test
  void csvQuotesWhatNeedsQuotingAndEscapesTheTagSeparator() throws IOException {
    String tag = "csv-" + UUID.randomUUID().toString().substring(0, 8);
    Api.Response created =
        api()
            .post(
                "/api/v1/trees",
                Json.createObjectBuilder()
                    .add(
                        "location",
                        Json.createObjectBuilder()
                            .add("lat", 40.7)
                            .add("lng", -73.9)
                            .add("address", "1, \"The\" Row"))
                    .add("status", "planned")
                    .add("tags", Json.createArrayBuilder().add(tag).add("a|b").add("c\\d"))
                    .add("notes", "line one\nline two")
                    .add("plantedDate", "2020-04-01")
                    .build()
                    .toString());
    assertThat(created.status()).isEqualTo(201);
    Api.Response csv = api().get("/api/v1/trees?format=csv&tag=" + tag);
    List<CSVRecord> rows =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(csv.body()))
            .getRecords();
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get("address")).isEqualTo("1, \"The\" Row");
    assertThat(rows.get(0).get("tags")).isEqualTo(tag + "|a\\|b|c\\\\d");
    assertThat(rows.get(0).get("notes")).isEqualTo("line one\nline two");
    assertThat(rows.get(0).get("plantedDate")).isEqualTo("2020-04-01");
    assertThat(rows.get(0).get("scientificName")).isEmpty();
    assertThat(rows.get(0).get("healthStatus")).isEmpty();
  }

  @Test
  void exportsFollowTheSearchOrderAndCarryDistances() throws IOException {
    NycSample.Loaded nyc = NycSample.shared();
    String query = "near=40.7580,-73.9855&radiusM=2000&tag=" + nyc.tag();
    List<String> listed =
        api()
            .get("/api/v1/trees?" + query + "&limit=500")
            .data()
            .getValuesAs(JsonObject.class)
            .stream()
            .map(t -> t.getString("id"))
            .toList();
    assertThat(listed).hasSizeBetween(20, 499);

    Api.Response csv = api().get("/api/v1/trees?format=csv&" + query);
    assertThat(csv.body()).startsWith(HEADER + ",distanceM\r\n");
    List<CSVRecord> rows =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(csv.body()))
            .getRecords();
    assertThat(rows.stream().map(r -> r.get("id")).toList()).containsExactlyElementsOf(listed);
    assertThat(rows.stream().map(r -> Double.parseDouble(r.get("distanceM"))).toList()).isSorted();

    List<JsonObject> features =
        api()
            .get("/api/v1/trees?format=geojson&" + query)
            .json()
            .getJsonArray("features")
            .getValuesAs(JsonObject.class);
    assertThat(features.stream().map(f -> f.getString("id")).toList())
        .containsExactlyElementsOf(listed);
    assertThat(features.get(0).getJsonObject("properties").getJsonNumber("distanceM").doubleValue())
        .isEqualTo(Double.parseDouble(rows.get(0).get("distanceM")));

    // An empty selection is a valid empty document.
    assertThat(api().get("/api/v1/trees?format=geojson&bbox=-70,30,-69,31&tag=" + nyc.tag()).body())
        .isEqualTo("{\"type\":\"FeatureCollection\",\"features\":[]}");
    assertThat(api().get("/api/v1/trees?format=csv&bbox=-70,30,-69,31&tag=" + nyc.tag()).body())
        .isEqualTo(HEADER + "\r\n");
  }

  @Test
  void badParametersAreRefusedBeforeAnythingIsStreamed() {
    assertProblem(
        api().get("/api/v1/trees?format=geojson&bbox=1,2,3"),
        400,
        "VALIDATION_ERROR",
        List.of("bbox"));
    assertProblem(
        api().get("/api/v1/trees?format=csv&species=Nonexistentus"),
        400,
        "VALIDATION_ERROR",
        List.of("species"));
    assertProblem(
        api().get("/api/v1/trees?format=pdf"), 400, "VALIDATION_ERROR", List.of("format"));
  }
}
