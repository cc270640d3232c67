package io.treenetra.itree;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The benefits of a selection of trees ({@code GET /analytics/benefits}): the exact sums of the
 * computed trees' figures, how many trees were skipped and why, and, only when asked for, an
 * estimate for the living trees skipped, apart.
 */
@JsonbPropertyOrder({
  "trees",
  "treesComputed",
  "treesSkipped",
  "stormwater",
  "energy",
  "co2",
  "airQuality",
  "totalUsdPerYear",
  "extrapolated"
})
public record BenefitTotals(
    long trees,
    long treesComputed,
    Map<String, Long> treesSkipped,
    Figures.Stormwater stormwater,
    Figures.Energy energy,
    Figures.Co2 co2,
    Figures.AirQuality airQuality,
    BigDecimal totalUsdPerYear,
    Extrapolated extrapolated) {

  /**
   * The living trees skipped for want of a species, a DBH, a region or a code, each counted at the
   * mean of the computed trees of the same selection.
   */
  @JsonbPropertyOrder({
    "trees",
    "method",
    "stormwater",
    "energy",
    "co2",
    "airQuality",
    "totalUsdPerYear"
  })
  public record Extrapolated(
      long trees,
      String method,
      Figures.Stormwater stormwater,
      Figures.Energy energy,
      Figures.Co2 co2,
      Figures.AirQuality airQuality,
      BigDecimal totalUsdPerYear) {}
}
