package io.treenetra.itree;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

/**
 * One tree's yearly benefits ({@code GET /trees/{id}/benefits}); when not {@code computable}, the
 * figures are null and {@code reason} says why. {@code factors} are the sixteen resource units at
 * the tree's DBH in the tables' own units (kWh, kBtu, m³, kg, m² of leaf area), to six decimals:
 * what the figures are made of.
 */
@JsonbPropertyOrder({
  "treeId",
  "computable",
  "reason",
  "detail",
  "region",
  "regionSource",
  "itreeCode",
  "dbhCm",
  "factors",
  "stormwater",
  "energy",
  "co2",
  "airQuality",
  "totalUsdPerYear"
})
public record TreeBenefits(
    UUID treeId,
    boolean computable,
    String reason,
    String detail,
    String region,
    String regionSource,
    String itreeCode,
    BigDecimal dbhCm,
    Map<String, BigDecimal> factors,
    Figures.Stormwater stormwater,
    Figures.Energy energy,
    Figures.Co2 co2,
    Figures.AirQuality airQuality,
    BigDecimal totalUsdPerYear) {

  static TreeBenefits computed(
      UUID treeId,
      String region,
      String source,
      String code,
      BigDecimal dbhCm,
      Map<String, BigDecimal> factors,
      Figures figures) {
    return new TreeBenefits(
        treeId,
        true,
        null,
        null,
        region,
        source,
        code,
        dbhCm,
        factors,
        figures.stormwater(),
        figures.energy(),
        figures.co2(),
        figures.airQuality(),
        figures.totalUsdPerYear());
  }

  static TreeBenefits skipped(
      UUID treeId, Skip skip, String region, String source, String code, BigDecimal dbhCm) {
    return new TreeBenefits(
        treeId,
        false,
        skip.code(),
        skip.detail(),
        region,
        source,
        code,
        dbhCm,
        null,
        null,
        null,
        null,
        null,
        null);
  }
}
