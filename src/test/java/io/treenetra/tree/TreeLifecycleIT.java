package io.treenetra.tree;

import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.Api;
import io.treenetra.support.ApiIT;
import io.treenetra.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TreeLifecycleIT extends ApiIT {

  private static final String RED_MAPLE =
      """
      {"externalId": "%s", "scientificName": "ACER RUBRUM",
       "location": {"lat": 40.72309177, "lng": -73.84421522, "address": "108-005 70 AVENUE"},
       "dbhCm": 7.6, "heightM": 5.5, "canopyDiameterM": 3.0,
       "status": "alive", "healthStatus": "needs_attention",
       "plantedDate": "2015-08-27", "tags": ["street"], "notes": "planted by the city"}
      """;

  @Test
  void createReadReplacePatchDeleteRoundTrip() {
    Api api = api();
    String externalId = "it-" + UUID.randomUUID();

    Api.Response created = api.post("/api/v1/trees", RED_MAPLE.formatted(externalId));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonObject tree = created.json();
    String id = tree.getString("id");
    assertThat(created.header("Location")).isEqualTo(api.uri("/api/v1/trees/" + id).toString());
    assertThat(created.header("ETag")).isEqualTo("\"1\"");
    assertThat(created.header("X-Request-Id")).isNotBlank();
    assertThat(tree.getString("externalId")).isEqualTo(externalId);
    assertThat(tree.getJsonObject("species").getString("scientificName")).isEqualTo("Acer rubrum");
    assertThat(tree.getJsonObject("species").getString("commonName")).isEqualTo("red maple");
    assertThat(tree.getJsonObject("location").getJsonNumber("lat").doubleValue())
        .isEqualTo(40.72309177);
    assertThat(tree.getJsonObject("location").getJsonNumber("lng").doubleValue())
        .isEqualTo(-73.84421522);
    assertThat(tree.getJsonObject("location").getString("address")).isEqualTo("108-005 70 AVENUE");
    assertThat(tree.getJsonNumber("dbhCm").doubleValue()).isEqualTo(7.6);
    assertThat(tree.getJsonNumber("heightM").doubleValue()).isEqualTo(5.5);
    assertThat(tree.getJsonNumber("canopyDiameterM").doubleValue()).isEqualTo(3.0);
    assertThat(tree.getString("status")).isEqualTo("alive");
    assertThat(tree.getString("healthStatus")).isEqualTo("needs_attention");
    assertThat(tree.getString("plantedDate")).isEqualTo("2015-08-27");
    assertThat(tree.getJsonArray("tags").getString(0)).isEqualTo("street");
    assertThat(tree.getString("notes")).isEqualTo("planted by the city");
    assertThat(tree.getInt("version")).isEqualTo(1);
    assertThat(tree.getString("createdAt")).endsWith("Z").isEqualTo(tree.getString("updatedAt"));

    Api.Response read = api.get("/api/v1/trees/" + id);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json()).isEqualTo(tree);
    assertThat(read.header("ETag")).isEqualTo("\"1\"");

    String replacement =
        """
        {"externalId": "%s", "scientificName": "Quercus palustris",
         "location": {"lat": 40.7, "lng": -73.9}, "status": "dead", "healthStatus": "dead"}
        """
            .formatted(externalId);
    Api.Response replaced = api.put("/api/v1/trees/" + id, replacement, "If-Match", "\"1\"");
    assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
    assertThat(replaced.header("ETag")).isEqualTo("\"2\"");
    JsonObject afterPut = replaced.json();
    assertThat(afterPut.getInt("version")).isEqualTo(2);
    assertThat(afterPut.getJsonObject("species").getString("scientificName"))
        .isEqualTo("Quercus palustris");
    assertThat(afterPut.getString("status")).isEqualTo("dead");
    assertThat(afterPut.isNull("dbhCm")).isTrue();
    assertThat(afterPut.isNull("notes")).isTrue();
    assertThat(afterPut.isNull("plantedDate")).isTrue();
    assertThat(afterPut.getJsonArray("tags")).isEmpty();
    assertThat(afterPut.getJsonObject("location").isNull("address")).isTrue();
    assertThat(afterPut.getString("createdAt")).isEqualTo(tree.getString("createdAt"));

    Api.Response patched =
        api.patch(
            "/api/v1/trees/" + id,
            "{\"status\": \"stump\", \"healthStatus\": null, \"dbhCm\": 30.5, \"tags\": [\"a\", \"b\"]}",
            "If-Match",
            "\"2\"");
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    JsonObject afterPatch = patched.json();
    assertThat(afterPatch.getInt("version")).isEqualTo(3);
    assertThat(afterPatch.getString("status")).isEqualTo("stump");
    assertThat(afterPatch.isNull("healthStatus")).isTrue();
    assertThat(afterPatch.getJsonNumber("dbhCm").doubleValue()).isEqualTo(30.5);
    assertThat(afterPatch.getJsonArray("tags").getValuesAs(jakarta.json.JsonString::getString))
        .containsExactly("a", "b");
    assertThat(afterPatch.getJsonObject("species").getString("scientificName"))
        .isEqualTo("Quercus palustris");
    assertThat(afterPatch.getJsonObject("location").getJsonNumber("lat").doubleValue())
        .isEqualTo(40.7);
    assertThat(afterPatch.getString("externalId")).isEqualTo(externalId);

    Api.Response deleted = api.delete("/api/v1/trees/" + id, "If-Match", "\"3\"");
    assertThat(deleted.status()).isEqualTo(204);
    Api.Response gone = api.get("/api/v1/trees/" + id);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.contentType()).startsWith("application/problem+json");
    assertThat(gone.json().getString("code")).isEqualTo("NOT_FOUND");
    assertThat(api.put("/api/v1/trees/" + id, replacement).status()).isEqualTo(404);
    assertThat(api.delete("/api/v1/trees/" + id).status()).isEqualTo(404);
    // Soft delete: the row stays, marked.
    assertThat(
            TestEnvironment.queryLong(
                "SELECT count(*) FROM tree WHERE id = ? AND deleted_at IS NOT NULL",
                UUID.fromString(id)))
        .isEqualTo(1);
    // The external id is free again.
    assertThat(api.post("/api/v1/trees", RED_MAPLE.formatted(externalId)).status()).isEqualTo(201);
  }

  @Test
  void conditionalRequests() {
    Api api = api();
    String id =
        api.post("/api/v1/trees", RED_MAPLE.formatted("it-" + UUID.randomUUID()))
            .json()
            .getString("id");

    Api.Response notModified = api.get("/api/v1/trees/" + id, "If-None-Match", "\"1\"");
    assertThat(notModified.status()).isEqualTo(304);
    assertThat(notModified.header("ETag")).isEqualTo("\"1\"");
    assertThat(api.get("/api/v1/trees/" + id, "If-None-Match", "\"7\"").status()).isEqualTo(200);
    assertThat(api.get("/api/v1/trees/" + id, "If-None-Match", "*").status()).isEqualTo(304);

    assertThat(
            api.patch("/api/v1/trees/" + id, "{\"notes\": \"first\"}", "If-Match", "\"1\"")
                .status())
        .isEqualTo(200);

    for (Api.Response stale :
        List.of(
            api.patch("/api/v1/trees/" + id, "{\"notes\": \"lost update\"}", "If-Match", "\"1\""),
            api.put(
                "/api/v1/trees/" + id,
                RED_MAPLE.formatted("x-" + UUID.randomUUID()),
                "If-Match",
                "\"1\""),
            api.delete("/api/v1/trees/" + id, "If-Match", "\"1\""))) {
      assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
      assertThat(stale.json().getString("code")).isEqualTo("PRECONDITION_FAILED");
      assertThat(stale.json().getJsonArray("errors").getJsonObject(0).getString("field"))
          .isEqualTo("If-Match");
      assertThat(stale.header("ETag")).isEqualTo("\"2\"");
    }
    JsonObject current = api.get("/api/v1/trees/" + id).json();
    assertThat(current.getString("notes")).isEqualTo("first");
    assertThat(current.getInt("version")).isEqualTo(2);
    assertThat(api.delete("/api/v1/trees/" + id, "If-Match", "W/\"2\"").status()).isEqualTo(204);
  }

  @Test
  void idempotentPostCreatesOneTree() throws Exception {
    Api api = api();
    String externalId = "it-" + UUID.randomUUID();
    String key = "key-" + UUID.randomUUID();
    String body = RED_MAPLE.formatted(externalId);

    Api.Response first = api.post("/api/v1/trees", body, "Idempotency-Key", key);
    Api.Response retry = api.post("/api/v1/trees", body, "Idempotency-Key", key);
    assertThat(first.status()).isEqualTo(201);
    assertThat(retry.status()).isEqualTo(201);
    assertThat(retry.json()).isEqualTo(first.json());
    assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
    assertThat(retry.header("ETag")).isEqualTo("\"1\"");
    assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(
            TestEnvironment.queryLong(
                "SELECT count(*) FROM tree WHERE external_id = ?", externalId))
        .isEqualTo(1);

    Api.Response otherBody =
        api.post(
            "/api/v1/trees", RED_MAPLE.formatted("other-" + externalId), "Idempotency-Key", key);
    assertThat(otherBody.status()).isEqualTo(409);
    assertThat(otherBody.json().getString("code")).isEqualTo("CONFLICT");
    assertThat(otherBody.json().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("Idempotency-Key");
    assertThat(
            TestEnvironment.queryLong(
                "SELECT count(*) FROM tree WHERE external_id = ?", "other-" + externalId))
        .isZero();

    // Eight clients retrying at once with one key: one tree, eight equal answers.
    String concurrentKey = "key-" + UUID.randomUUID();
    String concurrentExternalId = "it-" + UUID.randomUUID();
    String concurrentBody = RED_MAPLE.formatted(concurrentExternalId);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Api.Response>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(
            pool.submit(
                () -> api.post("/api/v1/trees", concurrentBody, "Idempotency-Key", concurrentKey)));
      }
      String firstId = null;
      for (Future<Api.Response> answer : answers) {
        Api.Response response = answer.get();
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        firstId = firstId == null ? response.json().getString("id") : firstId;
        assertThat(response.json().getString("id")).isEqualTo(firstId);
      }
    } finally {
      pool.shutdown();
    }
    assertThat(
            TestEnvironment.queryLong(
                "SELECT count(*) FROM tree WHERE external_id = ?", concurrentExternalId))
        .isEqualTo(1);
  }
}
