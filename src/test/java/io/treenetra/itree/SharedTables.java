package io.treenetra.itree;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The i-Tree tables read here, for the tests, the way ../shared/data/itree-streets/README.md says
 * (not through the production code): from ../shared where this checkout has it, else from the
 * project's copy (which {@link ItreeCopyTest} checks byte for byte).
 */
public final class SharedTables {

  private SharedTables() {}

  /**
   * ../shared/data/itree-streets if there is one next to the project (or at /work/shared), else
   * null.
   */
  public static Path shared() {
    return Stream.of(
            Path.of("../shared/data/itree-streets"), Path.of("/work/shared/data/itree-streets"))
        .filter(p -> Files.isRegularFile(p.resolve("SHA256SUMS")))
        .findFirst()
        .orElse(null);
  }

  /** Where the tests read the tables from. */
  public static Path folder() {
    Path shared = shared();
    return shared != null ? shared : Path.of("src/main/resources/itree");
  }

  /** The table's breakpoints and rows, by the README's rule. */
  public record Table(double[] breaks, Map<String, String[]> rows) {}

  public static Table table(String region, String factor) {
    try (Reader reader =
        Files.newBufferedReader(
            folder().resolve(region).resolve(factor + ".csv"), StandardCharsets.UTF_8)) {
      List<CSVRecord> records = CSVFormat.DEFAULT.parse(reader).getRecords();
      List<String> header = records.get(0).toList();
      double[] breaks =
          header.subList(1, header.size()).stream()
              .filter(x -> !x.isEmpty())
              .mapToDouble(Double::parseDouble)
              .toArray();
      Map<String, String[]> rows = new HashMap<>();
      for (CSVRecord record : records.subList(1, records.size())) {
        List<String> cells = record.toList();
        if (cells.get(0).isEmpty() || cells.size() <= breaks.length) {
          continue;
        }
        List<String> values = cells.subList(1, 1 + breaks.length);
        if (values.stream()
            .allMatch(c -> c.replaceFirst("^-", "").matches("\\d*\\.?\\d+|\\d+\\."))) {
          rows.put(cells.get(0), values.toArray(String[]::new));
        }
      }
      return new Table(breaks, rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The README's value(): the first value below the first breakpoint, the last from the last on,
   * else the straight line between the two neighbours; in exact decimals (34 digits for the
   * division).
   */
  public static BigDecimal value(String region, String factor, String code, String dbhCm) {
    Table table = table(region, factor);
    String[] v = table.rows().get(code);
    BigDecimal d = new BigDecimal(dbhCm);
    double[] br = table.breaks();
    if (d.compareTo(BigDecimal.valueOf(br[0])) < 0) {
      return new BigDecimal(v[0]);
    }
    BigDecimal last = BigDecimal.valueOf(br[br.length - 1]);
    if (d.compareTo(last) >= 0) {
      return new BigDecimal(v[v.length - 1]);
    }
    int i = 1;
    while (d.compareTo(BigDecimal.valueOf(br[i])) >= 0) {
      i++;
    }
    BigDecimal b0 = BigDecimal.valueOf(br[i - 1]);
    BigDecimal b1 = BigDecimal.valueOf(br[i]);
    BigDecimal v0 = new BigDecimal(v[i - 1]);
    BigDecimal v1 = new BigDecimal(v[i]);
    return v0.add(
        v1.subtract(v0).multiply(d.subtract(b0)).divide(b1.subtract(b0), MathContext.DECIMAL128));
  }

  /** The prices of rates.csv, by region and column. */
  public static Map<String, Map<String, BigDecimal>> rates() {
    try (Reader reader =
        Files.newBufferedReader(folder().resolve("rates.csv"), StandardCharsets.UTF_8)) {
      Map<String, Map<String, BigDecimal>> rates = new HashMap<>();
      for (CSVRecord record :
          CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
        Map<String, BigDecimal> prices = new HashMap<>();
        record
            .toMap()
            .forEach(
                (k, v) -> {
                  if (!k.equals("region")) {
                    prices.put(k, new BigDecimal(v));
                  }
                });
        rates.put(record.get("region"), prices);
      }
      return rates;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
