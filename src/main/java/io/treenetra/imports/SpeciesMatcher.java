package io.treenetra.imports;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Finds the catalogue's species for the names an import file gives, the way an arborist reads them:
 * first exactly (ignoring case, as the API does), then by the name's parts (a cultivar in quotes or
 * after {@code cv.}, the hybrid sign {@code x} or {@code ×}, the ranks {@code var.}, {@code subsp.}
 * and {@code f.}, a genus-level {@code spp.}), then as a common name ("RED MAPLE", "Maple, red"),
 * then by spelling (the trigram similarity that ranks the species autocomplete); a name still
 * unmatched is created when the import says so, else its rows fail. Answers are kept per distinct
 * name, so a file of a million rows asks the database once per name it does not know.
 */
final class SpeciesMatcher {

  /** How a name found its species; an exact match is not reported. */
  enum How {
    EXACT("exact"),
    /** The same name written another way: a cultivar, a rank or hybrid sign, spp., spacing. */
    NORMALIZED("normalized"),
    COMMON_NAME("commonName"),
    /** A close spelling of a catalogue name. */
    SIMILAR("similar"),
    /** Created by this import (createSpecies=true). */
    CREATED("created"),
    UNKNOWN("unknown");

    final String json;

    How(String json) {
      this.json = json;
    }
  }

  /** What a name matched: {@code id} null when unknown. */
  record Match(UUID id, How how, String scientificName, Double similarity) {
    static final Match UNKNOWN = new Match(null, How.UNKNOWN, null, null);
  }

  /** A catalogue species. */
  record Known(UUID id, String scientificName, String commonName) {}

  /** The catalogue's closest spelling of a name, and how close (pg_trgm similarity, 0 to 1). */
  record Candidate(UUID id, String scientificName, double similarity) {}

  /** Asks for the best two candidates of a name (normalized), best first. */
  interface Spelling {
    List<Candidate> closest(String name);
  }

  /** A species this import creates, written before the first row that names it. */
  record NewSpecies(UUID id, String scientificName) {}

  /** The least similarity a spelling match needs, and its lead over the runner-up. */
  static final double MIN_SIMILARITY = 0.6;

  static final double MIN_LEAD = 0.05;

  /** Distinct names whose answers are kept (a file of random names does not fill the heap). */
  static final int MAX_REMEMBERED = 20_000;

  private static final Pattern CULTIVAR =
      Pattern.compile("'[^']*'?|\\bcv\\.?\\s.*$|\\bcultivar\\s.*$", Pattern.CASE_INSENSITIVE);
  private static final Set<String> RANKS =
      Set.of("var.", "var", "subsp.", "subsp", "ssp.", "ssp", "f.", "forma", "x");
  private static final Set<String> GENUS_LEVEL = Set.of("spp.", "spp", "sp.", "sp", "species");
  private static final Pattern NOT_NAME = Pattern.compile("[^a-z0-9' .\\-]");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private final Map<String, UUID> exact = new HashMap<>();
  private final Map<String, Known> byNormalized = new HashMap<>();
  private final Map<String, Known> byCommonName = new HashMap<>();
  private final Map<UUID, String> names = new HashMap<>();
  private final Spelling spelling;
  private final boolean create;
  private final Map<String, Match> remembered = new HashMap<>();
  private final List<NewSpecies> created = new ArrayList<>();

  SpeciesMatcher(List<Known> catalogue, Spelling spelling, boolean create) {
    this.spelling = spelling;
    this.create = create;
    Set<String> ambiguous = new HashSet<>();
    Set<String> ambiguousCommon = new HashSet<>();
    for (Known species : catalogue) {
      add(species, ambiguous, ambiguousCommon);
    }
    ambiguous.forEach(byNormalized::remove);
    ambiguousCommon.forEach(byCommonName::remove);
  }

  private void add(Known species, Set<String> ambiguous, Set<String> ambiguousCommon) {
    exact.put(RowChecker.nameKey(species.scientificName()), species.id());
    names.put(species.id(), species.scientificName());
    String normalized = normalized(species.scientificName(), true);
    if (byNormalized.putIfAbsent(normalized, species) != null
        && !byNormalized.get(normalized).id().equals(species.id())) {
      ambiguous.add(normalized);
    }
    if (species.commonName() != null && !species.commonName().isBlank()) {
      String common = commonKey(species.commonName());
      if (byCommonName.putIfAbsent(common, species) != null) {
        ambiguousCommon.add(common);
      }
    }
  }

  /** The species of a name as a file gives it. */
  Match match(String name) {
    String key = RowChecker.nameKey(name);
    UUID id = exact.get(key);
    if (id != null) {
      return new Match(id, How.EXACT, names.get(id), null);
    }
    Match known = remembered.get(key);
    if (known != null) {
      return known;
    }
    Match found = find(name);
    if (found.how() == How.UNKNOWN && create) {
      found = create(name);
    }
    if (remembered.size() < MAX_REMEMBERED || found.how() == How.CREATED) {
      remembered.put(key, found);
    }
    return found;
  }

