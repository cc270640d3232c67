package io.treenetra.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.Api;
import io.treenetra.support.ApiIT;
import io.treenetra.support.Imports;
import io.treenetra.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Export, then import into a database without those trees: every field of every tree comes back,
 * id, version and timestamps included, in the treenetra CSV layout and in GeoJSON.
 */
class ImportRoundTripIT extends ApiIT {

  @Test
  void aCsvExportImportsBackFieldForField() {
    roundTrip("csv", "format=treenetra", "text/csv");
  }

  @Test
  void aGeoJsonExportImportsBackFieldForField() {
    roundTrip("geojson", "format=geojson", "application/geo+json");
  }

  private void roundTrip(String exportFormat, String importQuery, String contentType) {
    String tag = "rt-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> ids = plant(tag);
    Map<String, String> before = new HashMap<>();
    for (String id : ids) {
      before.put(id, api().get("/api/v1/trees/" + id).body());
    }
    Api.Response export = api().get("/api/v1/trees?format=" + exportFormat + "&tag=" + tag);
    assertThat(export.status()).isEqualTo(200);

    // The trees and their inspections leave the database entirely: the import meets an inventory
    // without them.
    for (String id : ids) {
      TestEnvironment.execute("DELETE FROM inspection WHERE tree_id = ?::uuid", id);
      TestEnvironment.execute("DELETE FROM tree WHERE id = ?::uuid", id);
    }
    assertThat(api().get("/api/v1/trees?tag=" + tag).data()).isEmpty();

    JsonObject job =
        Imports.run(
            api(), importQuery, contentType, export.body().getBytes(StandardCharsets.UTF_8));
    assertThat(Imports.counts(job))
        .as(job.toString())
        .isEqualTo("succeeded " + ids.size() + "/0/0/0");
    for (String id : ids) {
      assertThat(api().get("/api/v1/trees/" + id).body()).isEqualTo(before.get(id));
    }
    assertThat(api().get("/api/v1/trees?format=" + exportFormat + "&tag=" + tag).body())
        .isEqualTo(export.body());
  }

  /** Trees with every field filled, with none, after updates and after an inspection. */
  private List<String> plant(String tag) {
    List<String> ids = new ArrayList<>();
    ids.add(
        create(
            "{\"externalId\": \""
                + tag
                + "-full\", \"scientificName\": \"Acer rubrum\","
                + " \"location\": {\"lat\": 40.1234567, \"lng\": -73.7654321, \"address\": \"12 \\\"Quoted\\\", Street\\nSecond line\"},"
                + " \"dbhCm\": 30.5, \"heightM\": 12.25, \"canopyDiameterM\": 6.5, \"status\": \"alive\","
                + " \"healthStatus\": \"needs_attention\", \"plantedDate\": \"2001-04-05\","
                + " \"tags\": [\""
                + tag
                + "\", \"with|pipe\", \"back\\\\slash\", \"\u00fcn\u00efc\u00f8de \u6a39\"],"
                + " \"notes\": \"Notes, with commas; \\\"quotes\\\" and\\nnewlines\"}"));
    ids.add(
        create(
            "{\"location\": {\"lat\": -0.5, \"lng\": 179.999999}, \"status\": \"planned\", \"tags\": [\""
                + tag
                + "\"]}"));
    ids.add(
        create(
            "{\"location\": {\"lat\": 51.5, \"lng\": -0.12}, \"status\": \"dead\", \"healthStatus\": \"dead\","
                + " \"tags\": [\""
                + tag
                + "\"], \"notes\": \"\"}"));
    String updated =
        create(
            "{\"externalId\": \""
                + tag
                + "-updated\", \"location\": {\"lat\": 1, \"lng\": 2}, \"status\": \"alive\","
                + " \"tags\": [\""
                + tag
                + "\"]}");
    assertThat(api().patch("/api/v1/trees/" + updated, "{\"dbhCm\": 15}").status()).isEqualTo(200);
    assertThat(
            api()
                .patch("/api/v1/trees/" + updated, "{\"scientificName\": \"Quercus palustris\"}")
                .status())
        .isEqualTo(200);
    Api.Response inspected =
        api()
            .post(
                "/api/v1/trees/" + updated + "/health-records",
                "{\"inspectedAt\": \"2024-06-01T08:30:00Z\", \"healthStatus\": \"critical\", \"dbhCm\": 16.5}");
    assertThat(inspected.status()).as(inspected.toString()).isEqualTo(201);
    ids.add(updated);
    return ids;
  }

  private String create(String json) {
    Api.Response created = api().post("/api/v1/trees", json);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }
}
