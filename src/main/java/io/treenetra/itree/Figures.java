package io.treenetra.itree;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * A year's benefits of one tree or of many, in the API's units: quantities to six decimals, dollars
 * to the cent. Each dollar figure is its quantities times the region's prices, rounded once; the
 * total is the sum of the four rounded dollar figures (what a reader adds up). CO₂ stored is a
 * stock: its worth is given apart and is not in the yearly total.
 */
@JsonbPropertyOrder({"stormwater", "energy", "co2", "airQuality", "totalUsdPerYear"})
public record Figures(
    Stormwater stormwater,
    Energy energy,
    Co2 co2,
    AirQuality airQuality,
    BigDecimal totalUsdPerYear) {

  /** US gallons in a cubic metre. */
  static final BigDecimal GALLONS_PER_M3 = new BigDecimal("264.172");

  /** Pounds in a kilogram, as i-Tree converts them. */
  static final BigDecimal POUNDS_PER_KG = new BigDecimal("2.20462");

  @JsonbPropertyOrder({"m3", "gal", "usd"})
  public record Stormwater(BigDecimal m3, BigDecimal gal, BigDecimal usd) {}

  @JsonbPropertyOrder({"electricityKwh", "naturalGasKbtu", "usd"})
  public record Energy(BigDecimal electricityKwh, BigDecimal naturalGasKbtu, BigDecimal usd) {}

  @JsonbPropertyOrder({"sequesteredKg", "avoidedKg", "storedKg", "usd", "storedUsd"})
  public record Co2(
      BigDecimal sequesteredKg,
      BigDecimal avoidedKg,
      BigDecimal storedKg,
      BigDecimal usd,
      BigDecimal storedUsd) {}

  @JsonbPropertyOrder({"o3Kg", "noxKg", "pm10Kg", "so2Kg", "vocKg", "bvocKg", "netKg", "usd"})
  public record AirQuality(
      BigDecimal o3Kg,
      BigDecimal noxKg,
      BigDecimal pm10Kg,
      BigDecimal so2Kg,
      BigDecimal vocKg,
      BigDecimal bvocKg,
      BigDecimal netKg,
      BigDecimal usd) {}

  /**
   * The figures of factor sums per region ({@code sums.get(region)[factor.ordinal()]}, exact),
   * priced with each region's rates.
   */
  static Figures of(Map<String, BigDecimal[]> sums, Map<String, Rates> rates) {
    BigDecimal[] total = new BigDecimal[Factor.values().length];
    java.util.Arrays.fill(total, BigDecimal.ZERO);
    BigDecimal stormwaterUsd = BigDecimal.ZERO;
    BigDecimal energyUsd = BigDecimal.ZERO;
    BigDecimal co2Usd = BigDecimal.ZERO;
    BigDecimal storedUsd = BigDecimal.ZERO;
    BigDecimal airUsd = BigDecimal.ZERO;
    for (var entry : sums.entrySet()) {
      BigDecimal[] f = entry.getValue();
      Rates r = rates.get(entry.getKey());
      for (int i = 0; i < total.length; i++) {
        total[i] = total[i].add(f[i]);
      }
      stormwaterUsd =
          stormwaterUsd.add(
              get(f, Factor.HYDRO_INTERCEPTION)
                  .multiply(GALLONS_PER_M3)
                  .multiply(r.stormwaterPerGal()));
      energyUsd =
          energyUsd
              .add(get(f, Factor.ELECTRICITY).multiply(r.electricityPerKwh()))
              .add(get(f, Factor.NATURAL_GAS).multiply(r.naturalGasPerKbtu()));
      co2Usd =
          co2Usd.add(
              get(f, Factor.CO2_SEQUESTERED)
                  .add(get(f, Factor.CO2_AVOIDED))
                  .multiply(POUNDS_PER_KG)
                  .multiply(r.co2PerLb()));
      storedUsd =
          storedUsd.add(get(f, Factor.CO2_STORAGE).multiply(POUNDS_PER_KG).multiply(r.co2PerLb()));
      BigDecimal air =
          get(f, Factor.AQ_OZONE_DEP)
              .multiply(r.o3PerLb())
              .add(nox(f).multiply(r.noxPerLb()))
              .add(pm10(f).multiply(r.pm10PerLb()))
              .add(so2(f).multiply(r.soxPerLb()))
              .add(get(f, Factor.AQ_VOC_AVOIDED).add(get(f, Factor.BVOC)).multiply(r.vocPerLb()));
      airUsd = airUsd.add(air.multiply(POUNDS_PER_KG));
    }
    Stormwater stormwater =
        new Stormwater(
            quantity(get(total, Factor.HYDRO_INTERCEPTION)),
            quantity(get(total, Factor.HYDRO_INTERCEPTION).multiply(GALLONS_PER_M3)),
            usd(stormwaterUsd));
    Energy energy =
        new Energy(
            quantity(get(total, Factor.ELECTRICITY)),
            quantity(get(total, Factor.NATURAL_GAS)),
            usd(energyUsd));
    Co2 co2 =
        new Co2(
            quantity(get(total, Factor.CO2_SEQUESTERED)),
            quantity(get(total, Factor.CO2_AVOIDED)),
            quantity(get(total, Factor.CO2_STORAGE)),
            usd(co2Usd),
            usd(storedUsd));
    BigDecimal net =
        get(total, Factor.AQ_OZONE_DEP)
            .add(nox(total))
            .add(pm10(total))
            .add(so2(total))
            .add(get(total, Factor.AQ_VOC_AVOIDED))
            .add(get(total, Factor.BVOC));
    AirQuality airQuality =
        new AirQuality(
            quantity(get(total, Factor.AQ_OZONE_DEP)),
            quantity(nox(total)),
            quantity(pm10(total)),
            quantity(so2(total)),
            quantity(get(total, Factor.AQ_VOC_AVOIDED)),
            quantity(get(total, Factor.BVOC)),
            quantity(net),
            usd(airUsd));
    return new Figures(
        stormwater,
        energy,
        co2,
        airQuality,
        stormwater.usd().add(energy.usd()).add(co2.usd()).add(airQuality.usd()));
  }

  private static BigDecimal get(BigDecimal[] sums, Factor factor) {
    return sums[factor.ordinal()];
  }

  private static BigDecimal nox(BigDecimal[] f) {
    return get(f, Factor.AQ_NOX_DEP).add(get(f, Factor.AQ_NOX_AVOIDED));
  }

  private static BigDecimal pm10(BigDecimal[] f) {
    return get(f, Factor.AQ_PM10_DEP).add(get(f, Factor.AQ_PM10_AVOIDED));
  }

  private static BigDecimal so2(BigDecimal[] f) {
    return get(f, Factor.AQ_SOX_DEP).add(get(f, Factor.AQ_SOX_AVOIDED));
  }

  /** Six decimals, half to even, without trailing zeros (127.85, not 127.850000). */
  static BigDecimal quantity(BigDecimal value) {
    BigDecimal rounded = value.setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros();
    return rounded.scale() < 0 ? rounded.setScale(0) : rounded;
  }

  /** Cents, half up. */
  static BigDecimal usd(BigDecimal value) {
    return value.setScale(2, RoundingMode.HALF_UP);
  }
}
