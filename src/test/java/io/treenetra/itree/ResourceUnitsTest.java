package io.treenetra.itree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceUnitsTest {

  private static final ResourceUnits UNITS = ResourceUnits.load();

  private static BigDecimal value(String region, String code, Factor factor, String dbh) {
    return UNITS.value(region, code, factor, new BigDecimal(dbh));
  }

  /** The README's worked example: London planetree in the Northeast at 38.10 and 45.72 cm. */
  @Test
  void theReadmesWorkedExample() {
    Map<Factor, String[]> example = new LinkedHashMap<>();
    example.put(Factor.ELECTRICITY, new String[] {"115.3", "127.85"});
    example.put(Factor.NATURAL_GAS, new String[] {"3933.2", "4576.8"});
    example.put(Factor.HYDRO_INTERCEPTION, new String[] {"6.42", "8.26"});
    example.put(Factor.CO2_SEQUESTERED, new String[] {"62.4", "84.75"});
    example.put(Factor.CO2_AVOIDED, new String[] {"157.5", "174.65"});
    example.put(Factor.CO2_STORAGE, new String[] {"870.1", "1487.15"});
    example.put(Factor.AQ_OZONE_DEP, new String[] {"0.246", "0.309"});
    example.put(Factor.AQ_NOX_DEP, new String[] {"0.103", "0.1295"});
    example.put(Factor.AQ_NOX_AVOIDED, new String[] {"0.4343", "0.4915"});
    example.put(Factor.AQ_PM10_DEP, new String[] {"0.118", "0.1485"});
    example.put(Factor.AQ_PM10_AVOIDED, new String[] {"0.028", "0.0318"});
    example.put(Factor.AQ_SOX_DEP, new String[] {"0.038", "0.0475"});
    example.put(Factor.AQ_SOX_AVOIDED, new String[] {"0.2295", "0.2545"});
    example.put(Factor.AQ_VOC_AVOIDED, new String[] {"0.0165", "0.0188"});
    example.put(Factor.BVOC, new String[] {"-0.234", "-0.308"});
    example.put(Factor.PROPERTY_VALUE, new String[] {"8.5", "9.5"});
    assertThat(example).hasSize(Factor.values().length);
    example.forEach(
        (factor, values) -> {
          assertThat(value("NoEastXXX", "PLAC", factor, "38.10"))
              .as(factor + " at 38.10")
              .isEqualByComparingTo(values[0]);
          assertThat(Figures.quantity(value("NoEastXXX", "PLAC", factor, "45.72")))
              .as(factor + " at 45.72")
              .isEqualByComparingTo(values[1]);
        });
  }

  @Test
  void theFirstValueIsHeldBelowTheFirstBreakpointAndTheLastFromTheLastOn() {
    // PLAC electricity in the Northeast; 270.90 held at 130 cm, where OpenTreeMap would extend the
    // line to 299.54.
    assertThat(value("NoEastXXX", "PLAC", Factor.ELECTRICITY, "130")).isEqualByComparingTo("270.9");
    assertThat(value("NoEastXXX", "PLAC", Factor.ELECTRICITY, "114.30"))
        .isEqualByComparingTo("270.9");
    assertThat(value("NoEastXXX", "PLAC", Factor.ELECTRICITY, "1500"))
        .isEqualByComparingTo("270.9");
    BigDecimal first = value("NoEastXXX", "PLAC", Factor.ELECTRICITY, "3.81");
    assertThat(value("NoEastXXX", "PLAC", Factor.ELECTRICITY, "0.1")).isEqualByComparingTo(first);
    assertThat(value("NoEastXXX", "PLAC", Factor.ELECTRICITY, "3.80")).isEqualByComparingTo(first);
  }

  @Test
  void theSumOfASegmentIsTheSumOfItsTrees() {
    String[] dbhs = {"40", "41.3", "44.44", "52.9"};
    BigDecimal each = BigDecimal.ZERO;
    BigDecimal dbhSum = BigDecimal.ZERO;
    for (String dbh : dbhs) {
      each = each.add(value("NoEastXXX", "ACRU", Factor.CO2_STORAGE, dbh));
      dbhSum = dbhSum.add(new BigDecimal(dbh));
    }
    BigDecimal together =
        UNITS.sum("NoEastXXX", "ACRU", Factor.CO2_STORAGE, 4, dbhs.length, dbhSum);
    assertThat(Figures.quantity(together)).isEqualByComparingTo(Figures.quantity(each));
    assertThat(together.subtract(each).abs()).isLessThan(new BigDecimal("1e-25"));
  }

  @Test
  void segmentsAreTheDatabasesWidthBuckets() {
    assertThat(ResourceUnits.segment(new BigDecimal("3.80"))).isZero();
    assertThat(ResourceUnits.segment(new BigDecimal("3.81"))).isEqualTo(1);
    assertThat(ResourceUnits.segment(new BigDecimal("45.72"))).isEqualTo(4);
    assertThat(ResourceUnits.segment(new BigDecimal("114.29"))).isEqualTo(8);
    assertThat(ResourceUnits.segment(new BigDecimal("114.30"))).isEqualTo(9);
  }

  @Test
  void everyRegionHasItsCodesAndTheMastersListsAssignmentsExistInTheTables() {
    assertThat(UNITS.codes("NoEastXXX")).contains("PLAC", "ACRU", "BDL OTHER", "GLTR");
    assertThat(UNITS.has("NoEastXXX", "PLAX")).isFalse();
    assertThat(UNITS.has("Nowhere", "PLAC")).isFalse();
    assertThat(UNITS.codes("LoMidWXXX")).contains("BDL OTHER");
  }

  @Test
  void aTableWithOtherBreakpointsOrARepeatedCodeIsRefused() {
    String header = ",3.81,11.43,22.86,38.1,53.34,68.58,83.82,99.06,114.3\n";
    assertThatThrownBy(
            () ->
                ResourceUnits.parse(
                    new StringReader(header.replace("3.81", "3.8") + "ACRU,1,2,3,4,5,6,7,8,9\n"),
                    "t.csv"))
        .hasMessageStartingWith("t.csv: DBH breakpoints [3.8, 11.43");
    assertThatThrownBy(
            () ->
                ResourceUnits.parse(
                    new StringReader(header + "ACRU,1,2,3,4,5,6,7,8,9\nACRU,1,2,3,4,5,6,7,8,9\n"),
                    "t.csv"))
        .hasMessage("t.csv: the code ACRU appears twice");
  }
}
