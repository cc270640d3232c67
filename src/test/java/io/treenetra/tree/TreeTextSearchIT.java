package io.treenetra.tree;

import static io.treenetra.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.Api;
import io.treenetra.support.ApiIT;
import io.treenetra.support.NycSample;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code q}: every word, as a prefix, over species names, tags, address and notes; ranked. */
class TreeTextSearchIT extends ApiIT {

  private String q(String text) {
    return "q=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private long total(String query) {
    Api.Response response = api().get("/api/v1/trees?" + query + "&count=true&limit=1");
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json().getJsonObject("pagination").getJsonNumber("total").longValue();
  }

  private List<String> pages(String query) {
    return api().pageThrough("/api/v1/trees?" + query).stream()
        .map(t -> t.getString("id"))
        .toList();
  }

  private List<String> ids(String query) {
    Api.Response response = api().get("/api/v1/trees?" + query + "&limit=500");
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.data().getValuesAs(JsonObject.class).stream()
        .map(t -> t.getString("id"))
        .toList();
  }

  @Test
  void speciesNamesAndAddressesOfTheCensus() {
    NycSample.Loaded nyc = NycSample.shared();
    // 1,489 London planetrees (Platanus x acerifolia) in the sample, by either name, any case, or a
    // prefix.
    assertThat(
            nyc.trees().stream()
                .filter(t -> "Platanus x acerifolia".equals(t.scientificName()))
                .count())
        .isEqualTo(1489);
    assertThat(total(q("platanus") + "&tag=" + nyc.tag())).isEqualTo(1489);
    assertThat(total(q("London") + "&tag=" + nyc.tag())).isEqualTo(1489);
    assertThat(total(q("london planetr") + "&tag=" + nyc.tag())).isEqualTo(1489);
    assertThat(total(q("Platanus acerifolia") + "&status=alive&tag=" + nyc.tag()))
        .isEqualTo(
            nyc.trees().stream()
                .filter(
                    t ->
                        "Platanus x acerifolia".equals(t.scientificName())
                            && t.status().equals("alive"))
                .count());

    // Words of the address, as prefixes ("ave" finds AVENUE), all of them required.
    long madisonAvenue =
        nyc.trees().stream().filter(t -> hasWords(t.address(), "madison", "ave")).count();
    assertThat(madisonAvenue).isGreaterThan(10);
    assertThat(total(q("Madison ave") + "&tag=" + nyc.tag())).isEqualTo(madisonAvenue);
    // Species and address together: London planetrees on a Madison avenue.
    long planesOnMadison =
        nyc.trees().stream()
            .filter(
                t ->
                    "Platanus x acerifolia".equals(t.scientificName())
                        && hasWords(t.address(), "madison", "ave"))
            .count();
    assertThat(total(q("london madison ave") + "&tag=" + nyc.tag())).isEqualTo(planesOnMadison);
    assertThat(total(q("zzzyzzyva") + "&tag=" + nyc.tag())).isZero();
  }

