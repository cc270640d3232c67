package io.treenetra.species;

import static io.treenetra.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.Api;
import io.treenetra.support.ApiIT;
import io.treenetra.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SpeciesIT extends ApiIT {

  @Test
  void catalogueIsSeededWithTheNycSpecies() {
    assertThat(
            TestEnvironment.queryLong(
                "SELECT count(*) FROM species WHERE created_at < now() - interval '0 seconds'"
                    + " AND common_name IS NOT NULL AND scientific_name IN ('Platanus x acerifolia', 'Acer rubrum', 'Gleditsia triacanthos var. inermis')"))
        .isEqualTo(3);
    JsonObject plane = api().get("/api/v1/species?q=platanus").data().getJsonObject(0);
    assertThat(plane.getString("scientificName")).isEqualTo("Platanus x acerifolia");
    assertThat(plane.getString("commonName")).isEqualTo("London planetree");
  }

  @Test
  void autocompleteOnBothNamesBestMatchFirst() {
    List<JsonObject> maples =
        api().get("/api/v1/species?q=MAPLE&limit=100").data().getValuesAs(JsonObject.class);
    // The name that is "maple" first, then every species with a word of a name starting with
    // "maple".
    assertThat(maples.get(0).getString("commonName")).isEqualTo("maple");
    assertThat(maples)
        .allMatch(s -> s.getString("commonName").toLowerCase().matches("(.* )?maple.*"));
    assertThat(maples)
        .hasSize(
            (int)
                TestEnvironment.queryLong(
                    "SELECT count(*) FROM species WHERE lower(common_name) ~ '(^| )maple' OR lower(scientific_name) ~ '(^| )maple'"));

    List<String> acers =
        api().get("/api/v1/species?q=acer&limit=100").data().getValuesAs(JsonObject.class).stream()
            .map(s -> s.getString("scientificName"))
            .toList();
    // Names starting with "Acer" first, then names with a word starting with it.
    int acerCount =
        (int)
            TestEnvironment.queryLong(
                "SELECT count(*) FROM species WHERE lower(scientific_name) LIKE 'acer%'");
    assertThat(acers.subList(0, acerCount))
        .allMatch(n -> n.startsWith("Acer"))
        .contains("Acer rubrum", "Acer platanoides");
    assertThat(acers.subList(acerCount, acers.size())).contains("Platanus x acerifolia");

    // Paging through the matches gives the same list.
    List<String> paged =
        api().pageThrough("/api/v1/species?q=acer&limit=4").stream()
            .map(s -> s.getString("scientificName"))
            .toList();
    assertThat(paged).isEqualTo(acers);
  }

  @Test
  void autocompleteToleratesATypo() {
    assertThat(first("plantanus")).isEqualTo("Platanus x acerifolia");
    assertThat(first("honeylocsut")).isEqualTo("Gleditsia triacanthos var. inermis");
    assertThat(first("ginko")).isEqualTo("Ginkgo biloba");
    assertThat(first("quercus palstris")).isEqualTo("Quercus palustris");
    assertThat(first("sycamor")).isEqualTo("Acer pseudoplatanus");
    assertThat(api().get("/api/v1/species?q=xyzzy").data()).isEmpty();
  }

  private String first(String q) {
    return api()
        .get("/api/v1/species?q=" + q.replace(" ", "+"))
        .data()
        .getJsonObject(0)
        .getString("scientificName");
  }

  @Test
  void autocompleteRefusesQueriesWithoutWords() {
    assertProblem(api().get("/api/v1/species?q=%25"), 400, "VALIDATION_ERROR", List.of("q"));
    assertProblem(
        api().get("/api/v1/species?q=" + "a".repeat(201)), 400, "VALIDATION_ERROR", List.of("q"));
    String cursor =
        api()
            .get("/api/v1/species?q=acer&limit=1")
            .json()
            .getJsonObject("pagination")
            .getString("nextCursor");
    assertProblem(
        api().get("/api/v1/species?q=oak&limit=1&cursor=" + cursor),
        400,
        "VALIDATION_ERROR",
        List.of("cursor"));
  }

  @Test
  void pagesThroughTheWholeCatalogue() {
    int seen = 0;
    String cursor = null;
    java.util.Set<String> ids = new java.util.HashSet<>();
    do {
      Api.Response page =
          api().get("/api/v1/species?limit=7" + (cursor == null ? "" : "&cursor=" + cursor));
      for (JsonObject species : page.data().getValuesAs(JsonObject.class)) {
        assertThat(ids.add(species.getString("id"))).isTrue();
        seen++;
      }
      JsonObject pagination = page.json().getJsonObject("pagination");
      cursor = pagination.isNull("nextCursor") ? null : pagination.getString("nextCursor");
    } while (cursor != null);
    assertThat(seen).isEqualTo(TestEnvironment.queryLong("SELECT count(*) FROM species"));
  }

  @Test
  void createReadReplaceAndUniqueNames() {
    String name = "Testus arboreus " + UUID.randomUUID().toString().substring(0, 8);
    Api.Response created =
        api()
            .post(
                "/api/v1/species",
                "{\"scientificName\": \""
                    + name
                    + "\", \"commonName\": \"test tree\", \"family\": \"Testaceae\","
                    + " \"maxDbhCm\": 120, \"maxHeightM\": 30}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.header("ETag")).isEqualTo("\"1\"");
    String id = created.json().getString("id");
    assertThat(created.header("Location")).endsWith("/api/v1/species/" + id);

    JsonObject read = api().get("/api/v1/species/" + id).json();
    assertThat(read.getString("scientificName")).isEqualTo(name);
    assertThat(read.getString("family")).isEqualTo("Testaceae");
    assertThat(read.getJsonNumber("maxDbhCm").doubleValue()).isEqualTo(120.0);

    long before = TestEnvironment.queryLong("SELECT count(*) FROM species");
    assertProblem(
        api().post("/api/v1/species", "{\"scientificName\": \"" + name.toUpperCase() + "\"}"),
        409,
        "CONFLICT",
        List.of("scientificName"));
    assertProblem(
        api().post("/api/v1/species", "{\"scientificName\": \"  \", \"maxHeightM\": 151}"),
        400,
        "VALIDATION_ERROR",
        List.of("scientificName", "maxHeightM"));
    assertThat(TestEnvironment.queryLong("SELECT count(*) FROM species")).isEqualTo(before);

    // A tree can now name it, in any case.
    Api.Response tree =
        api()
            .post(
                "/api/v1/trees",
                "{\"location\": {\"lat\": 1, \"lng\": 2}, \"status\": \"planned\", \"scientificName\": \""
                    + name.toLowerCase()
                    + "\"}");
    assertThat(tree.status()).isEqualTo(201);
    assertThat(tree.json().getJsonObject("species").getString("id")).isEqualTo(id);

    Api.Response replaced =
        api()
            .put(
                "/api/v1/species/" + id,
                "{\"scientificName\": \"" + name + "\", \"commonName\": \"renamed\"}",
                "If-Match",
                "\"1\"");
    assertThat(replaced.status()).isEqualTo(200);
    assertThat(replaced.header("ETag")).isEqualTo("\"2\"");
    assertThat(replaced.json().getString("commonName")).isEqualTo("renamed");
    assertThat(replaced.json().isNull("family")).isTrue();
    assertProblem(
        api()
            .put(
                "/api/v1/species/" + id,
                "{\"scientificName\": \"" + name + "\"}",
                "If-Match",
                "\"1\""),
        412,
        "PRECONDITION_FAILED",
        List.of("If-Match"));
    assertProblem(
        api().put("/api/v1/species/" + id, "{\"scientificName\": \"Acer rubrum\"}"),
        409,
        "CONFLICT",
        List.of("scientificName"));
    assertThat(api().get("/api/v1/species/" + id, "If-None-Match", "\"2\"").status())
        .isEqualTo(304);
    assertProblem(api().get("/api/v1/species/" + UUID.randomUUID()), 404, "NOT_FOUND", List.of());
    assertProblem(api().get("/api/v1/species/oak"), 400, "VALIDATION_ERROR", List.of("id"));
  }
}
