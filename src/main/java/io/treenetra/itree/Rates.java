package io.treenetra.itree;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * What a unit of each benefit is worth in a region, in US dollars, in the units the i-Tree rates
 * are stated in: electricity per kWh, natural gas per kBtu, stormwater per US gallon, CO₂ and each
 * pollutant per pound.
 */
public record Rates(
    BigDecimal electricityPerKwh,
    BigDecimal naturalGasPerKbtu,
    BigDecimal stormwaterPerGal,
    BigDecimal co2PerLb,
    BigDecimal o3PerLb,
    BigDecimal noxPerLb,
    BigDecimal pm10PerLb,
    BigDecimal soxPerLb,
    BigDecimal vocPerLb) {

  /** The columns of a rates file, in this order, after {@code region}. */
  public static final List<String> COLUMNS =
      List.of(
          "electricity_usd_per_kwh",
          "natural_gas_usd_per_kbtu",
          "stormwater_usd_per_gal",
          "co2_usd_per_lb",
          "o3_usd_per_lb",
          "nox_usd_per_lb",
          "pm10_usd_per_lb",
          "sox_usd_per_lb",
          "voc_usd_per_lb");

  private static final Pattern PRICE = Pattern.compile("\\d+(\\.\\d+)?");

  /**
   * A rates file (CSV, a header of {@code region} and {@link #COLUMNS}, a row per region): every
   * region of the tables must have one row, every price a plain non-negative decimal. Anything else
   * is refused with a message naming the file, the line and the column.
   */
  public static Map<String, Rates> parse(Reader reader, String source) throws IOException {
    List<CSVRecord> records;
    try {
      records =
          CSVFormat.DEFAULT
              .builder()
              .setHeader()
              .setSkipHeaderRecord(true)
              .get()
              .parse(reader)
              .getRecords();
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      throw new IllegalArgumentException(source + ": not a rates CSV: " + e.getMessage(), e);
    }
    Map<String, Rates> rates = new HashMap<>();
    for (CSVRecord record : records) {
      String where = source + ", line " + record.getRecordNumber() + 1;
      where = source + ", line " + (record.getRecordNumber() + 1);
      if (!record.isMapped("region") || !record.isSet("region")) {
        throw new IllegalArgumentException(where + ": no region column");
      }
      String region = record.get("region").strip();
      if (!ResourceUnits.REGIONS.contains(region)) {
        throw new IllegalArgumentException(
            where + ": unknown region '" + region + "'; the regions are " + ResourceUnits.REGIONS);
      }
      BigDecimal[] prices = new BigDecimal[COLUMNS.size()];
      for (int i = 0; i < prices.length; i++) {
        String column = COLUMNS.get(i);
        if (!record.isMapped(column)) {
          throw new IllegalArgumentException(where + ": no " + column + " column");
        }
        String cell = record.isSet(column) ? record.get(column).strip() : "";
        if (!PRICE.matcher(cell).matches()) {
          throw new IllegalArgumentException(
              where
                  + ": "
                  + column
                  + " of "
                  + region
                  + " is "
                  + (cell.isEmpty() ? "missing" : "'" + cell + "'")
                  + ", not a price of 0 or more");
        }
        prices[i] = new BigDecimal(cell);
      }
      if (rates.put(
              region,
              new Rates(
                  prices[0], prices[1], prices[2], prices[3], prices[4], prices[5], prices[6],
                  prices[7], prices[8]))
          != null) {
        throw new IllegalArgumentException(where + ": a second row for " + region);
      }
    }
    for (String region : ResourceUnits.REGIONS) {
      if (!rates.containsKey(region)) {
        throw new IllegalArgumentException(source + ": no row for the region " + region);
      }
    }
    return Map.copyOf(rates);
  }
}
