package io.treenetra.support;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.List;

/** The problem+json contract of API.md, checked in full on an error response. */
public final class ProblemAssert {

  private ProblemAssert() {}

  public static void assertProblem(
      Api.Response response, int status, String code, List<String> fields) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    JsonObject problem = response.json();
    assertThat(problem.getInt("status")).isEqualTo(status);
    assertThat(problem.getString("code")).isEqualTo(code);
    assertThat(problem.getString("type"))
        .isEqualTo("urn:treenetra:problem:" + code.toLowerCase().replace('_', '-'));
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("detail")).isNotBlank();
    assertThat(problem.getString("requestId")).isEqualTo(response.header("X-Request-Id"));
    assertThat(problem.getString("instance")).matches("/api/v1(/.*)?");
    List<String> named =
        problem.getJsonArray("errors").getValuesAs(JsonObject.class).stream()
            .map(e -> e.getString("field"))
            .toList();
    assertThat(named).containsExactlyInAnyOrderElementsOf(fields);
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("at io.treenetra");
  }
}
