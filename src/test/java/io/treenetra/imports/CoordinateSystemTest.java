package io.treenetra.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.treenetra.platform.web.FieldError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoordinateSystemTest {

  @Test
  void statePlaneFeetBecomeTheLatitudeAndLongitudeThePublishedFormulasGive() {
    CoordinateSystem longIsland = CoordinateSystem.of(2263);
    double[][] points = {
      {40.78306746581573, -73.95731555966115}, // Manhattan, a census tree
      {40.62502853560568, -73.96210144817486}, // Brooklyn
      {40.5795, -74.1502}, // Staten Island
      {40.8448, -73.8648}, // the Bronx
      {40.9176, -72.6620}, // Riverhead, Long Island
    };
    for (double[] point : points) {
      double[] feet = StatePlane.feet(point[0], point[1]);
      List<FieldError> errors = new ArrayList<>();
      double[] latLng = longIsland.toLatLng(feet[0], feet[1], "x", "x and y", errors);
      assertThat(errors).isEmpty();
      assertThat(latLng[0]).isCloseTo(point[0], within(1e-7));
      assertThat(latLng[1]).isCloseTo(point[1], within(1e-7));
    }
  }

  /**
   * The census gives each tree twice: in State Plane feet (x_sp, y_sp) and as the_geom in WGS 84.
   */
  @Test
  void theNewYorkCensusStatePlaneFeetBecomeItsOwnLatitudesAndLongitudes() throws Exception {
    CoordinateSystem longIsland = CoordinateSystem.of(2263);
    int trees = 0;
    try (var in = getClass().getResourceAsStream("/census/nyc-street-trees-2015-sample.csv");
        var csv =
            org.apache.commons.csv.CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(
                    new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8))) {
      for (var record : csv) {
        String[] point = record.get("the_geom").replace("POINT (", "").replace(")", "").split(" ");
        List<FieldError> errors = new ArrayList<>();
        double[] latLng =
            longIsland.toLatLng(
                Double.parseDouble(record.get("x_sp")),
                Double.parseDouble(record.get("y_sp")),
                "x_sp",
                "x_sp and y_sp",
                errors);
        assertThat(errors).isEmpty();
        assertThat(latLng[0]).isCloseTo(Double.parseDouble(point[1]), within(1e-7));
        assertThat(latLng[1]).isCloseTo(Double.parseDouble(point[0]), within(1e-7));
        trees++;
      }
    }
    assertThat(trees).isEqualTo(10189);
  }

  @Test
  void aPointOutsideTheSystemsAreaIsAnErrorNamingBothCoordinates() {
    CoordinateSystem longIsland = CoordinateSystem.of(2263);
    for (double[] outside : new double[][] {{-73.95, 40.78}, {5e9, 5e9}, {9.0e7, 200000}}) {
      List<FieldError> errors = new ArrayList<>();
      assertThat(longIsland.toLatLng(outside[0], outside[1], "X", "X and Y", errors)).isNull();
      assertThat(errors)
          .containsExactly(
              new FieldError(
                  "X",
                  "the point X and Y ("
                      + CoordinateSystem.plain(outside[0])
                      + ", "
                      + CoordinateSystem.plain(outside[1])
                      + ") lies outside the area of EPSG:2263 (Lambert Conformal Conic)"));
    }
  }

  @Test
  void wgs84IsTakenAsItIsAndUtmConverts() {
    List<FieldError> errors = new ArrayList<>();
    assertThat(CoordinateSystem.of(4326).toLatLng(-73.5, 40.25, "x", "x", errors))
        .containsExactly(40.25, -73.5);
    // UTM zone 18N: the central meridian (-75) at the equator's false easting.
    double[] meridian = CoordinateSystem.of(32618).toLatLng(500000, 4427757.22, "x", "x", errors);
    assertThat(errors).isEmpty();
    assertThat(meridian[1]).isCloseTo(-75, within(1e-9));
    assertThat(meridian[0]).isCloseTo(40.0, within(1e-4));
  }

  @Test
  void crsNamesAreReadInTheirCommonSpellings() {
    assertThat(CoordinateSystem.sridOf("EPSG:2263")).contains(2263);
    assertThat(CoordinateSystem.sridOf("urn:ogc:def:crs:EPSG::2263")).contains(2263);
    assertThat(CoordinateSystem.sridOf("urn:ogc:def:crs:EPSG:6.3:2263")).contains(2263);
    assertThat(CoordinateSystem.sridOf("urn:ogc:def:crs:OGC:1.3:CRS84")).contains(4326);
    assertThat(CoordinateSystem.sridOf("NAD83 / New York Long Island")).isEmpty();
    assertThat(CoordinateSystem.unknown(999999))
        .contains("EPSG:999999 is not a coordinate reference system Proj4J knows");
    assertThatThrownBy(() -> CoordinateSystem.of(999999))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
