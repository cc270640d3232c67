package io.treenetra.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.Api;
import io.treenetra.support.ApiIT;
import io.treenetra.support.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hostile strings in every filter, field and path are data: never a 500, never a row the filter
 * should not match, and a value that is accepted is stored exactly as sent.
 */
class InjectionIT extends ApiIT {

  private static final List<String> HOSTILE =
      List.of(
          "' OR 1=1 --",
          "'; DROP TABLE tree; --",
          "\" OR \"\"=\"",
          "%00",
          "\u0000",
          "a\u0000b",
          "../../etc/passwd",
          "..%2F..%2Fetc",
          "<script>alert(1)</script>",
          "${jndi:ldap://x}",
          "\\",
          "*",
          "%",
          "_",
          "x".repeat(10_000));
  private static final List<String> FILTERS =
      List.of(
          "q",
          "status",
          "healthStatus",
          "species",
          "tag",
          "bbox",
          "near",
          "radiusM",
          "sort",
          "cursor",
          "limit",
          "dbhMin",
          "dbhMax",
          "plantedFrom",
          "plantedTo",
          "format",
          "count");

  @Test
  void hostileFiltersMatchNothingAndNeverFail() {
    long trees = TestEnvironment.queryLong("SELECT count(*) FROM tree");
    List<String> wrong = new ArrayList<>();
    for (String filter : FILTERS) {
      for (String value : HOSTILE) {
        String path =
            "/api/v1/trees?" + filter + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
        Api.Response response = api().get(path);
        String shown = filter + "=" + (value.length() > 20 ? value.substring(0, 20) + "…" : value);
        if (response.status() == 200) {
          // Accepted as a filter: no tree has such a value (a limit or count is not a filter).
          if (!filter.equals("limit")
              && !filter.equals("count")
              && response.json().containsKey("data")
              && !response.data().isEmpty()) {
            wrong.add(shown + " matched " + response.data().size() + " trees");
          }
        } else if (response.status() != 400
            || response.contentType() == null
            || !response.contentType().startsWith("application/problem+json")) {
          wrong.add(
              shown
                  + ": "
                  + response.status()
                  + " "
                  + response.body().substring(0, Math.min(200, response.body().length())));
        } else if (!response
            .json()
            .getJsonArray("errors")
            .toString()
            .contains("\"" + filter + "\"")) {
          wrong.add(shown + ": the 400 does not name " + filter + ": " + response.body());
        }
      }
    }
    for (String value : HOSTILE) {
      String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
      for (String path :
          List.of(
              "/api/v1/trees/" + encoded,
              "/api/v1/species/" + encoded,
              "/api/v1/trees/" + encoded + "/history",
              "/api/v1/species?q=" + encoded,
              "/api/v1/users/" + encoded)) {
        int status = api().get(path).status();
        if (status >= 500 || status == 200 && !path.contains("?")) {
          wrong.add(path.substring(0, Math.min(60, path.length())) + ": " + status);
        }
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(TestEnvironment.queryLong("SELECT count(*) FROM tree")).isEqualTo(trees);
  }

  @Test
  void hostileFieldsAreStoredAsTheyCameOrRefused() {
    List<String> wrong = new ArrayList<>();
    for (String value : HOSTILE) {
      for (String field : List.of("externalId", "notes", "address", "tag", "scientificName")) {
        var tree =
            Json.createObjectBuilder()
                .add("status", "alive")
                .add(
                    "location",
                    field.equals("address")
                        ? Json.createObjectBuilder()
                            .add("lat", 40.7)
                            .add("lng", -73.9)
                            .add("address", value)
                        : Json.createObjectBuilder().add("lat", 40.7).add("lng", -73.9));
        switch (field) {
          case "tag" -> tree.add("tags", Json.createArrayBuilder().add(value));
          case "address" -> {}
          default -> tree.add(field, value);
        }
        long before = TestEnvironment.queryLong("SELECT count(*) FROM tree");
        Api.Response response = api().post("/api/v1/trees", tree.build().toString());
        String shown = field + "=" + (value.length() > 20 ? value.substring(0, 20) + "…" : value);
        long after = TestEnvironment.queryLong("SELECT count(*) FROM tree");
        if (response.status() == 201) {
          JsonObject stored = api().get("/api/v1/trees/" + response.json().getString("id")).json();
          String back =
              switch (field) {
                case "tag" -> stored.getJsonArray("tags").getString(0);
                case "address" -> stored.getJsonObject("location").getString("address");
                case "scientificName" ->
                    stored.getJsonObject("species").getString("scientificName");
                default -> stored.getString(field);
              };
          if (!back.equals(value) || after != before + 1) {
            wrong.add(shown + " came back as " + back.substring(0, Math.min(20, back.length())));
          }
          api().delete("/api/v1/trees/" + response.json().getString("id"));
        } else if (response.status() != 400 || after != before) {
          wrong.add(
              shown
                  + ": "
                  + response.status()
                  + " "
                  + response.body().substring(0, Math.min(200, response.body().length())));
        }
      }
      Api.Response login = api().anonymous().post("/api/v1/auth/login", Users.login(value, value));
      if (login.status() != 401 && login.status() != 400) {
        wrong.add(
            "login " + value.substring(0, Math.min(20, value.length())) + ": " + login.status());
      }
    }
    assertThat(wrong).isEmpty();
  }
}
