package io.treenetra.itree;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The i-Tree Streets calculation: the resource units, the prices (the project's {@code
 * itree/rates.csv}, or {@code TREENETRA_ITREE_RATES_FILE}) and the default region for trees outside
 * every region's polygons ({@code TREENETRA_ITREE_DEFAULT_REGION}). A bad rates file or an unknown
 * default region refuses the start, with the reason: a wrong price is never a silent zero.
 */
@ApplicationScoped
public class Benefits {

  /** Trees of one status, region, code and DBH segment, counted, with their DBHs summed. */
  public record Group(
      boolean alive,
      boolean hasSpecies,
      String region,
      String code,
      Integer segment,
      long trees,
      BigDecimal dbhSum) {}

  @Inject
  @ConfigProperty(name = "treenetra.itree.rates-file")
  Optional<String> ratesFile;

  @Inject
  @ConfigProperty(name = "treenetra.itree.default-region")
  Optional<String> defaultRegionSetting;

  /** The default region as configured, for the tree's representation (set at start-up). */
  private static volatile String configuredDefault;

  private ResourceUnits units;
  private Map<String, Rates> rates;
  private String defaultRegion;

  @PostConstruct
  void load() {
    units = ResourceUnits.load();
    rates = rates(ratesFile.filter(file -> !file.isBlank()).orElse(null));
    defaultRegion = defaultRegion(defaultRegionSetting.orElse(null));
    configuredDefault = defaultRegion;
  }

