package io.treenetra.itree;

/**
 * The sixteen per-tree factors of the i-Tree Streets resource units, each a table per region keyed
 * by species code with a value at each DBH breakpoint. Units are the tables' own.
 */
public enum Factor {
  /** Cooling electricity saved, kWh a year. */
  ELECTRICITY("electricity"),
  /** Heating fuel saved, kBtu a year (negative where winter shade adds heating). */
  NATURAL_GAS("natural_gas"),
  /** Rainfall intercepted by the crown, m³ a year. */
  HYDRO_INTERCEPTION("hydro_interception"),
  /** CO₂ taken up by growth (gross), kg a year. */
  CO2_SEQUESTERED("co2_sequestered"),
  /** Power-plant CO₂ avoided by the energy saved, kg a year. */
  CO2_AVOIDED("co2_avoided"),
  /** CO₂ held in the tree, kg: a stock, not a yearly figure. */
  CO2_STORAGE("co2_storage"),
  /** Ozone deposited on the canopy, kg a year. */
  AQ_OZONE_DEP("aq_ozone_dep"),
  /** NO₂ deposited, kg a year. */
  AQ_NOX_DEP("aq_nox_dep"),
  /** PM10 deposited, kg a year. */
  AQ_PM10_DEP("aq_pm10_dep"),
  /** SO₂ deposited, kg a year. */
  AQ_SOX_DEP("aq_sox_dep"),
  /** Power-plant NOx avoided, kg a year. */
  AQ_NOX_AVOIDED("aq_nox_avoided"),
  /** Power-plant PM10 avoided, kg a year. */
  AQ_PM10_AVOIDED("aq_pm10_avoided"),
  /** Power-plant SO₂ avoided, kg a year. */
  AQ_SOX_AVOIDED("aq_sox_avoided"),
  /** Power-plant VOCs avoided, kg a year. */
  AQ_VOC_AVOIDED("aq_voc_avoided"),
  /** Biogenic VOCs the tree emits, kg a year, negative in the tables (a disbenefit). */
  BVOC("bvoc"),
  /** Yearly growth in leaf area, m² a year (i-Tree prices it as aesthetic value; no price here). */
  PROPERTY_VALUE("property_value");

  private final String file;

  Factor(String file) {
    this.file = file;
  }

  /** The table's file name in each region's folder, without {@code .csv}. */
  public String file() {
    return file;
  }
}
