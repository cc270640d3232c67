package io.treenetra.itree;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Which row of each region's tables a species takes, found by its scientific name in the i-Tree
 * master list ({@code species_master_list.csv}: per region, a name and the row it is assigned).
 * Real inventories spell names their own way, so a name is tried, in this order:
 *
 * <ol>
 *   <li>as written (case, spacing, hyphens and the hybrid sign {@code ×} ignored);
 *   <li>as each of its synonyms ({@code itree/synonyms.csv}: {@code Platanus x acerifolia} is
 *       listed as {@code Platanus hybrida} in most regions and as {@code Platanus acerifolia} in
 *       others);
 *   <li>without its variety, subspecies, form or cultivar ({@code Gleditsia triacanthos var.
 *       inermis} is {@code Gleditsia triacanthos}), also against the list's cultivars' species;
 *   <li>by its genus: the list's genus row ({@code Prunus species}), else the one row all of the
 *       genus's species in the region share ({@code Catalpa} in the Northeast).
 * </ol>
 *
 * A name that none of these finds has no code in that region.
 */
public final class SpeciesCodes {

  private static final Pattern GENUS_ROW = Pattern.compile("(\\S+) (spp\\.?|species|sp\\.?)");
  private static final Pattern RANK =
      Pattern.compile(" (var|subsp|ssp|f|cv|forma|variety)\\.? .*$");
  private static final Pattern CULTIVAR = Pattern.compile(" ?['‘’\"].*$");

  private record Index(
      Map<String, String> exact,
      Map<String, String> species,
      Map<String, String> genusRow,
      Map<String, Set<String>> genus) {}

  private static final class Standard {
    static final SpeciesCodes CODES = load();
  }

  private final Map<String, Index> byRegion;
  private final Map<String, Set<String>> synonyms;

  private SpeciesCodes(Map<String, Index> byRegion, Map<String, Set<String>> synonyms) {
    this.byRegion = byRegion;
    this.synonyms = synonyms;
  }

  /** The project's copy of the master list and its synonyms, loaded on first use. */
  public static SpeciesCodes standard() {
    return Standard.CODES;
  }

  static SpeciesCodes load() {
    try (Reader list = resource("itree/species_master_list.csv");
        Reader synonyms = resource("itree/synonyms.csv")) {
      return parse(list, synonyms);
    } catch (IOException e) {
      throw new UncheckedIOException("Reading the i-Tree master list", e);
    }
  }

  private static Reader resource(String path) {
    InputStream in = SpeciesCodes.class.getClassLoader().getResourceAsStream(path);
    if (in == null) {
      throw new IllegalStateException(path + " is missing");
    }
    return new InputStreamReader(in, StandardCharsets.UTF_8);
  }

  static SpeciesCodes parse(Reader masterList, Reader synonymList) throws IOException {
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
    Map<String, Index> byRegion = new HashMap<>();
    for (CSVRecord row : format.parse(masterList)) {
      String region = row.get("region").strip();
      String name = normalize(row.get("ScientificName"));
      String assigned = row.get("SppValueAssignment").strip();
      if (name.isEmpty() || assigned.isEmpty()) {
        continue;
      }
      Index index =
          byRegion.computeIfAbsent(
              region,
              r -> new Index(new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>()));
      var genusRow = GENUS_ROW.matcher(name);
      String genus = name.split(" ", 2)[0];
      if (genusRow.matches()) {
        index.genusRow().putIfAbsent(genusRow.group(1), assigned);
      } else {
        index.exact().putIfAbsent(name, assigned);
        index.species().putIfAbsent(species(name), assigned);
      }
      index.genus().computeIfAbsent(genus, g -> new HashSet<>()).add(assigned);
    }
    // Each name of a synonym row, and the name it is listed as, stand for all the others.
    Map<String, Set<String>> synonyms = new HashMap<>();
    for (CSVRecord row : format.parse(synonymList)) {
      String name = normalize(row.get("name"));
      String listed = normalize(row.get("listed_as"));
      Set<String> names = synonyms.computeIfAbsent(listed, n -> new LinkedHashSet<>(List.of(n)));
      names.add(name);
      synonyms.put(name, names);
    }
    return new SpeciesCodes(Map.copyOf(byRegion), Map.copyOf(synonyms));
  }

  /**
   * Lower case, one space between words, no hyphens, {@code ×} as {@code x}, no text after a comma
   * ({@code "Gingko biloba, female"}).
   */
  static String normalize(String name) {
    String text = Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    int comma = text.indexOf(',');
    if (comma >= 0) {
      text = text.substring(0, comma);
    }
    return text.replace('×', 'x')
        .replace("-", "")
        .replace('\u00a0', ' ')
        .replaceAll("[\\s\"]+", " ")
        .strip();
  }

  /** The name without rank, cultivar, or any word after the genus and the species. */
  private static String species(String name) {
    String text = CULTIVAR.matcher(RANK.matcher(name).replaceFirst("")).replaceFirst("").strip();
    String[] words = text.split(" ");
    if (words.length > 2 && words[1].equals("x")) {
      return words[0] + " x " + words[2];
    }
    return words.length > 2 ? words[0] + " " + words[1] : text;
  }

  /**
   * The row each region assigns to the name, by region code (sorted); regions without one absent.
   */
  public Map<String, String> codes(String scientificName) {
    Map<String, String> codes = new TreeMap<>();
    for (String region : ResourceUnits.REGIONS) {
      String code = code(region, scientificName);
      if (code != null) {
        codes.put(region, code);
      }
    }
    return codes;
  }

  /** The row the region assigns to the name, or null. */
  public String code(String region, String scientificName) {
    Index index = byRegion.get(region);
    if (index == null || scientificName == null) {
      return null;
    }
    String name = normalize(scientificName);
    for (String candidate : candidates(name)) {
      String code = index.exact().get(candidate);
      if (code == null) {
        code = index.species().get(candidate);
      }
      if (code != null) {
        return code;
      }
    }
    String genus = name.split(" ", 2)[0];
    String code = index.genusRow().get(genus);
    if (code != null) {
      return code;
    }
    Set<String> shared = index.genus().get(genus);
    return shared != null && shared.size() == 1 ? shared.iterator().next() : null;
  }

  private List<String> candidates(String name) {
    Map<String, Boolean> candidates = new LinkedHashMap<>();
    for (String form : List.of(name, species(name))) {
      candidates.put(form, true);
      for (String synonym : synonyms.getOrDefault(form, Set.of())) {
        candidates.put(synonym, true);
      }
    }
    return List.copyOf(candidates.keySet());
  }
}