  /** Loads the tables and checks the settings when the application starts: a bad one stops it. */
  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    units();
  }

  /** The configured default region, or null. */
  public static String configuredDefaultRegion() {
    return configuredDefault;
  }

  /** The prices of the file, or of the project's copy when {@code file} is null. */
  static Map<String, Rates> rates(String file) {
    try {
      if (file == null) {
        try (InputStream in =
                Benefits.class.getClassLoader().getResourceAsStream("itree/rates.csv");
            Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
          return Rates.parse(reader, "itree/rates.csv");
        }
      }
      try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
        return Rates.parse(reader, "TREENETRA_ITREE_RATES_FILE " + file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("TREENETRA_ITREE_RATES_FILE " + file + " cannot be read", e);
    }
  }

  static String defaultRegion(String setting) {
    if (setting == null || setting.isBlank()) {
      return null;
    }
    String region = setting.strip();
    if (!ResourceUnits.REGIONS.contains(region)) {
      throw new IllegalArgumentException(
          "TREENETRA_ITREE_DEFAULT_REGION is '"
              + region
              + "', not one of the i-Tree regions "
              + ResourceUnits.REGIONS);
    }
    return region;
  }

  public ResourceUnits units() {
    return units;
  }

  /** The region for trees outside every polygon, or null. */
  public String defaultRegion() {
    return defaultRegion;
  }

  /**
   * One tree's benefits. {@code codes} are its species' codes by region (null without a species),
   * {@code located} the region its location falls in (null: none).
   */
  public TreeBenefits tree(
      UUID id, boolean alive, Map<String, String> codes, String located, Double dbhCm) {
    String region = located != null ? located : defaultRegion;
    String source = located != null ? "location" : region != null ? "default" : null;
    String code = codes == null || region == null ? null : codes.get(region);
    BigDecimal dbh = dbhCm == null ? null : BigDecimal.valueOf(dbhCm);
    Skip skip = skip(alive, codes != null, region, code, dbh == null ? null : 0);
    if (skip != null) {
      return TreeBenefits.skipped(id, skip, region, source, code, dbh);
    }
    Group group = new Group(true, true, region, code, ResourceUnits.segment(dbh), 1, dbh);
    Map<String, BigDecimal[]> sums = sums(List.of(group));
    Map<String, BigDecimal> factors = new LinkedHashMap<>();
    for (Factor factor : Factor.values()) {
      factors.put(factor.file(), Figures.quantity(sums.get(region)[factor.ordinal()]));
    }
    return TreeBenefits.computed(id, region, source, code, dbh, factors, Figures.of(sums, rates));
  }

  private Skip skip(
      boolean alive, boolean hasSpecies, String region, String code, Integer segment) {
    if (!alive) {
      return Skip.NOT_ALIVE;
    }
    if (!hasSpecies) {
      return Skip.NO_SPECIES;
    }
    if (segment == null) {
      return Skip.NO_DBH;
    }
    if (region == null) {
      return Skip.NO_REGION;
    }
    if (code == null || !units.has(region, code)) {
      return Skip.NO_ITREE_CODE;
    }
    return null;
  }

  /** The factors summed per region over groups of trees that can all be computed. */
  private Map<String, BigDecimal[]> sums(List<Group> groups) {
    Map<String, BigDecimal[]> sums = new HashMap<>();
    for (Group group : groups) {
      BigDecimal[] region =
          sums.computeIfAbsent(
              group.region(),
              r -> {
                BigDecimal[] zeros = new BigDecimal[Factor.values().length];
                Arrays.fill(zeros, BigDecimal.ZERO);
                return zeros;
              });
      for (Factor factor : Factor.values()) {
        region[factor.ordinal()] =
            region[factor.ordinal()].add(
                units.sum(
                    group.region(),
                    group.code(),
                    factor,
                    group.segment(),
                    group.trees(),
                    group.dbhSum()));
      }
    }
    return sums;
  }

  /**
   * The totals of groups of trees (regions already defaulted where the trees had none): the
   * computable ones summed, the others counted by reason; with {@code extrapolate}, the living
   * trees skipped for want of data estimated at the computed trees' mean, apart.
   */
  public BenefitTotals totals(List<Group> groups, boolean extrapolate) {
    Map<Skip, Long> skipped = new EnumMap<>(Skip.class);
    List<Group> computable = new java.util.ArrayList<>();
    long trees = 0;
    long computed = 0;
    for (Group group : groups) {
      trees += group.trees();
      Skip skip =
          skip(group.alive(), group.hasSpecies(), group.region(), group.code(), group.segment());
      if (skip == null) {
        computable.add(group);
        computed += group.trees();
      } else {
        skipped.merge(skip, group.trees(), Long::sum);
      }
    }
    Map<String, Long> byReason = new LinkedHashMap<>();
    for (Skip skip : Skip.values()) {
      byReason.put(skip.code(), skipped.getOrDefault(skip, 0L));
    }
    Map<String, BigDecimal[]> sums = sums(computable);
    Figures figures = Figures.of(sums, rates);
    BenefitTotals.Extrapolated extrapolated = null;
    if (extrapolate) {
      long missing = trees - computed - skipped.getOrDefault(Skip.NOT_ALIVE, 0L);
      long counted = computed == 0 ? 0 : missing;
      Figures estimate = Figures.of(scaled(sums, counted, computed), rates);
      extrapolated =
          new BenefitTotals.Extrapolated(
              counted,
              "the living trees skipped for want of a species, a DBH, a region or an i-Tree code,"
                  + " each counted at the mean of the trees computed",
              estimate.stormwater(),
              estimate.energy(),
              estimate.co2(),
              estimate.airQuality(),
              estimate.totalUsdPerYear());
    }
    return new BenefitTotals(
        trees,
        computed,
        byReason,
        figures.stormwater(),
        figures.energy(),
        figures.co2(),
        figures.airQuality(),
        figures.totalUsdPerYear(),
        extrapolated);
  }

  /** The sums times {@code numerator / denominator}: the sums of that many mean trees. */
  private static Map<String, BigDecimal[]> scaled(
      Map<String, BigDecimal[]> sums, long numerator, long denominator) {
    Map<String, BigDecimal[]> scaled = new HashMap<>();
    if (numerator == 0 || denominator == 0) {
      return scaled;
    }
    BigDecimal n = BigDecimal.valueOf(numerator);
    BigDecimal d = BigDecimal.valueOf(denominator);
    sums.forEach(
        (region, values) -> {
          BigDecimal[] times = new BigDecimal[values.length];
          for (int i = 0; i < values.length; i++) {
            times[i] = values[i].multiply(n).divide(d, MathContext.DECIMAL128);
          }
          scaled.put(region, times);
        });
    return scaled;
  }
}
