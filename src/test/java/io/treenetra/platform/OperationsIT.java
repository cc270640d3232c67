package io.treenetra.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.Api;
import io.treenetra.support.ApiIT;
import jakarta.json.JsonObject;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The operators' endpoints: health, readiness, metrics, OpenAPI, request ids, errors outside the
 * API.
 */
class OperationsIT extends ApiIT {

  @Test
  void livenessAndReadiness() {
    for (String path : new String[] {"/health", "/health/live"}) {
      Api.Response live = api().get(path);
      assertThat(live.status()).as(path).isEqualTo(200);
      assertThat(live.json().getString("status")).isEqualTo("UP");
    }
    for (String path : new String[] {"/ready", "/health/ready"}) {
      Api.Response ready = api().get(path);
      assertThat(ready.status()).as(path).isEqualTo(200);
      JsonObject body = ready.json();
      assertThat(body.getString("status")).isEqualTo("UP");
      Map<String, JsonObject> checks =
          body.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
              .collect(Collectors.toMap(check -> check.getString("name"), check -> check));
      assertThat(checks.keySet()).as(path).containsExactlyInAnyOrder("database", "cluster");
      assertThat(checks.get("database").getString("status")).isEqualTo("UP");
      // The suite's server runs alone: the cluster check reports it, and is up all the same.
      JsonObject cluster = checks.get("cluster");
      assertThat(cluster.getString("status")).isEqualTo("UP");
      assertThat(cluster.getJsonObject("data").getString("mode")).isEqualTo("local");
      assertThat(cluster.getJsonObject("data").getString("members")).isEqualTo("1");
    }
    assertThat(api().get("/health/started").status()).isEqualTo(200);
  }

  @Test
  void cacheMetricsCountEachCachesHitsMissesAndEntries() {
    String id =
        api()
            .post(
                "/api/v1/trees", "{\"location\": {\"lat\": 1, \"lng\": 2}, \"status\": \"alive\"}")
            .json()
            .getString("id");
    api().get("/api/v1/trees/" + id);
    long hits = metric("cache_hits_total{cache=\"trees\",mp_scope=\"application\"}");
    long misses = metric("cache_misses_total{cache=\"trees\",mp_scope=\"application\"}");
    for (int i = 0; i < 3; i++) {
      assertThat(api().get("/api/v1/trees/" + id).status()).isEqualTo(200);
    }
    assertThat(metric("cache_hits_total{cache=\"trees\",mp_scope=\"application\"}"))
        .isEqualTo(hits + 3);
    assertThat(metric("cache_misses_total{cache=\"trees\",mp_scope=\"application\"}"))
        .isEqualTo(misses);
    assertThat(metric("cache_entries{cache=\"trees\",mp_scope=\"application\"}")).isPositive();
    for (String cache :
        new String[] {"trees", "species", "idempotency", "analytics", "rate-limits", "lookups"}) {
      assertThat(metric("cache_evictions_total{cache=\"" + cache + "\",mp_scope=\"application\"}"))
          .as(cache)
          .isZero();
    }
    assertThat(metric("cluster_members{mp_scope=\"application\"}")).isEqualTo(1);
  }

