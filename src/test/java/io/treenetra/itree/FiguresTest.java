package io.treenetra.itree;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FiguresTest {

  private static final ResourceUnits UNITS = ResourceUnits.load();
  private static final Map<String, Rates> RATES = Benefits.rates(null);

  private static Figures one(String code, String dbh, Factor... only) {
    BigDecimal[] sums = new BigDecimal[Factor.values().length];
    Arrays.fill(sums, BigDecimal.ZERO);
    for (Factor factor : only) {
      sums[factor.ordinal()] = UNITS.value("NoEastXXX", code, factor, new BigDecimal(dbh));
    }
    return Figures.of(Map.of("NoEastXXX", sums), RATES);
  }

  /** The README: 127.85 kWh at $0.1401 is $17.91; 1487.15 kg stored, 3278.6 lb, is worth $10.95. */
  @Test
  void theReadmesDollars() {
    Figures electricity = one("PLAC", "45.72", Factor.ELECTRICITY);
    assertThat(electricity.energy().electricityKwh()).isEqualByComparingTo("127.85");
    assertThat(electricity.energy().usd()).isEqualByComparingTo("17.91");
    Figures stored = one("PLAC", "45.72", Factor.CO2_STORAGE);
    assertThat(stored.co2().storedKg()).isEqualByComparingTo("1487.15");
    assertThat(stored.co2().storedUsd()).isEqualByComparingTo("10.95");
    // A stock: not a yearly benefit.
    assertThat(stored.co2().usd()).isEqualByComparingTo("0");
    assertThat(stored.totalUsdPerYear()).isEqualByComparingTo("0");
  }

  @Test
  void quantitiesHaveSixDecimalsAndDollarsCents() {
    assertThat(Figures.quantity(new BigDecimal("127.850000000"))).hasToString("127.85");
    assertThat(Figures.quantity(new BigDecimal("10"))).hasToString("10");
    assertThat(Figures.quantity(new BigDecimal("0.0000004"))).hasToString("0");
    assertThat(Figures.quantity(new BigDecimal("1.23456750"))).hasToString("1.234568");
    assertThat(Figures.usd(new BigDecimal("17.911785"))).hasToString("17.91");
    assertThat(Figures.usd(new BigDecimal("10"))).hasToString("10.00");
  }
}
