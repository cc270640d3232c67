package io.treenetra.platform.health;

import io.treenetra.platform.json.JsonP;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * The MicroProfile Health JSON shape, for the two load-balancer paths: 200 when UP, 503 when DOWN.
 */
final class HealthResponses {

  private HealthResponses() {}

  static void write(HealthCheckResponse check, HttpServletResponse response) throws IOException {
    write(List.of(check), response);
  }

  /** UP, and 200, when every check is up. */
  static void write(List<HealthCheckResponse> checks, HttpServletResponse response)
      throws IOException {
    boolean up =
        checks.stream().allMatch(check -> check.getStatus() == HealthCheckResponse.Status.UP);
    JsonArrayBuilder checksJson = JsonP.PROVIDER.createArrayBuilder();
    for (HealthCheckResponse check : checks) {
      checksJson.add(json(check));
    }
    response.setStatus(up ? 200 : 503);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response
        .getWriter()
        .write(
            JsonP.PROVIDER
                .createObjectBuilder()
                .add("status", up ? "UP" : "DOWN")
                .add("checks", checksJson)
                .build()
                .toString());
  }

  private static JsonObjectBuilder json(HealthCheckResponse check) {
    JsonObjectBuilder checkJson =
        JsonP.PROVIDER
            .createObjectBuilder()
            .add("name", check.getName())
            .add("status", check.getStatus().name());
    check
        .getData()
        .ifPresent(
            data -> {
              JsonObjectBuilder dataJson = JsonP.PROVIDER.createObjectBuilder();
              data.forEach((key, value) -> dataJson.add(key, String.valueOf(value)));
              checkJson.add("data", dataJson);
            });
    return checkJson;
  }
}
