package io.treenetra.itree;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The i-Tree Streets resource units of the sixteen US climate regions, as the project carries them
 * ({@code src/main/resources/itree}, copies of the USDA Forest Service tables): per region and
 * factor, a value per species code at each of nine DBH breakpoints, and the value for any DBH
 * between them. Immutable once loaded; values are exact decimals, as the tables print them.
 */
public final class ResourceUnits {

  /** The region codes, as the tables' folders are named. */
  public static final List<String> REGIONS =
      List.of(
          "CaNCCoJBK",
          "CenFlaXXX",
          "GulfCoCHS",
          "InlEmpCLM",
          "InlValMOD",
          "InterWABQ",
          "LoMidWXXX",
          "MidWstMSP",
          "NMtnPrFNL",
          "NoEastXXX",
          "PacfNWLOG",
          "PiedmtCLT",
          "SWDsrtGDL",
          "SoCalCSMA",
          "TpIntWBOI",
          "TropicPacXXX");

  private static final Pattern NUMBER = Pattern.compile("-?(\\d+\\.?\\d*|\\.\\d+)");
  private static final int BREAKPOINTS = 9;

  /** Interpolation's division: far more digits than any table or DBH has. */
  private static final MathContext DIVISION = MathContext.DECIMAL128;

  private record Table(BigDecimal[] breakpoints, Map<String, BigDecimal[]> rows) {}

  private final Map<String, Map<Factor, Table>> tables;

  private ResourceUnits(Map<String, Map<Factor, Table>> tables) {
    this.tables = tables;
  }

  /** The project's copy of the tables, from the class path. */
  public static ResourceUnits load() {
    Map<String, Map<Factor, Table>> tables = new HashMap<>();
    for (String region : REGIONS) {
      Map<Factor, Table> factors = new EnumMap<>(Factor.class);
      for (Factor factor : Factor.values()) {
        String path = "itree/" + region + "/" + factor.file() + ".csv";
        try (InputStream in = ResourceUnits.class.getClassLoader().getResourceAsStream(path)) {
          if (in == null) {
            throw new IllegalStateException("The i-Tree table " + path + " is missing");
          }
          factors.put(factor, parse(new InputStreamReader(in, StandardCharsets.UTF_8), path));
        } catch (IOException e) {
          throw new UncheckedIOException("Reading the i-Tree table " + path, e);
        }
      }
      tables.put(region, factors);
    }
    return new ResourceUnits(Map.copyOf(tables));
  }

  /**
   * One table: row 1 holds the breakpoints after an ignored first cell; a later row counts when its
   * first cell is a code and its next nine cells are numbers (the files' label rows, blank rows and
   * trailing empty columns do not).
   */
  static Table parse(Reader reader, String source) throws IOException {
    List<CSVRecord> records = CSVFormat.DEFAULT.builder().get().parse(reader).getRecords();
    if (records.isEmpty() || records.get(0).size() < BREAKPOINTS + 1) {
      throw new IllegalStateException(source + ": no row of " + BREAKPOINTS + " DBH breakpoints");
    }
    BigDecimal[] breakpoints = numbers(records.get(0));
    if (breakpoints == null) {
      throw new IllegalStateException(source + ": the first row's DBH breakpoints are not numbers");
    }
    for (int i = 1; i < BREAKPOINTS; i++) {
      if (breakpoints[i].compareTo(breakpoints[i - 1]) <= 0) {
        throw new IllegalStateException(source + ": the DBH breakpoints do not increase");
      }
    }
    for (int i = 0; i < BREAKPOINTS; i++) {
      if (breakpoints[i].compareTo(BREAKS.get(i)) != 0) {
        throw new IllegalStateException(
            source + ": DBH breakpoints " + Arrays.toString(breakpoints) + ", not " + BREAKS);
      }
    }
    Map<String, BigDecimal[]> rows = new HashMap<>();
    for (CSVRecord record : records.subList(1, records.size())) {
      String code = record.get(0).strip();
      BigDecimal[] values = record.size() > BREAKPOINTS ? numbers(record) : null;
      if (code.isEmpty() || values == null) {
        continue;
      }
      if (rows.put(code, values) != null) {
        throw new IllegalStateException(source + ": the code " + code + " appears twice");
      }
    }
    return new Table(breakpoints, Map.copyOf(rows));
  }

  private static BigDecimal[] numbers(CSVRecord record) {
    BigDecimal[] values = new BigDecimal[BREAKPOINTS];
    for (int i = 0; i < BREAKPOINTS; i++) {
      String cell = record.get(i + 1).strip();
      if (!NUMBER.matcher(cell).matches()) {
        return null;
      }
      values[i] = new BigDecimal(cell);
    }
    return values;
  }

