package io.treenetra.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.imports.SpeciesMatcher.How;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SpeciesMatcherTest {

  private static final SpeciesMatcher.Known RED_MAPLE = known("Acer rubrum", "red maple");
  private static final SpeciesMatcher.Known MAPLE = known("Acer", "maple");
  private static final SpeciesMatcher.Known CRIMSON_KING =
      known("Acer platanoides 'Crimson King'", "crimson king maple");
  private static final SpeciesMatcher.Known NORWAY_MAPLE =
      known("Acer platanoides", "Norway maple");
  private static final SpeciesMatcher.Known HONEYLOCUST =
      known("Gleditsia triacanthos var. inermis", "honeylocust");
  private static final SpeciesMatcher.Known PLANE =
      known("Platanus x acerifolia", "London planetree");
  private static final List<SpeciesMatcher.Known> CATALOGUE =
      List.of(RED_MAPLE, MAPLE, CRIMSON_KING, NORWAY_MAPLE, HONEYLOCUST, PLANE);

  private static SpeciesMatcher.Known known(String scientific, String common) {
    return new SpeciesMatcher.Known(UUID.randomUUID(), scientific, common);
  }

  private final List<String> asked = new ArrayList<>();

  /** The database's answer, as pg_trgm would give it for the two names the test spells wrong. */
  private SpeciesMatcher matcher(boolean create) {
    return new SpeciesMatcher(
        CATALOGUE,
        name -> {
          asked.add(name);
          return switch (name) {
            case "honeylocus" ->
                List.of(
                    new SpeciesMatcher.Candidate(
                        HONEYLOCUST.id(), HONEYLOCUST.scientificName(), 0.769),
                    new SpeciesMatcher.Candidate(PLANE.id(), PLANE.scientificName(), 0.1));
            case "red mapel" ->
                List.of(
                    new SpeciesMatcher.Candidate(
                        RED_MAPLE.id(), RED_MAPLE.scientificName(), 0.538));
            case "maple norwy" ->
                List.of(
                    new SpeciesMatcher.Candidate(
                        NORWAY_MAPLE.id(), NORWAY_MAPLE.scientificName(), 0.65),
                    new SpeciesMatcher.Candidate(RED_MAPLE.id(), RED_MAPLE.scientificName(), 0.62));
            default -> List.of();
          };
        },
        create);
  }

  @Test
  void namesWrittenAnotherWayFindTheirSpecies() {
    SpeciesMatcher matcher = matcher(false);
    assertThat(matcher.match("ACER RUBRUM").how()).isEqualTo(How.EXACT);
    assertMatch(matcher.match("Acer rubrum 'October Glory'"), RED_MAPLE, How.NORMALIZED);
    assertMatch(matcher.match("Acer rubrum cv. Red Sunset"), RED_MAPLE, How.NORMALIZED);
    assertMatch(matcher.match("Acer platanoides \"Crimson King\""), CRIMSON_KING, How.NORMALIZED);
    assertMatch(matcher.match("Acer platanoides 'Emerald Queen'"), NORWAY_MAPLE, How.NORMALIZED);
    assertMatch(matcher.match("Platanus ×acerifolia"), PLANE, How.NORMALIZED);
    assertMatch(matcher.match("Platanus acerifolia"), PLANE, How.NORMALIZED);
    assertMatch(matcher.match("Gleditsia triacanthos inermis"), HONEYLOCUST, How.NORMALIZED);
    assertMatch(
        matcher.match("Gleditsia  triacanthos  var.  inermis 'Skyline'"),
        HONEYLOCUST,
        How.NORMALIZED);
    assertMatch(matcher.match("Acer spp."), MAPLE, How.NORMALIZED);
    assertMatch(matcher.match("ACER SP"), MAPLE, How.NORMALIZED);
    assertMatch(matcher.match("Acer rubrum var. drummondii"), RED_MAPLE, How.NORMALIZED);
    assertThat(asked).isEmpty();
  }

  @Test
  void commonNamesAndCloseSpellingsFindTheirSpecies() {
    SpeciesMatcher matcher = matcher(false);
    assertMatch(matcher.match("RED MAPLE"), RED_MAPLE, How.COMMON_NAME);
    assertMatch(matcher.match("Maple, Norway"), NORWAY_MAPLE, How.COMMON_NAME);
    assertMatch(matcher.match("London  Planetree"), PLANE, How.COMMON_NAME);
    SpeciesMatcher.Match typo = matcher.match("HONEYLOCUS");
    assertMatch(typo, HONEYLOCUST, How.SIMILAR);
    assertThat(typo.similarity()).isEqualTo(0.769);
    // Not close enough (0.538 < 0.6), or not clearly the closest (0.65 against 0.62).
    assertThat(matcher.match("Red Mapel")).isEqualTo(SpeciesMatcher.Match.UNKNOWN);
    assertThat(matcher.match("Maple Norwy")).isEqualTo(SpeciesMatcher.Match.UNKNOWN);
    // Each distinct name is asked once, however many rows give it.
    matcher.match("HONEYLOCUS");
    matcher.match("honeylocus");
    assertThat(asked).containsExactly("honeylocus", "red mapel", "maple norwy");
  }

  @Test
  void anUnknownNameIsCreatedOnceWhenAskedAndFoundByItsVariantsAfter() {
    SpeciesMatcher matcher = matcher(true);
    SpeciesMatcher.Match created = matcher.match("ZELKOVA SERRATA 'GREEN VASE'");
    assertThat(created.how()).isEqualTo(How.CREATED);
    assertThat(created.scientificName()).isEqualTo("Zelkova serrata");
    assertThat(matcher.takeCreated())
        .containsExactly(new SpeciesMatcher.NewSpecies(created.id(), "Zelkova serrata"));
    assertThat(matcher.match("ZELKOVA SERRATA 'GREEN VASE'")).isEqualTo(created);
    SpeciesMatcher.Match variant = matcher.match("Zelkova serrata 'Village Green'");
    assertThat(variant.id()).isEqualTo(created.id());
    assertThat(matcher.takeCreated()).isEmpty();
    assertThat(matcher(false).match("Zelkova serrata")).isEqualTo(SpeciesMatcher.Match.UNKNOWN);
  }

  private static void assertMatch(
      SpeciesMatcher.Match match, SpeciesMatcher.Known species, How how) {
    assertThat(match.id()).as(match.toString()).isEqualTo(species.id());
    assertThat(match.how()).isEqualTo(how);
    assertThat(match.scientificName()).isEqualTo(species.scientificName());
  }
}