  private static boolean hasWords(String text, String... prefixes) {
    List<String> words = Arrays.asList(text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+"));
    return Arrays.stream(prefixes).allMatch(p -> words.stream().anyMatch(w -> w.startsWith(p)));
  }

  @Test
  void rankedByWhereTheWordsAreAccentsAndStemsIgnoredAndKeptCurrentOnWrite() {
    String tag = "text-" + UUID.randomUUID().toString().substring(0, 8);
    String inNotes = create(tag, "\"notes\":\"Planted by the Quillwort society, near the café\"");
    String inAddress =
        create(tag, "\"location\":{\"lat\":40.7,\"lng\":-73.9,\"address\":\"12 QUILLWORT LANE\"}");
    String inTags = create(tag, "\"tags\":[\"" + tag + "\",\"quillwort\"]");
    String inSpecies =
        create(tag, "\"scientificName\":\"Acer rubrum\",\"notes\":\"pruned branches\"");

    // Tags weigh most, then the address, then the notes.
    assertThat(ids(q("quillwort") + "&tag=" + tag)).containsExactly(inTags, inAddress, inNotes);
    assertThat(ids(q("QUILL") + "&tag=" + tag)).containsExactly(inTags, inAddress, inNotes);
    assertThat(ids(q("Quillworts") + "&tag=" + tag)).containsExactly(inTags, inAddress, inNotes);
    // One a page: the cursor carries the tier across the boundaries.
    assertThat(pages(q("quillwort") + "&tag=" + tag + "&limit=1"))
        .containsExactly(inTags, inAddress, inNotes);
    // A cursor is bound to its query, and a forged tier is refused.
    String forged =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ("relevance@'quillwort':*\u00017\u0001" + inTags).getBytes(StandardCharsets.UTF_8));
    assertProblem(
        api().get("/api/v1/trees?" + q("quillwort") + "&cursor=" + forged),
        400,
        "VALIDATION_ERROR",
        List.of("cursor"));
    // Accents and stems: "cafe" finds "café", "branch" finds "branches", "red maple" the species'
    // common name.
    assertThat(ids(q("cafe") + "&tag=" + tag)).containsExactly(inNotes);
    assertThat(ids(q("CAFÉ") + "&tag=" + tag)).containsExactly(inNotes);
    assertThat(ids(q("branch") + "&tag=" + tag)).containsExactly(inSpecies);
    assertThat(ids(q("red maple pruned") + "&tag=" + tag)).containsExactly(inSpecies);
    // Every word must match.
    assertThat(ids(q("quillwort café") + "&tag=" + tag)).containsExactly(inNotes);

    // The searchable text follows every write.
    assertThat(api().patch("/api/v1/trees/" + inNotes, "{\"notes\":\"nothing to see\"}").status())
        .isEqualTo(200);
    assertThat(ids(q("cafe") + "&tag=" + tag)).isEmpty();
    assertThat(ids(q("nothing") + "&tag=" + tag)).containsExactly(inNotes);
    assertThat(
            api()
                .patch("/api/v1/trees/" + inSpecies, "{\"scientificName\":\"Quercus palustris\"}")
                .status())
        .isEqualTo(200);
    assertThat(ids(q("red maple") + "&tag=" + tag)).isEmpty();
    assertThat(ids(q("pin oak") + "&tag=" + tag)).containsExactly(inSpecies);
    assertThat(api().delete("/api/v1/trees/" + inTags).status()).isEqualTo(204);
    assertThat(ids(q("quillwort") + "&tag=" + tag)).containsExactly(inAddress);
  }

  /**
   * A tier of thousands of trees (3,574 NYC addresses on an avenue) is walked in id order, a tier
   * with none is skipped: every match once, pages of 500, against brute force.
   */
  @Test
  void aLargeTierPagesCompletely() {
    NycSample.Loaded nyc = NycSample.shared();
    java.util.Set<String> expected =
        nyc.trees().stream()
            .filter(t -> hasWords(t.address(), "avenu"))
            .map(t -> t.id().toString())
            .collect(java.util.stream.Collectors.toSet());
    assertThat(expected).hasSize(3574);
    List<String> found = pages(q("avenue") + "&tag=" + nyc.tag() + "&limit=500");
    assertThat(found).doesNotHaveDuplicates().hasSize(3574);
    assertThat(java.util.Set.copyOf(found)).isEqualTo(expected);
    assertThat(found).isSorted();
  }

  /**
   * A query of several words first looks through the next trees in id order and falls back to the
   * probe when they hold too few matches: dense (1,489 London planetrees, pages of 50, the last one
   * short) and sparse (an address on Madison avenue, pages of 7), each paged to its end: every
   * match once, in id order, against brute force.
   */
  @Test
  void queriesOfSeveralWordsPageCompletely() {
    NycSample.Loaded nyc = NycSample.shared();
    List<String> planes =
        nyc.trees().stream()
            .filter(t -> "Platanus x acerifolia".equals(t.scientificName()))
            .map(t -> t.id().toString())
            .sorted()
            .toList();
    assertThat(pages(q("london planetr") + "&tag=" + nyc.tag() + "&limit=50"))
        .containsExactlyElementsOf(planes);
    List<String> madison =
        nyc.trees().stream()
            .filter(t -> hasWords(t.address(), "madison", "ave"))
            .map(t -> t.id().toString())
            .sorted()
            .toList();
    assertThat(madison).hasSizeGreaterThan(10);
    assertThat(pages(q("madison ave") + "&tag=" + nyc.tag() + "&limit=7"))
        .containsExactlyElementsOf(madison);
  }

