package io.treenetra.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.Api;
import io.treenetra.support.ApiIT;
import io.treenetra.support.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Generated request bodies at every write endpoint and generated query strings at every list
 * endpoint: every answer is a 2xx or a 4xx problem, never a 5xx, and a 4xx writes nothing. The
 * bodies mix the resources' own field names with wrong types, deep nesting, huge numbers, broken
 * UTF-8 and strings with NUL and lone surrogates; each failure names the exact input.
 */
class GeneratedInputIT extends ApiIT {

  private static final int BODIES_PER_ENDPOINT = 150;
  private static final int QUERIES_PER_ENDPOINT = 150;

  /** The field names of the API's request bodies (and a few near misses). */
  private static final List<String> FIELDS =
      List.of(
          "location",
          "lat",
          "lng",
          "status",
          "healthStatus",
          "dbhCm",
          "heightM",
          "canopyDiameterM",
          "plantedDate",
          "tags",
          "notes",
          "externalId",
          "speciesId",
          "scientificName",
          "commonName",
          "address",
          "family",
          "genus",
          "inspectedAt",
          "inspector",
          "crownDieback",
          "observations",
          "recommendations",
          "username",
          "password",
          "role",
          "refreshToken",
          "dbh",
          "Status",
          "");

  /** The query parameters of the list endpoints (and a few near misses). */
  private static final List<String> PARAMETERS =
      List.of(
          "bbox",
          "near",
          "radiusM",
          "species",
          "status",
          "healthStatus",
          "tag",
          "dbhMin",
          "dbhMax",
          "plantedFrom",
          "plantedTo",
          "q",
          "sort",
          "format",
          "limit",
          "cursor",
          "period",
          "interval",
          "from",
          "to",
          "groupBy",
          "role",
          "Limit",
          "");

  private static String treeId;
  private static String speciesId;
  private static String userId;
  private static final List<String> created = new ArrayList<>();

  /** A tree, a species and a user for the writes by id, made once for both tests. */
  private void makeTargets() {
    if (treeId != null) {
      return;
    }
    Api api = api();
    String tag = "generated-" + UUID.randomUUID().toString().substring(0, 8);
    treeId =
        api.post(
                "/api/v1/trees",
                "{\"location\": {\"lat\": 40.7, \"lng\": -73.9}, \"status\": \"alive\", \"tags\": [\""
                    + tag
                    + "\"]}")
            .json()
            .getString("id", null);
    speciesId =
        api.post(
                "/api/v1/species",
                "{\"scientificName\": \"Generatus "
                    + UUID.randomUUID()
                    + "\", \"commonName\": \"generated\"}")
            .json()
            .getString("id", null);
    userId =
        api.post(
                "/api/v1/users",
                "{\"username\": \"generated-"
                    + UUID.randomUUID()
                    + "\", \"password\": \"generated-password-1\", \"role\": \"viewer\"}")
            .json()
            .getString("id", null);
    assertThat(List.of(String.valueOf(treeId), String.valueOf(speciesId), String.valueOf(userId)))
        .as("the targets were made")
        .doesNotContain("null");
  }

  @Test
  void noBodyAnswers5xxAndNoRefusedBodyWritesAnything() {
    makeTargets();
    record Endpoint(String method, String path, String contentType) {}
    List<Endpoint> endpoints =
        List.of(
            new Endpoint("POST", "/api/v1/trees", "application/json"),
            new Endpoint("PUT", "/api/v1/trees/" + treeId, "application/json"),
            new Endpoint("PATCH", "/api/v1/trees/" + treeId, "application/merge-patch+json"),
            new Endpoint("POST", "/api/v1/trees/" + treeId + "/health-records", "application/json"),
            new Endpoint("POST", "/api/v1/species", "application/json"),
            new Endpoint("PUT", "/api/v1/species/" + speciesId, "application/json"),
            new Endpoint("POST", "/api/v1/users", "application/json"),
            new Endpoint("PUT", "/api/v1/users/" + userId, "application/json"),
            new Endpoint("POST", "/api/v1/auth/login", "application/json"),
            new Endpoint("POST", "/api/v1/auth/refresh", "application/json"),
            new Endpoint("POST", "/api/v1/auth/logout", "application/json"));
    List<byte[]> bodies = bodies().sampleStream().limit(BODIES_PER_ENDPOINT).toList();
    for (Endpoint endpoint : endpoints) {
      for (byte[] body : bodies) {
        String before = fingerprint();
        Api.Response response =
            api()
                .send(
                    endpoint.method(),
                    endpoint.path(),
                    body,
                    "Content-Type",
                    endpoint.contentType());
        String input = endpoint.method() + " " + endpoint.path() + " " + shown(body);
        assertThat(response.status()).as("%s -> %s", input, response).isBetween(200, 499);
        if (response.status() >= 400) {
          assertThat(response.contentType()).as(input).startsWith("application/problem+json");
          assertThat(fingerprint()).as("written by a refused %s", input).isEqualTo(before);
        } else if (response.status() == 201 && response.header("Location") != null) {
          // A valid generated body made a resource: removed after the test.
          created.add(response.header("Location"));
        }
      }
    }
  }