  /** Whether {@code region} is one of the sixteen. */
  public boolean hasRegion(String region) {
    return tables.containsKey(region);
  }

  /** Whether every factor table of {@code region} has a row for {@code code}. */
  public boolean has(String region, String code) {
    Map<Factor, Table> factors = tables.get(region);
    return factors != null
        && factors.values().stream().allMatch(table -> table.rows().containsKey(code));
  }

  /** The codes that every factor table of {@code region} has, sorted. */
  public Set<String> codes(String region) {
    Map<Factor, Table> factors = tables.get(region);
    if (factors == null) {
      return Set.of();
    }
    Set<String> codes = new TreeSet<>(factors.get(Factor.ELECTRICITY).rows().keySet());
    factors.values().forEach(table -> codes.retainAll(table.rows().keySet()));
    return codes;
  }

  /** The nine DBH breakpoints (cm) of a region's table. */
  public BigDecimal[] breakpoints(String region, Factor factor) {
    return table(region, factor).breakpoints().clone();
  }

  /**
   * The DBH breakpoints (cm) that every table has (the loader refuses tables with others): the
   * midpoints of i-Tree Streets' DBH classes 0-3, 3-6, 6-12, ..., 36-42 and over 42 inches. The
   * database's {@code itree_dbh_segment} (V14 migration) holds the same numbers.
   */
  public static final List<BigDecimal> BREAKS =
      Stream.of("3.81", "11.43", "22.86", "38.10", "53.34", "68.58", "83.82", "99.06", "114.30")
          .map(BigDecimal::new)
          .toList();

  /** The number of DBH segments: below the first breakpoint, between two, from the last on. */
  public static final int SEGMENTS = BREAKPOINTS + 1;

  /**
   * The segment of a DBH: 0 below the first breakpoint, k from breakpoint k (counting from 1) up to
   * the next, 9 from the last breakpoint on; as {@code width_bucket} numbers them in SQL.
   */
  public static int segment(BigDecimal dbhCm) {
    int segment = 0;
    while (segment < BREAKPOINTS && dbhCm.compareTo(BREAKS.get(segment)) >= 0) {
      segment++;
    }
    return segment;
  }

  /**
   * The factor for a tree of {@code code} in {@code region} at {@code dbhCm}: below the first
   * breakpoint the first value, at a breakpoint its value, between two breakpoints the straight
   * line between their values, and from the last breakpoint on its value (the last DBH class is
   * open-ended: nothing beyond the measured trees is invented). Exact, but for the division of the
   * interpolation, done to 34 significant digits.
   */
  public BigDecimal value(String region, String code, Factor factor, BigDecimal dbhCm) {
    return sum(region, code, factor, segment(dbhCm), 1, dbhCm);
  }

  /**
   * The factor summed over {@code trees} trees of one code, region and DBH segment whose DBHs sum
   * to {@code dbhSum}: the value is a straight line in the DBH within a segment, so the sum of the
   * trees' values is the line's value at their DBHs' sum. The same arithmetic as {@link #value}:
   * one tree's figure and any sum of trees' figures are the same numbers, summed.
   */
  public BigDecimal sum(
      String region, String code, Factor factor, int segment, long trees, BigDecimal dbhSum) {
    BigDecimal[] values = table(region, factor).rows().get(code);
    if (values == null) {
      throw new IllegalArgumentException(
          "The " + factor.file() + " table of " + region + " has no code " + code);
    }
    BigDecimal n = BigDecimal.valueOf(trees);
    if (segment == 0) {
      return values[0].multiply(n);
    }
    if (segment >= BREAKPOINTS) {
      return values[BREAKPOINTS - 1].multiply(n);
    }
    BigDecimal from = BREAKS.get(segment - 1);
    BigDecimal share =
        dbhSum.subtract(from.multiply(n)).divide(BREAKS.get(segment).subtract(from), DIVISION);
    BigDecimal start = values[segment - 1];
    return start.multiply(n).add(values[segment].subtract(start).multiply(share, DIVISION));
  }

  private Table table(String region, Factor factor) {
    Map<Factor, Table> factors = tables.get(region);
    if (factors == null) {
      throw new IllegalArgumentException(
          "Unknown i-Tree region " + region + "; the regions are " + REGIONS);
    }
    return factors.get(factor);
  }

  @Override
  public String toString() {
    return "ResourceUnits" + Arrays.toString(REGIONS.toArray());
  }
}