  /** The species created since the last call, for the batch that first names them. */
  List<NewSpecies> takeCreated() {
    if (created.isEmpty()) {
      return List.of();
    }
    List<NewSpecies> taken = List.copyOf(created);
    created.clear();
    return taken;
  }

  /**
   * A species an earlier attempt at this import created (the job was taken over): its later rows
   * are reported as created too.
   */
  void createdBefore(String name, UUID id) {
    remembered.put(RowChecker.nameKey(name), new Match(id, How.CREATED, names.get(id), null));
  }

  private Match find(String name) {
    String full = normalized(name, true);
    String base = normalized(name, false);
    for (String key : candidates(full, base, genusLevel(name))) {
      Known species = byNormalized.get(key);
      if (species != null) {
        return new Match(species.id(), How.NORMALIZED, species.scientificName(), null);
      }
    }
    Known common = byCommonName.get(commonKey(name));
    if (common != null) {
      return new Match(common.id(), How.COMMON_NAME, common.scientificName(), null);
    }
    String spelled = commonKey(name);
    if (spelled.isEmpty()) {
      return Match.UNKNOWN;
    }
    List<Candidate> closest = spelling.closest(spelled);
    if (!closest.isEmpty()) {
      Candidate best = closest.get(0);
      double lead = closest.size() < 2 ? 1 : best.similarity() - closest.get(1).similarity();
      if (best.similarity() >= MIN_SIMILARITY && lead >= MIN_LEAD) {
        return new Match(best.id(), How.SIMILAR, best.scientificName(), best.similarity());
      }
    }
    return Match.UNKNOWN;
  }

  /** The keys to try, most specific first: the whole name, without cultivar, binomial, genus. */
  private static List<String> candidates(String full, String base, boolean genusLevel) {
    List<String> keys = new ArrayList<>(List.of(full, base));
    String[] words = base.split(" ");
    if (words.length > 2) {
      keys.add(words[0] + " " + words[1]);
    }
    if (genusLevel || words.length == 1) {
      keys.add(words[0]);
    }
    return keys;
  }

  private Match create(String name) {
    String scientificName = displayName(name);
    Known species = new Known(UUID.randomUUID(), scientificName, null);
    Set<String> none = new HashSet<>();
    add(species, none, none);
    created.add(new NewSpecies(species.id(), scientificName));
    return new Match(species.id(), How.CREATED, scientificName, null);
  }

  /**
   * The name a created species gets: the file's, without its cultivar, spaces collapsed, and an
   * upper-case name in the catalogue's case ("ZELKOVA SERRATA" becomes "Zelkova serrata").
   */
  static String displayName(String name) {
    String collapsed = SPACES.matcher(name.strip()).replaceAll(" ");
    String withoutCultivar =
        SPACES.matcher(CULTIVAR.matcher(collapsed).replaceAll(" ")).replaceAll(" ").strip();
    String chosen = withoutCultivar.isEmpty() ? collapsed : withoutCultivar;
    if (chosen.chars().noneMatch(Character::isLowerCase)) {
      String lower = chosen.toLowerCase(Locale.ROOT);
      return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }
    return chosen;
  }

  private static boolean genusLevel(String name) {
    String[] words = SPACES.split(name.strip().toLowerCase(Locale.ROOT));
    return words.length >= 2 && GENUS_LEVEL.contains(words[words.length - 1]);
  }

  /**
   * A scientific name reduced to its words: no accents, lower case, the hybrid sign, ranks and a
   * trailing spp. dropped, and (unless {@code withCultivar}) no cultivar.
   */
  static String normalized(String name, boolean withCultivar) {
    String text = plain(name);
    if (!withCultivar) {
      text = CULTIVAR.matcher(text).replaceAll(" ");
    }
    List<String> kept = new ArrayList<>();
    String[] words = SPACES.split(text.strip());
    for (int i = 0; i < words.length; i++) {
      String word = words[i];
      if (word.isEmpty() || (i > 0 && RANKS.contains(word))) {
        continue;
      }
      if (i == words.length - 1 && i > 0 && GENUS_LEVEL.contains(word)) {
        continue;
      }
      kept.add(word);
    }
    return String.join(" ", kept);
  }

  /** A common name's key: plain lower-case words, and "Maple, red" read as "red maple". */
  static String commonKey(String name) {
    String text = plain(name);
    int comma = text.indexOf(',');
    if (comma > 0 && text.indexOf(',', comma + 1) < 0) {
      text = text.substring(comma + 1) + " " + text.substring(0, comma);
    }
    return SPACES.matcher(NOT_NAME.matcher(text).replaceAll(" ")).replaceAll(" ").strip();
  }

  /** Lower case without accents; quotes made plain and the hybrid sign a word. */
  private static String plain(String name) {
    String text =
        Normalizer.normalize(name, Normalizer.Form.NFD)
            .replaceAll("\\p{M}", "")
            .toLowerCase(Locale.ROOT)
            .replace('‘', '\'')
            .replace('’', '\'')
            .replace('"', '\'')
            .replace('“', '\'')
            .replace('”', '\'')
            .replace("×", " x ");
    return text;
  }

  /** The catalogue's name of a species this matcher knows. */
  Optional<String> nameOf(UUID id) {
    return Optional.ofNullable(names.get(id));
  }
}
