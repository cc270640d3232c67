package io.treenetra.itree;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The README's point checks, and the places of otm-core's region tests. */
class RegionsTest {

  private static final Regions REGIONS = Regions.standard();

  @Test
  void citiesLandInTheirRegions() {
    assertThat(REGIONS.at(40.78, -73.96)).as("New York").isEqualTo("NoEastXXX");
    assertThat(REGIONS.at(37.77, -122.42)).as("San Francisco").isEqualTo("CaNCCoJBK");
    assertThat(REGIONS.at(34.05, -118.25)).as("Los Angeles").isEqualTo("InlEmpCLM");
    assertThat(REGIONS.at(37.87, -122.27)).as("Berkeley").isEqualTo("InlValMOD");
    assertThat(REGIONS.at(37.80, -122.27)).as("Oakland").isEqualTo("InlValMOD");
    assertThat(REGIONS.at(43.62, -116.20)).as("Boise").isEqualTo("NMtnPrFNL");
    assertThat(REGIONS.at(32.72, -117.16)).as("San Diego").isEqualTo("SoCalCSMA");
    assertThat(REGIONS.at(34.15, -118.14)).as("Pasadena").isEqualTo("SoCalCSMA");
  }

  @Test
  void holesAreOutsideTheirPolygon() {
    // Santa Monica and Long Beach: pieces of InlEmpCLM filling holes in SoCalCSMA.
    assertThat(REGIONS.at(34.02, -118.49)).as("Santa Monica").isEqualTo("InlEmpCLM");
    assertThat(REGIONS.at(33.77, -118.19)).as("Long Beach").isEqualTo("InlEmpCLM");
    assertThat(REGIONS.at(34.02, -118.40)).as("Culver City").isEqualTo("SoCalCSMA");
  }

  @Test
  void placesOutsideTheConterminousStatesAreInNoRegion() {
    assertThat(REGIONS.at(21.31, -157.86)).as("Honolulu").isNull();
    assertThat(REGIONS.at(61.22, -149.90)).as("Anchorage").isNull();
    assertThat(REGIONS.at(0, 0)).isNull();
    assertThat(REGIONS.at(40, -73)).as("the Atlantic off Long Island").isNull();
  }
}
