package io.treenetra.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.Api;
import io.treenetra.support.ApiIT;
import io.treenetra.support.TestEnvironment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * API.md's permission matrix, every role against every endpoint: reading needs any role, creating
 * and updating needs user or above, deleting manager or above, users and imports admin. A request
 * that is allowed is made so that it changes nothing (an invalid body, an id that does not exist),
 * so the answer tells only whether the role got past the door: 401 without a token, 403 for a role
 * below the endpoint's, anything else when allowed.
 */
class PermissionMatrixIT extends ApiIT {

  private static final String ANY = "viewer";
  private static final String WRITE = "user";
  private static final String DELETE = "manager";
  private static final String ADMIN = "admin";
  private static final List<String> ROLES = List.of("viewer", "user", "manager", "admin");

  record Endpoint(String method, String path, String body, String contentType, String lowestRole) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  @Test
  void everyRoleAgainstEveryEndpoint() {
    String tree =
        TestEnvironment.queryString("SELECT id::text FROM tree WHERE deleted_at IS NULL LIMIT 1");
    if (tree == null) {
      tree =
          api()
              .post(
                  "/api/v1/trees",
                  "{\"location\":{\"lat\":40.7,\"lng\":-73.9},\"status\":\"alive\"}")
              .json()
              .getString("id");
    }
    String species = TestEnvironment.queryString("SELECT id::text FROM species LIMIT 1");
    String missing = UUID.randomUUID().toString();
    String invalid = "{\"unknownField\":1}";
    List<Endpoint> endpoints =
        List.of(
            new Endpoint("GET", "/api/v1/trees?limit=1", null, null, ANY),
            new Endpoint("GET", "/api/v1/trees/" + tree, null, null, ANY),
            new Endpoint("GET", "/api/v1/trees/" + tree + "/history", null, null, ANY),
            new Endpoint("POST", "/api/v1/trees", invalid, "application/json", WRITE),
            new Endpoint("PUT", "/api/v1/trees/" + missing, invalid, "application/json", WRITE),
            new Endpoint(
                "PATCH",
                "/api/v1/trees/" + missing,
                invalid,
                "application/merge-patch+json",
                WRITE),
            new Endpoint("DELETE", "/api/v1/trees/" + missing, null, null, DELETE),
            new Endpoint("GET", "/api/v1/trees/" + tree + "/health-records", null, null, ANY),
            new Endpoint(
                "POST",
                "/api/v1/trees/" + missing + "/health-records",
                invalid,
                "application/json",
                WRITE),
            new Endpoint("GET", "/api/v1/trees/" + tree + "/images", null, null, ANY),
            new Endpoint(
                "POST",
                "/api/v1/trees/" + missing + "/images",
                "x",
                "multipart/form-data; boundary=b",
                WRITE),
            new Endpoint("GET", "/api/v1/images/" + missing, null, null, ANY),
            new Endpoint("GET", "/api/v1/images/" + missing + "/content", null, null, ANY),
            new Endpoint("GET", "/api/v1/images/" + missing + "/thumbnail", null, null, ANY),
            new Endpoint("DELETE", "/api/v1/images/" + missing, null, null, DELETE),
            new Endpoint("GET", "/api/v1/species?limit=1", null, null, ANY),
            new Endpoint("GET", "/api/v1/species/" + species, null, null, ANY),
            new Endpoint("POST", "/api/v1/species", invalid, "application/json", WRITE),
            new Endpoint("PUT", "/api/v1/species/" + missing, invalid, "application/json", WRITE),
            new Endpoint("GET", "/api/v1/analytics/statistics", null, null, ANY),
            new Endpoint("GET", "/api/v1/analytics/health-trends", null, null, ANY),
            new Endpoint("GET", "/api/v1/analytics/benefits", null, null, ANY),
            new Endpoint("GET", "/api/v1/analytics/work", null, null, ANY),
            new Endpoint("GET", "/api/v1/trees/" + tree + "/benefits", null, null, ANY),
            new Endpoint("GET", "/api/v1/work-orders?limit=1", null, null, ANY),
            new Endpoint("GET", "/api/v1/work-orders/" + missing, null, null, ANY),
            new Endpoint("GET", "/api/v1/work-orders/" + missing + "/history", null, null, ANY),
            new Endpoint("POST", "/api/v1/work-orders", invalid, "application/json", WRITE),
            // Viewers may move the orders assigned to them; the service decides per order.
            new Endpoint(
                "PATCH",
                "/api/v1/work-orders/" + missing,
                invalid,
                "application/merge-patch+json",
                ANY),
            new Endpoint("POST", "/api/v1/imports?format=nope", "", "text/csv", ADMIN),
            new Endpoint("GET", "/api/v1/imports/" + missing, null, null, ADMIN),
            new Endpoint("DELETE", "/api/v1/imports/" + missing, null, null, ADMIN),
            new Endpoint("GET", "/api/v1/users?limit=1", null, null, ADMIN),
            new Endpoint("POST", "/api/v1/users", invalid, "application/json", ADMIN),
            new Endpoint("GET", "/api/v1/users/" + missing, null, null, ADMIN),
            new Endpoint("PUT", "/api/v1/users/" + missing, invalid, "application/json", ADMIN),
            new Endpoint("DELETE", "/api/v1/users/" + missing, null, null, ADMIN));

    Map<String, Api> callers = new LinkedHashMap<>();
    callers.put("anonymous", api().anonymous());
    Users users = new Users(api());
    for (String role : List.of("viewer", "user", "manager")) {
      callers.put(role, users.make(role).api());
    }
    callers.put("admin", api());

    long trees = TestEnvironment.queryLong("SELECT count(*) FROM tree");
    long userCount = TestEnvironment.queryLong("SELECT count(*) FROM app_user");
    List<String> wrong = new ArrayList<>();
    for (Endpoint endpoint : endpoints) {
      for (Map.Entry<String, Api> caller : callers.entrySet()) {
        Api.Response response = send(caller.getValue(), endpoint);
        int expected = expectedStatus(caller.getKey(), endpoint.lowestRole());
        boolean ok =
            expected == 0
                ? response.status() != 401 && response.status() != 403 && response.status() < 500
                : response.status() == expected
                    && response.contentType().startsWith("application/problem+json");
        if (!ok) {
          wrong.add(
              caller.getKey()
                  + " "
                  + endpoint
                  + ": expected "
                  + (expected == 0 ? "allowed" : expected)
                  + ", got "
                  + response.status()
                  + " "
                  + response.body());
        }
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(TestEnvironment.queryLong("SELECT count(*) FROM tree")).isEqualTo(trees);
    assertThat(TestEnvironment.queryLong("SELECT count(*) FROM app_user")).isEqualTo(userCount);
    // The API root and sign-in are open to everyone.
    assertThat(api().anonymous().get("/api/v1/").status()).isEqualTo(200);
  }

  /** 0 when allowed, else the status that refuses the caller. */
  private static int expectedStatus(String caller, String lowestRole) {
    if (caller.equals("anonymous")) {
      return 401;
    }
    return ROLES.indexOf(caller) >= ROLES.indexOf(lowestRole) ? 0 : 403;
  }

  private static Api.Response send(Api api, Endpoint endpoint) {
    byte[] body =
        endpoint.body() == null ? new byte[0] : endpoint.body().getBytes(StandardCharsets.UTF_8);
    return endpoint.contentType() == null
        ? api.send(endpoint.method(), endpoint.path(), body)
        : api.send(
            endpoint.method(), endpoint.path(), body, "Content-Type", endpoint.contentType());
  }
}