  @Test
  void renamingASpeciesRenamesItInTheSearchOfItsTrees() {
    String tag = "rename-" + UUID.randomUUID().toString().substring(0, 8);
    String name = "Testus " + tag.replace("-", "");
    Api.Response species =
        api()
            .post(
                "/api/v1/species",
                "{\"scientificName\":\"" + name + "\",\"commonName\":\"glimmerwood\"}");
    assertThat(species.status()).isEqualTo(201);
    String tree = create(tag, "\"speciesId\":\"" + species.json().getString("id") + "\"");
    assertThat(ids(q("glimmerwood") + "&tag=" + tag)).containsExactly(tree);

    Api.Response renamed =
        api()
            .put(
                "/api/v1/species/" + species.json().getString("id"),
                "{\"scientificName\":\"" + name + "\",\"commonName\":\"shimmerbark\"}");
    assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
    assertThat(ids(q("glimmerwood") + "&tag=" + tag)).isEmpty();
    assertThat(ids(q("shimmerbark") + "&tag=" + tag)).containsExactly(tree);
  }

  @Test
  void relevancePagesWithoutDuplicatesAndCombinesWithNear() {
    NycSample.Loaded nyc = NycSample.shared();
    List<String> all = pages(q("london") + "&tag=" + nyc.tag() + "&limit=200");
    assertThat(all).hasSize(1489).doesNotHaveDuplicates();

    // With near, the matches come nearest first.
    Api.Response near =
        api()
            .get(
                "/api/v1/trees?"
                    + q("london")
                    + "&near=40.7580,-73.9855&limit=20&tag="
                    + nyc.tag());
    List<JsonObject> trees = near.data().getValuesAs(JsonObject.class);
    assertThat(trees)
        .hasSize(20)
        .allMatch(
            t ->
                t.getJsonObject("species")
                    .getString("scientificName")
                    .equals("Platanus x acerifolia"));
    assertThat(trees.stream().map(t -> t.getJsonNumber("distanceM").doubleValue()).toList())
        .isSorted();
  }

  @Test
  void listsWithoutNearCarryNoDistance() {
    NycSample.Loaded nyc = NycSample.shared();
    // Full text, each sort, a box and the plain list: none was asked for a distance.
    for (String query :
        List.of(
            q("london") + "&limit=50",
            q("london") + "&sort=-dbhCm&limit=50",
            "limit=50",
            "sort=createdAt&limit=50",
            "sort=dbhCm&limit=50",
            "bbox=-74.3,40.4,-73.6,41.0&limit=50")) {
      Api.Response page = api().get("/api/v1/trees?" + query + "&tag=" + nyc.tag());
      assertThat(page.status()).as(query).isEqualTo(200);
      List<JsonObject> trees = page.data().getValuesAs(JsonObject.class);
      assertThat(trees).as(query).hasSize(50).noneMatch(t -> t.containsKey("distanceM"));
    }
  }

  /** A tree tagged {@code tag} at 40.7,-73.9, alive, with these fields added or replaced. */
  private String create(String tag, String fields) {
    JsonObject extra = Json.createReader(new StringReader("{" + fields + "}")).readObject();
    JsonObjectBuilder body =
        Json.createObjectBuilder()
            .add("location", Json.createObjectBuilder().add("lat", 40.7).add("lng", -73.9))
            .add("status", "alive")
            .add("tags", Json.createArrayBuilder().add(tag));
    extra.forEach(body::add);
    Api.Response created = api().post("/api/v1/trees", body.build().toString());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }
}
