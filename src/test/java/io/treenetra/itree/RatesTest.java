package io.treenetra.itree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RatesTest {

  private static final String HEADER = "region," + String.join(",", Rates.COLUMNS) + "\n";

  /** The project's rates with one line changed by {@code edit}. */
  private static String rates(java.util.function.UnaryOperator<String> edit) throws IOException {
    String original = Files.readString(Path.of("src/main/resources/itree/rates.csv"));
    return edit.apply(original);
  }

  private static Map<String, Rates> parse(String text) throws IOException {
    return Rates.parse(new StringReader(text), "r.csv");
  }

  @Test
  void theProjectsRatesAreRead() throws IOException {
    Map<String, Rates> rates = parse(rates(t -> t));
    assertThat(rates).hasSize(16);
    Rates northeast = rates.get("NoEastXXX");
    assertThat(northeast.electricityPerKwh()).isEqualByComparingTo("0.1401");
    assertThat(northeast.co2PerLb()).isEqualByComparingTo("0.00334");
    // Copied as the source has it, although 3-12 times the others.
    assertThat(rates.get("NMtnPrFNL").electricityPerKwh()).isEqualByComparingTo("0.636");
  }

  @Test
  void aMissingPriceIsRefusedNamingTheLineAndColumn() {
    assertThatThrownBy(() -> parse(rates(t -> t.replace("NoEastXXX,0.1401,", "NoEastXXX,,"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageMatching(
            "r\\.csv, line \\d+: electricity_usd_per_kwh of NoEastXXX is missing, not a price of 0 or more");
  }

  @Test
  void aNegativeOrNonNumericPriceIsRefused() {
    assertThatThrownBy(
            () -> parse(rates(t -> t.replace("NoEastXXX,0.1401,", "NoEastXXX,-0.1401,"))))
        .hasMessageMatching(
            "r\\.csv, line \\d+: electricity_usd_per_kwh of NoEastXXX is '-0.1401', not a price of 0 or more");
    assertThatThrownBy(() -> parse(rates(t -> t.replace("NoEastXXX,0.1401,", "NoEastXXX,NaN,"))))
        .hasMessageMatching(
            "r\\.csv, line \\d+: electricity_usd_per_kwh of NoEastXXX is 'NaN', not a price of 0 or more");
  }

  @Test
  void anUnknownRegionAMissingRegionARepeatedRegionAndAMissingColumnAreRefused() {
    assertThatThrownBy(() -> parse(rates(t -> t.replace("NoEastXXX,", "NoEast,"))))
        .hasMessageStartingWith("r.csv, line ")
        .hasMessageContaining(": unknown region 'NoEast'; the regions are [CaNCCoJBK,");
    assertThatThrownBy(() -> parse(HEADER + "NoEastXXX,1,1,1,1,1,1,1,1,1\n"))
        .hasMessage("r.csv: no row for the region CaNCCoJBK");
    assertThatThrownBy(
            () -> parse(HEADER + "NoEastXXX,1,1,1,1,1,1,1,1,1\nNoEastXXX,1,1,1,1,1,1,1,1,1\n"))
        .hasMessage("r.csv, line 3: a second row for NoEastXXX");
    assertThatThrownBy(
            () -> parse(HEADER.replace(",voc_usd_per_lb", "") + "NoEastXXX,1,1,1,1,1,1,1,1\n"))
        .hasMessage("r.csv, line 2: no voc_usd_per_lb column");
  }

  @Test
  void aRatesFileReplacesThePricesAndABadOneRefusesTheStart(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("rates.csv");
    Files.writeString(file, rates(t -> t.replace("NoEastXXX,0.1401,", "NoEastXXX,0.2,")));
    assertThat(Benefits.rates(file.toString()).get("NoEastXXX").electricityPerKwh())
        .isEqualByComparingTo("0.2");
    Files.writeString(file, rates(t -> t.replace("NoEastXXX,0.1401,", "NoEastXXX,,")));
    assertThatThrownBy(() -> Benefits.rates(file.toString()))
        .hasMessageMatching(
            "TREENETRA_ITREE_RATES_FILE .*rates\\.csv, line \\d+: electricity_usd_per_kwh of NoEastXXX is missing, not a price of 0 or more");
    assertThatThrownBy(() -> Benefits.rates(dir.resolve("absent.csv").toString()))
        .hasMessageMatching("TREENETRA_ITREE_RATES_FILE .*absent\\.csv cannot be read");
  }

  @Test
  void anUnknownDefaultRegionRefusesTheStart() {
    assertThatThrownBy(() -> Benefits.defaultRegion("NoEast"))
        .hasMessageStartingWith(
            "TREENETRA_ITREE_DEFAULT_REGION is 'NoEast', not one of the i-Tree regions [CaNCCoJBK,");
    assertThat(Benefits.defaultRegion(" NoEastXXX ")).isEqualTo("NoEastXXX");
    assertThat(Benefits.defaultRegion("")).isNull();
    assertThat(Benefits.defaultRegion(null)).isNull();
  }
}
