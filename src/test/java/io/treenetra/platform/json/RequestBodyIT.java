package io.treenetra.platform.json;

import static io.treenetra.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.Api;
import io.treenetra.support.ApiIT;
import io.treenetra.support.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every JSON body of the API must be: UTF-8, nested at most 32 deep, its strings whole
 * characters. A body that is not is a 400 naming the body or the field, and writes nothing; a
 * character outside the Basic Multilingual Plane is stored exactly as sent.
 */
class RequestBodyIT extends ApiIT {

  private static final String TREE =
      "{\"location\": {\"lat\": 40.7, \"lng\": -73.9}, \"status\": \"alive\"";

  /** A body for each write endpoint, with {@code %s} where one of its string fields goes. */
  private record Write(String method, String path, String template, String field) {
    String body(String jsonString) {
      return template.formatted(jsonString);
    }
  }

  private List<Write> writes() {
    Api api = api();
    String tree = api.post("/api/v1/trees", TREE + "}").json().getString("id");
    String species =
        api.post("/api/v1/species", "{\"scientificName\": \"Corpus " + UUID.randomUUID() + "\"}")
            .json()
            .getString("id");
    String user =
        api.post(
                "/api/v1/users",
                "{\"username\": \"body-"
                    + UUID.randomUUID()
                    + "\", \"password\": \"body-password-123\", \"role\": \"viewer\"}")
            .json()
            .getString("id");
    return List.of(
        new Write(
            "POST",
            "/api/v1/trees",
            "{\"location\": {\"lat\": 40.7, \"lng\": -73.9, \"address\": %s}, \"status\": \"alive\"}",
            "location.address"),
        new Write("PUT", "/api/v1/trees/" + tree, TREE + ", \"notes\": %s}", "notes"),
        new Write("PATCH", "/api/v1/trees/" + tree, "{\"externalId\": %s}", "externalId"),
        new Write(
            "POST",
            "/api/v1/trees/" + tree + "/health-records",
            "{\"inspectedAt\": \"2026-11-01T10:00:00Z\", \"healthStatus\": \"healthy\","
                + " \"inspector\": %s}",
            "inspector"),
        new Write("POST", "/api/v1/species", "{\"scientificName\": %s}", "scientificName"),
        new Write(
            "PUT",
            "/api/v1/species/" + species,
            "{\"scientificName\": \"Corpus x\", \"commonName\": %s}",
            "commonName"),
        new Write(
            "POST",
            "/api/v1/users",
            "{\"username\": %s, \"password\": \"body-password-123\", \"role\": \"viewer\"}",
            "username"),
        new Write(
            "PUT", "/api/v1/users/" + user, "{\"username\": %s, \"role\": \"viewer\"}", "username"),
        new Write(
            "POST", "/api/v1/auth/login", "{\"username\": %s, \"password\": \"x\"}", "username"));
  }

  @Test
  void aLoneSurrogateIsA400NamingItsFieldOnEveryWrite() {
    for (Write write : writes()) {
      for (String lone : List.of("\"oak \\ud800\"", "\"\\udfff\"", "\"tree\\ud83c\"")) {
        String before = fingerprint();
        Api.Response response = send(write, write.body(lone).getBytes(StandardCharsets.UTF_8));
        assertProblem(response, 400, "VALIDATION_ERROR", List.of(write.field()));
        assertThat(response.json().getJsonArray("errors").getJsonObject(0).getString("message"))
            .as("%s %s", write.method(), write.path())
            .isEqualTo("must not contain an unpaired UTF-16 surrogate (such as \\ud800)");
        assertThat(fingerprint()).as("%s %s", write.method(), write.path()).isEqualTo(before);
      }
    }
  }

  @Test
  void brokenUtf8IsA400NamingTheBodyOnEveryWrite() {
    List<byte[]> broken =
        List.of(
            new byte[] {(byte) 0xFF},
            new byte[] {(byte) 0xC3, 0x28},
            // U+D800 encoded as if it were a character (CESU-8), and an overlong '/'
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            new byte[] {(byte) 0xC0, (byte) 0xAF});
    for (Write write : writes()) {
      for (byte[] bytes : broken) {
        String before = fingerprint();
        byte[] body = write.body("\"oak\"").getBytes(StandardCharsets.UTF_8);
        Api.Response response = send(write, body, bytes);
        assertProblem(response, 400, "VALIDATION_ERROR", List.of("body"));
        assertThat(response.json().getString("detail")).contains("not valid UTF-8 (at byte");
        assertThat(fingerprint()).isEqualTo(before);
      }
    }
  }

  @Test
  void deepNestingIsA400NamingTheBodyOnEveryWrite() {
    for (Write write : writes()) {
      for (String deep :
          List.of(
              "[".repeat(5000) + "]".repeat(5000), "{\"a\":".repeat(33) + "1" + "}".repeat(33))) {
        String before = fingerprint();
        Api.Response response = send(write, deep.getBytes(StandardCharsets.UTF_8));
        assertProblem(response, 400, "VALIDATION_ERROR", List.of("body"));
        assertThat(response.json().getString("detail"))
            .isEqualTo("body: is nested deeper than 32 objects or arrays");
        assertThat(fingerprint()).isEqualTo(before);
      }
    }
  }

  @Test
  void thirtyTwoLevelsAreStillReadAsABody() {
    String body = TREE + ", \"tags\": " + "[".repeat(31) + "]".repeat(31) + "}";
    assertProblem(api().post("/api/v1/trees", body), 400, "VALIDATION_ERROR", List.of("tags"));
  }

  @Test
  void charactersBeyondTheBasicPlaneAreStoredExactly() {
    String notes = "\uD83C\uDF33 planted by \u00C5sa, \uD834\uDD1E and \u4E2D\u6587";
    Api.Response created =
        api()
            .post(
                "/api/v1/trees",
                TREE
                    + ", \"notes\": \"\\ud83c\\udf33 planted by \u00C5sa, \uD834\uDD1E and \u4E2D\u6587\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().getString("id");
    assertThat(api().get("/api/v1/trees/" + id).json().getString("notes")).isEqualTo(notes);
    assertThat(TestEnvironment.queryString("SELECT notes FROM tree WHERE id = ?::uuid", id))
        .isEqualTo(notes);
  }

  private Api.Response send(Write write, byte[] body) {
    String type =
        write.method().equals("PATCH") ? "application/merge-patch+json" : "application/json";
    return api().send(write.method(), write.path(), body, "Content-Type", type);
  }

  /**
   * {@code write}'s body with {@code bytes} spliced in after the first quote of its string value.
   */
  private Api.Response send(Write write, byte[] body, byte[] bytes) {
    int at = new String(body, StandardCharsets.UTF_8).indexOf("\"oak") + 1;
    ByteArrayOutputStream spliced = new ByteArrayOutputStream();
    spliced.write(body, 0, at);
    spliced.write(bytes, 0, bytes.length);
    spliced.write(body, at, body.length - at);
    return send(write, spliced.toByteArray());
  }

  private static String fingerprint() {
    return TestEnvironment.queryString(
        """
        SELECT concat_ws('/',
          (SELECT count(*) FROM audit_event), (SELECT count(*) FROM inspection),
          (SELECT count(*) || ':' || count(revoked_at) FROM refresh_token))
        """);
  }
}
