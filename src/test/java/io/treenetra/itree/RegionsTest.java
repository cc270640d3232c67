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

  @Test
  void theGridAnswersAsThePolygonsDoEverywhere() {
    Regions regions = Regions.load();
    java.util.Random random = new java.util.Random(20261203);
    int checked = 0;
    // Anywhere over the conterminous states and their coasts.
    for (int i = 0; i < 100_000; i++) {
      double lat = 24 + random.nextDouble() * 26;
      double lng = -125 + random.nextDouble() * 59;
      assertThat(regions.at(lat, lng)).as(lat + ", " + lng).isEqualTo(regions.tested(lat, lng));
      checked++;
    }
    // Right beside the borders: around every vertex of every ring, in cells an edge touches and in
    // the cells next to those.
    jakarta.json.JsonObject file;
    try (java.io.InputStream in =
            Regions.class.getClassLoader().getResourceAsStream("itree/regions.json");
        jakarta.json.JsonReader reader =
            io.treenetra.platform.json.JsonP.PROVIDER.createReader(in)) {
      file = reader.readObject();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    for (jakarta.json.JsonValue feature : file.getJsonArray("features")) {
      for (jakarta.json.JsonValue polygon :
          feature.asJsonObject().getJsonObject("geometry").getJsonArray("coordinates")) {
        for (jakarta.json.JsonValue ring : polygon.asJsonArray()) {
          for (jakarta.json.JsonValue vertex : ring.asJsonArray()) {
            double lng = vertex.asJsonArray().getJsonNumber(0).doubleValue();
            double lat = vertex.asJsonArray().getJsonNumber(1).doubleValue();
            for (double d : new double[] {1e-7, 0.01}) {
              for (int k = 0; k < 4; k++) {
                double a = lat + (k % 2 == 0 ? d : -d);
                double b = lng + (k < 2 ? d : -d);
                assertThat(regions.at(a, b)).as(a + ", " + b).isEqualTo(regions.tested(a, b));
                checked++;
              }
            }
          }
        }
      }
    }
    assertThat(checked).isEqualTo(100_000 + 29_482 * 8);
  }

  @Test
  void pointsThatAreNotNumbersAreInNoRegion() {
    assertThat(REGIONS.at(Double.NaN, -73.96)).isNull();
    assertThat(REGIONS.at(40.78, Double.POSITIVE_INFINITY)).isNull();
  }
}