  private long metric(String series) {
    return api()
        .get("/metrics?scope=application")
        .body()
        .lines()
        .filter(line -> line.startsWith(series + " "))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(series.length() + 1).strip()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + series));
  }

  @Test
  void apiRootNamesTheCollections() {
    Api.Response root = api().get("/api/v1");
    assertThat(root.status()).isEqualTo(200);
    assertThat(root.body())
        .isEqualTo(
            "{\"service\":\"treenetra\",\"apiVersion\":\"1\",\"resources\":"
                + "{\"species\":\"/api/v1/species\",\"trees\":\"/api/v1/trees\"},\"openapi\":\"/openapi\"}");
  }

  @Test
  void requestIdIsEchoedOrGenerated() {
    assertThat(api().get("/health", "X-Request-Id", "client-req.42_x").header("X-Request-Id"))
        .isEqualTo("client-req.42_x");
    String generated =
        api().get("/health", "X-Request-Id", "bad id with spaces").header("X-Request-Id");
    assertThat(generated).matches("[0-9a-f-]{36}");
    assertThat(api().get("/health", "X-Request-Id", "a".repeat(65)).header("X-Request-Id"))
        .matches("[0-9a-f-]{36}");
    Api.Response problem = api().get("/api/v1/trees/not-a-uuid", "X-Request-Id", "trace-1");
    assertThat(problem.json().getString("requestId")).isEqualTo("trace-1");
  }

  @Test
  void unknownPathsAndMethodsAreProblems() {
    Api.Response outside = api().get("/no/such/page");
    assertThat(outside.status()).isEqualTo(404);
    assertThat(outside.contentType()).startsWith("application/problem+json");
    assertThat(outside.json().getString("code")).isEqualTo("NOT_FOUND");
    Api.Response inside = api().get("/api/v1/no-such-resource");
    assertThat(inside.status()).isEqualTo(404);
    assertThat(inside.json().getString("code")).isEqualTo("NOT_FOUND");
    Api.Response method =
        api().send("PATCH", "/api/v1/species", "{}".getBytes(), "Content-Type", "application/json");
    assertThat(method.status()).isEqualTo(405);
    assertThat(method.json().getString("code")).isEqualTo("METHOD_NOT_ALLOWED");
  }

  @Test
  void metricsNameRouteTemplatesNeverRawPaths() {
    String id =
        api()
            .post(
                "/api/v1/trees", "{\"location\": {\"lat\": 1, \"lng\": 2}, \"status\": \"alive\"}")
            .json()
            .getString("id");
    api().get("/api/v1/trees/" + id);
    api().get("/api/v1/trees/00000000-0000-0000-0000-000000000000");
    String metrics = api().get("/metrics?scope=application").body();
    assertThat(metrics)
        .contains(
            "http_server_requests_seconds_count{method=\"GET\",mp_scope=\"application\",route=\"/api/v1/trees/{id}\",status=\"200\"}")
        .contains(
            "http_server_requests_seconds_count{method=\"GET\",mp_scope=\"application\",route=\"/api/v1/trees/{id}\",status=\"404\"}")
        .contains(
            "http_server_requests_seconds_count{method=\"POST\",mp_scope=\"application\",route=\"/api/v1/trees\",status=\"201\"}")
        .contains(
            "http_server_requests_seconds{method=\"GET\",mp_scope=\"application\",route=\"/api/v1/trees/{id}\",status=\"200\",quantile=\"0.99\"}")
        .contains("http_server_requests_active{mp_scope=\"application\"}")
        .contains("db_pool_connections_active{mp_scope=\"application\"}")
        .contains("db_pool_connections_pending{mp_scope=\"application\"}")
        .contains("db_pool_connections_max{mp_scope=\"application\"} 32")
        .contains("trees{mp_scope=\"application\",status=\"alive\"}")
        .doesNotContain(id);
    assertThat(metrics).containsPattern("trees_created_total\\{mp_scope=\"application\"} [1-9]");
    // Durations in seconds: a create takes well under a second here (not 2.0E8 nanoseconds).
    assertThat(metrics)
        .containsPattern(
            "http_server_requests_seconds_max\\{method=\"POST\",mp_scope=\"application\",route=\"/api/v1/trees\",status=\"201\"} (0\\.[0-9]+|[0-9]\\.[0-9]+E-[0-9]+)\n");
  }

  @Test
  void openApiDescribesEveryEndpoint() {
    String openapi = api().get("/openapi").body();
    assertThat(openapi)
        .contains("/api/v1/trees:")
        .contains("/api/v1/trees/{id}:")
        .contains("/api/v1/species:")
        .contains("/api/v1/species/{id}:")
        .contains("Idempotency-Key")
        .contains("application/problem+json")
        .contains("Problem:")
        .contains("TreeInput:")
        .contains("$ref: \"#/components/schemas/Tree\"")
        .contains("needs_attention");
  }
}
