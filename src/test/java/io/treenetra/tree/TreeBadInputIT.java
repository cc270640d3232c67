package io.treenetra.tree;

import static io.treenetra.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.Api;
import io.treenetra.support.ApiIT;
import io.treenetra.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad input is a problem+json naming the field, and changes nothing in the database. */
class TreeBadInputIT extends ApiIT {

  private static final String VALID =
      "{\"location\": {\"lat\": 40.7, \"lng\": -73.9}, \"status\": \"alive\", \"scientificName\": \"Acer rubrum\"";

  static Stream<Arguments> badBodies() {
    String tomorrow = LocalDate.now(ZoneOffset.ofHours(14)).plusDays(1).toString();
    return Stream.of(
        Arguments.of("malformed JSON", "{\"location\": {\"lat\": 40.7,", List.of("body")),
        Arguments.of("empty body", "", List.of("body")),
        Arguments.of("an array, not an object", "[1, 2]", List.of("body")),
        Arguments.of(
            "a string where a number belongs", VALID + ", \"dbhCm\": \"thick\"}", List.of("dbhCm")),
        Arguments.of(
            "a number where a string belongs", VALID + ", \"notes\": 12}", List.of("notes")),
        Arguments.of(
            "an unknown status",
            "{\"location\": {\"lat\": 40.7, \"lng\": -73.9}, \"status\": \"growing\"}",
            List.of("status")),
        Arguments.of(
            "an unknown health status",
            VALID + ", \"healthStatus\": \"fine\"}",
            List.of("healthStatus")),
        Arguments.of(
            "lat 91 and lng -181",
            "{\"location\": {\"lat\": 91, \"lng\": -181}, \"status\": \"alive\"}",
            List.of("location.lat", "location.lng")),
        Arguments.of("dbhCm -1", VALID + ", \"dbhCm\": -1}", List.of("dbhCm")),
        Arguments.of("dbhCm 0", VALID + ", \"dbhCm\": 0}", List.of("dbhCm")),
        Arguments.of("dbhCm 1500.1", VALID + ", \"dbhCm\": 1500.1}", List.of("dbhCm")),
        Arguments.of(
            "a number out of every range", VALID + ", \"heightM\": 1e400}", List.of("heightM")),
        Arguments.of(
            "canopy 100.5", VALID + ", \"canopyDiameterM\": 100.5}", List.of("canopyDiameterM")),
        Arguments.of(
            "a plantedDate in the future",
            VALID + ", \"plantedDate\": \"" + tomorrow + "\"}",
            List.of("plantedDate")),
        Arguments.of(
            "a plantedDate that is no date",
            VALID + ", \"plantedDate\": \"27/08/2015\"}",
            List.of("plantedDate")),
        Arguments.of(
            "4001 characters of notes",
            VALID + ", \"notes\": \"" + "n".repeat(4001) + "\"}",
            List.of("notes")),
        Arguments.of("21 tags", VALID + ", \"tags\": [" + tags(21, 5) + "]}", List.of("tags")),
        Arguments.of(
            "a tag of 41 characters",
            VALID + ", \"tags\": [" + tags(1, 41) + "]}",
            List.of("tags")),
        Arguments.of("tags that are not strings", VALID + ", \"tags\": [1, 2]}", List.of("tags")),
        Arguments.of(
            "an unknown scientificName",
            "{\"location\": {\"lat\": 40.7, \"lng\": -73.9}, \"status\": \"alive\","
                + " \"scientificName\": \"Arbor imaginaria\"}",
            List.of("scientificName")),
        Arguments.of(
            "an unknown speciesId",
            "{\"location\": {\"lat\": 40.7, \"lng\": -73.9}, \"status\": \"alive\","
                + " \"speciesId\": \""
                + UUID.randomUUID()
                + "\"}",
            List.of("speciesId")),
        Arguments.of(
            "a speciesId that is no UUID",
            "{\"location\": {\"lat\": 40.7, \"lng\": -73.9}, \"status\": \"alive\","
                + " \"speciesId\": \"maple\"}",
            List.of("speciesId")),
        Arguments.of("no location and no status", "{\"dbhCm\": 10}", List.of("location", "status")),
        Arguments.of(
            "a location without lat",
            "{\"location\": {\"lng\": -73.9}, \"status\": \"alive\"}",
            List.of("location.lat")),
        Arguments.of(
            "a location that is a string",
            "{\"location\": \"here\", \"status\": \"alive\"}",
            List.of("location")),
        Arguments.of("a misspelt field", VALID + ", \"dbh\": 10}", List.of("dbh")),
        Arguments.of(
            "a lone surrogate in notes", VALID + ", \"notes\": \"oak \\ud800\"}", List.of("notes")),
        Arguments.of(
            "a lone low surrogate in a tag", VALID + ", \"tags\": [\"\\udc00\"]}", List.of("tags")),
        Arguments.of(
            "5,000 nested objects",
            "{\"a\":".repeat(5000) + "1" + "}".repeat(5000),
            List.of("body")),
        Arguments.of("5,000 nested arrays", "[".repeat(5000) + "]".repeat(5000), List.of("body")),
        Arguments.of(
            "tags nested 33 deep",
            VALID + ", \"tags\": " + "[".repeat(32) + "]".repeat(32) + "}",
            List.of("body")),
        Arguments.of(
            "a live tree said to be dead",
            VALID + ", \"healthStatus\": \"dead\"}",
            List.of("healthStatus")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBodies")
  void badCreateIsRejectedAndChangesNothing(String name, String body, List<String> fields) {
    long before = treeRows();
    Api.Response response = api().post("/api/v1/trees", body);
    assertProblem(response, 400, "VALIDATION_ERROR", fields);
    assertThat(treeRows()).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBodies")
  void badReplaceIsRejectedAndChangesNothing(String name, String body, List<String> fields) {
    String id = createTree();
    Api.Response response = api().put("/api/v1/trees/" + id, body);
    assertProblem(response, 400, "VALIDATION_ERROR", fields);
    assertUnchanged(id);
  }

  @Test
  void badPatchIsRejectedAndChangesNothing() {
    String id = createTree();
    assertProblem(
        api().patch("/api/v1/trees/" + id, "{\"dbhCm\": 0, \"location\": {\"lat\": -90.5}}"),
        400,
        "VALIDATION_ERROR",
        List.of("dbhCm", "location.lat"));
    assertProblem(
        api().patch("/api/v1/trees/" + id, "{\"status\": null}"),
        400,
        "VALIDATION_ERROR",
        List.of("status"));
    assertUnchanged(id);
  }

  @Test
  void pathIdThatIsNoUuid() {
    for (Api.Response response :
        List.of(
            api().get("/api/v1/trees/not-a-uuid"),
            api().put("/api/v1/trees/42", VALID + "}"),
            api().delete("/api/v1/trees/42"),
            api().patch("/api/v1/trees/%2e%2e", "{}"))) {
      assertProblem(response, 400, "VALIDATION_ERROR", List.of("id"));
    }
  }

  @Test
  void unknownTreeIs404() {
    assertProblem(api().get("/api/v1/trees/" + UUID.randomUUID()), 404, "NOT_FOUND", List.of());
    assertProblem(
        api().patch("/api/v1/trees/" + UUID.randomUUID(), "{}"), 404, "NOT_FOUND", List.of());
  }

  @Test
  void bodyOverOneMebibyteIs413() {
    long before = treeRows();
    byte[] huge =
        (VALID + ", \"notes\": \"" + "x".repeat(1024 * 1024) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    Api.Response response =
        api().send("POST", "/api/v1/trees", huge, "Content-Type", "application/json");
    assertProblem(response, 413, "PAYLOAD_TOO_LARGE", List.of());
    assertThat(treeRows()).isEqualTo(before);
  }

  @Test
  void textPlainIs415() {
    long before = treeRows();
    Api.Response response =
        api()
            .send(
                "POST",
                "/api/v1/trees",
                (VALID + "}").getBytes(StandardCharsets.UTF_8),
                "Content-Type",
                "text/plain");
    assertProblem(response, 415, "UNSUPPORTED_MEDIA_TYPE", List.of());
    assertThat(treeRows()).isEqualTo(before);
  }

  @Test
  void duplicateExternalIdIs409() {
    String externalId = "dup-" + UUID.randomUUID();
    String body = VALID + ", \"externalId\": \"" + externalId + "\"}";
    assertThat(api().post("/api/v1/trees", body).status()).isEqualTo(201);
    long before = treeRows();
    assertProblem(api().post("/api/v1/trees", body), 409, "CONFLICT", List.of("externalId"));
    assertThat(treeRows()).isEqualTo(before);
  }

  @Test
  void badIdempotencyKeyIs400() {
    long before = treeRows();
    assertProblem(
        api().post("/api/v1/trees", VALID + "}", "Idempotency-Key", "k".repeat(256)),
        400,
        "VALIDATION_ERROR",
        List.of("Idempotency-Key"));
    assertThat(treeRows()).isEqualTo(before);
  }

  static Stream<Arguments> badQueries() {
    return Stream.of(
        Arguments.of("limit=0", "limit"),
        Arguments.of("limit=501", "limit"),
        Arguments.of("limit=ten", "limit"),
        Arguments.of("sort=height", "sort"),
        Arguments.of("sort=-", "sort"),
        Arguments.of("status=growing", "status"),
        Arguments.of("healthStatus=fine", "healthStatus"),
        Arguments.of("dbhMin=abc", "dbhMin"),
        Arguments.of("dbhMin=50&dbhMax=10", "dbhMin"),
        Arguments.of("plantedFrom=2015-13-01", "plantedFrom"),
        Arguments.of("plantedFrom=2020-01-01&plantedTo=2019-01-01", "plantedFrom"),
        Arguments.of("cursor=not-a-cursor", "cursor"),
        Arguments.of("species=Arbor%20imaginaria", "species"),
        Arguments.of("count=maybe", "count"),
        Arguments.of("tag=" + "t".repeat(41), "tag"),
        Arguments.of("species=%27%20OR%201%3D1%20--", "species"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badQueries")
  void badListParametersAre400(String query, String field) {
    assertProblem(api().get("/api/v1/trees?" + query), 400, "VALIDATION_ERROR", List.of(field));
  }

  @Test
  void cursorOfAnotherSortIs400() {
    String tag = "cursor-" + UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < 3; i++) {
      api().post("/api/v1/trees", VALID + ", \"tags\": [\"" + tag + "\"]}");
    }
    String cursor =
        api()
            .get("/api/v1/trees?tag=" + tag + "&limit=1")
            .json()
            .getJsonObject("pagination")
            .getString("nextCursor");
    assertProblem(
        api().get("/api/v1/trees?tag=" + tag + "&limit=1&sort=-dbhCm&cursor=" + cursor),
        400,
        "VALIDATION_ERROR",
        List.of("cursor"));
  }

  private String createTree() {
    Api.Response created =
        api().post("/api/v1/trees", VALID + ", \"dbhCm\": 12.5, \"notes\": \"original\"}");
    assertThat(created.status()).isEqualTo(201);
    return created.json().getString("id");
  }

  private void assertUnchanged(String id) {
    JsonObject tree = api().get("/api/v1/trees/" + id).json();
    assertThat(tree.getInt("version")).isEqualTo(1);
    assertThat(tree.getString("notes")).isEqualTo("original");
    assertThat(tree.getJsonNumber("dbhCm").doubleValue()).isEqualTo(12.5);
  }

  private static long treeRows() {
    return TestEnvironment.queryLong("SELECT count(*) FROM tree");
  }

  private static String tags(int count, int length) {
    StringBuilder tags = new StringBuilder();
    for (int i = 0; i < count; i++) {
      tags.append(i == 0 ? "" : ", ")
          .append('"')
          .append(Character.toString('a' + i % 26).repeat(length))
          .append('"');
    }
    return tags.toString();
  }
}