  @Test
  void noQueryStringAnswers5xxOrWritesAnything() {
    makeTargets();
    List<String> lists =
        List.of(
            "/api/v1/trees",
            "/api/v1/species",
            "/api/v1/users",
            "/api/v1/trees/" + treeId + "/health-records",
            "/api/v1/trees/" + treeId + "/history",
            "/api/v1/trees/" + treeId + "/images",
            "/api/v1/analytics/statistics",
            "/api/v1/analytics/health-trends");
    List<String> queries = queries().sampleStream().limit(QUERIES_PER_ENDPOINT).toList();
    String before = fingerprint();
    for (String path : lists) {
      for (String query : queries) {
        Api.Response response = api().get(path + "?" + query);
        assertThat(response.status())
            .as("GET %s?%s -> %s", path, query, response)
            .isBetween(200, 499);
        if (response.status() >= 400) {
          assertThat(response.contentType())
              .as("GET %s?%s", path, query)
              .startsWith("application/problem+json");
        }
      }
    }
    assertThat(fingerprint()).as("written by list requests").isEqualTo(before);
  }

  /**
   * Past the listener's 32 KiB buffer the request never reaches TreeNetra: Grizzly answers a 400
   * without a body, and nothing is read or written.
   */
  @Test
  void requestLineBeyondTheListenersBufferIsA400() {
    String before = fingerprint();
    Api.Response response = api().get("/api/v1/trees?q=" + "a".repeat(40 * 1024));
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).isEmpty();
    assertThat(fingerprint()).isEqualTo(before);
  }

  /**
   * Removes everything this test made or changed (the targets, and what generated bodies that
   * happened to be valid created), so that no other test sees its random values.
   */
  @AfterAll
  static void removeWhatWasMade() {
    List<String> trees = new ArrayList<>(List.of(String.valueOf(treeId)));
    List<String> species = new ArrayList<>(List.of(String.valueOf(speciesId)));
    List<String> users = new ArrayList<>(List.of(String.valueOf(userId)));
    for (String location : created) {
      String path = java.net.URI.create(location).getPath();
      String id = path.substring(path.lastIndexOf('/') + 1);
      if (path.startsWith("/api/v1/trees/") && !path.contains("/health-records")) {
        trees.add(id);
      } else if (path.startsWith("/api/v1/species/")) {
        species.add(id);
      } else if (path.startsWith("/api/v1/users/")) {
        users.add(id);
      }
    }
    String treeIds = "{" + String.join(",", trees) + "}";
    TestEnvironment.execute("DELETE FROM inspection WHERE tree_id = ANY (?::uuid[])", treeIds);
    TestEnvironment.execute("DELETE FROM image WHERE tree_id = ANY (?::uuid[])", treeIds);
    TestEnvironment.execute("DELETE FROM tree WHERE id = ANY (?::uuid[])", treeIds);
    String speciesIds = "{" + String.join(",", species) + "}";
    TestEnvironment.execute("DELETE FROM species WHERE id = ANY (?::uuid[])", speciesIds);
    TestEnvironment.execute(
        "DELETE FROM app_user WHERE id = ANY (?::uuid[])", "{" + String.join(",", users) + "}");
  }

  /** Every table a request can write, as one value that changes whenever any of them does. */
  private static String fingerprint() {
    return TestEnvironment.queryString(
        """
        SELECT concat_ws('/',
          (SELECT count(*) FROM audit_event), (SELECT count(*) FROM inspection),
          (SELECT count(*) || ':' || count(used_at) || ':' || count(revoked_at) FROM refresh_token),
          (SELECT max(version) || ':' || max(updated_at) FROM tree),
          (SELECT max(version) || ':' || max(updated_at) FROM species),
          (SELECT count(*) || ':' || max(updated_at) FROM app_user))
        """);
  }

  private static String shown(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    return text.length() > 300 ? text.substring(0, 300) + "... (" + body.length + " bytes)" : text;
  }

  // ---- bodies

  static Arbitrary<byte[]> bodies() {
    Arbitrary<byte[]> objects = object(3).map(JsonText::utf8);
    Arbitrary<byte[]> anyValue = value(3).map(JsonText::utf8);
    Arbitrary<byte[]> deep =
        Combinators.combine(
                Arbitraries.integers().between(20, 6000), Arbitraries.of("[", "{\"a\":"))
            .as(JsonText::nested)
            .map(JsonText::utf8);
    Arbitrary<byte[]> truncated =
        Combinators.combine(object(2), Arbitraries.integers().between(0, 100))
            .as((text, cut) -> text.substring(0, Math.min(text.length(), cut)))
            .map(JsonText::utf8);
    Arbitrary<byte[]> brokenUtf8 =
        Combinators.combine(object(1), Arbitraries.of(JsonText.BROKEN_UTF8))
            .as(JsonText::spliceBytes);
    return Arbitraries.frequencyOf(
        Tuple.of(6, objects),
        Tuple.of(1, anyValue),
        Tuple.of(1, deep),
        Tuple.of(1, truncated),
        Tuple.of(1, brokenUtf8));
  }

  static Arbitrary<String> object(int depth) {
    Arbitrary<String> key =
        Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of(FIELDS)), Tuple.of(1, text()));
    Arbitrary<String> member =
        Combinators.combine(key, value(depth - 1)).as((k, v) -> JsonText.string(k) + ":" + v);
    return member.list().ofMaxSize(6).map(members -> "{" + String.join(",", members) + "}");
  }

  static Arbitrary<String> value(int depth) {
    Arbitrary<String> leaf =
        Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.of("null", "true", "false")),
            Tuple.of(3, numbers()),
            Tuple.of(4, text().map(JsonText::string)));
    if (depth <= 0) {
      return leaf;
    }
    Arbitrary<String> array =
        Arbitraries.lazy(() -> value(depth - 1))
            .list()
            .ofMaxSize(4)
            .map(items -> "[" + String.join(",", items) + "]");
    return Arbitraries.frequencyOf(
        Tuple.of(5, leaf), Tuple.of(1, array), Tuple.of(2, Arbitraries.lazy(() -> object(depth))));
  }

  static Arbitrary<String> numbers() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "0",
            "-0",
            "1",
            "-1",
            "0.5",
            "40.7",
            "-73.9",
            "1500",
            "1500.1",
            "1e400",
            "-1e400",
            "1e-400",
            "2147483648",
            "-2147483649",
            "9223372036854775808",
            "1E+999999999",
            "1e-999999999",
            "123456789012345678901234567890.123456789",
            "0.00000000001"),
        Arbitraries.integers().map(String::valueOf),
        Arbitraries.doubles().map(String::valueOf));
  }

  /** Text of any character, NUL and lone surrogates included, and the API's own values. */
  static Arbitrary<String> text() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "alive",
            "dead",
            "removed",
            "healthy",
            "critical",
            "Acer rubrum",
            // not "admin": generated sign-ins would use up the real admin's sign-in budget
            "viewer",
            "2015-08-27",
            "2026-11-26T10:30:00Z",
            "\u0000",
            "\uD800",
            "\uDFFF",
            "a\uDC00b",
            "\uD83C\uDF33",
            "\uFEFF",
            "\uFFFF",
            "\u202E"),
        Arbitraries.strings()
            .withCharRange(Character.MIN_VALUE, Character.MAX_VALUE)
            .ofMaxLength(20),
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(4000).ofMaxLength(4100),
        Arbitraries.strings().alpha().ofMaxLength(10));
  }

  // ---- query strings

  static Arbitrary<String> queries() {
    Arbitrary<String> name =
        Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.of(PARAMETERS)), Tuple.of(1, text().map(JsonText::percent)));
    Arbitrary<String> value =
        Arbitraries.oneOf(
            numbers(),
            text().map(JsonText::percent),
            Arbitraries.of(
                "40.7,-73.9",
                "-74.1,40.5,-73.7,40.9",
                "-181,-91,181,91",
                "1,2,3",
                "a,b,c,d",
                "NaN",
                "Infinity",
                "-Infinity",
                "alive,dead",
                "-createdAt",
                "dbhCm",
                "geojson",
                "csv",
                "30d",
                "week",
                "day",
                "0",
                "-5",
                "%00",
                "%FF",
                "%ED%A0%80",
                "%C0%AF",
                "%E2%82",
                "eyJpZCI6ICJ4In0",
                "!!!"),
            Arbitraries.integers().between(0, 255).list().ofMaxSize(12).map(JsonText::bytes));
    Arbitrary<String> parameter = Combinators.combine(name, value).as((n, v) -> n + "=" + v);
    // Within the HTTP listener's 32 KiB header buffer (payara/pre-boot.asadmin): the listener
    // itself
    // refuses a longer request line (requestLineBeyondTheListenersBufferIsA400).
    return parameter
        .list()
        .ofMinSize(1)
        .ofMaxSize(5)
        .map(ps -> String.join("&", ps))
        .filter(query -> query.length() <= 16 * 1024);
  }

  /** JSON text written by hand, so that it can hold what a JSON library would refuse to write. */
  static final class JsonText {

    static final List<byte[]> BROKEN_UTF8 =
        List.of(
            new byte[] {(byte) 0xFF},
            new byte[] {(byte) 0xC3, 0x28},
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            new byte[] {(byte) 0xC0, (byte) 0xAF},
            new byte[] {(byte) 0xE2, (byte) 0x82},
            new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80});

    private JsonText() {}

    /** A JSON string; control characters, NUL and every surrogate written as escapes. */
    static String string(String text) {
      StringBuilder out = new StringBuilder("\"");
      for (char c : text.toCharArray()) {
        if (c == '"' || c == '\\') {
          out.append('\\').append(c);
        } else if (c < 0x20 || Character.isSurrogate(c)) {
          out.append(String.format("\\u%04x", (int) c));
        } else {
          out.append(c);
        }
      }
      return out.append('"').toString();
    }

    static String nested(int depth, String opening) {
      String closing = opening.equals("[") ? "]" : "}";
      return opening.repeat(depth) + "1" + closing.repeat(depth);
    }

    static byte[] utf8(String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A valid object with broken UTF-8 inside its first string, or in front of it. */
    static byte[] spliceBytes(String object, byte[] broken) {
      byte[] text = utf8(object);
      int at = object.indexOf('"') + 1;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(text, 0, at);
      out.write(broken, 0, broken.length);
      out.write(text, at, text.length - at);
      return out.toByteArray();
    }

    /**
     * Percent-encoded UTF-8 of {@code text}; a lone surrogate as the bytes a broken client sends.
     */
    static String percent(String text) {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (Character.isSurrogate(c)
            && !(Character.isHighSurrogate(c)
                && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1)))) {
          out.append(
              String.format(
                  "%%%02X%%%02X%%%02X",
                  0xE0 | (c >> 12), 0x80 | ((c >> 6) & 0x3F), 0x80 | (c & 0x3F)));
          continue;
        }
        int end = Character.isHighSurrogate(c) ? i + 2 : i + 1;
        for (byte b : text.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
          out.append(String.format("%%%02X", b & 0xFF));
        }
        i = end - 1;
      }
      return out.toString();
    }

    static String bytes(List<Integer> bytes) {
      StringBuilder out = new StringBuilder();
      bytes.forEach(b -> out.append(String.format("%%%02X", b)));
      return out.toString();
    }
  }
}
