package io.treenetra.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.treenetra.platform.web.FieldError;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** GeoJSON imports read without a server: one feature at a time, numbered from 1. */
class GeoJsonRowsTest {

  private static GeoJsonRows rows(String json) throws IOException {
    return new GeoJsonRows(new StringReader(json));
  }

  @Test
  void aPointFeatureIsATreeBodyWithItsPropertiesAndAddress() throws IOException {
    try (GeoJsonRows rows =
        rows(
            """
            {"type": "FeatureCollection", "name": "ignored", "features": [
              {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-73.9, 40.7, 12]},
               "properties": {"status": "alive", "dbhCm": 30, "address": "12 Oak St"}},
              {"type": "Feature", "geometry": null, "properties": null},
              [1, 2]
            ]}
            """)) {
      ImportRow first = rows.next();
      assertThat(first.row()).isEqualTo(1);
      assertThat(first.tree().getString("status")).isEqualTo("alive");
      assertThat(first.tree().getInt("dbhCm")).isEqualTo(30);
      assertThat(first.tree().getJsonObject("location").toString())
          .isEqualTo("{\"lat\":40.7,\"lng\":-73.9,\"address\":\"12 Oak St\"}");
      assertThat(first.errors()).isEmpty();

      ImportRow second = rows.next();
      assertThat(second.row()).isEqualTo(2);
      assertThat(second.errors())
          .containsExactly(
              new FieldError("geometry", "must be a Point with coordinates [longitude, latitude]"));

      ImportRow third = rows.next();
      assertThat(third.row()).isEqualTo(3);
      assertThat(third.tree()).isNull();
      assertThat(third.errors())
          .containsExactly(
              new FieldError("type", "each element of features must be an object of type Feature"));
      assertThat(rows.next()).isNull();
    }
  }

  @Test
  void skippingCountsFeaturesWithoutMappingThem() throws IOException {
    String feature =
        "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]},"
            + "\"properties\":{\"status\":\"alive\"}}";
    try (GeoJsonRows rows =
        rows(
            "{\"type\":\"FeatureCollection\",\"features\":["
                + String.join(",", feature, feature, feature)
                + "]}")) {
      assertThat(rows.skip(2)).isEqualTo(2);
      assertThat(rows.next().row()).isEqualTo(3);
      assertThat(rows.next()).isNull();
    }
  }

  @Test
  void aFileThatIsNoFeatureCollectionFailsAsAWhole() {
    assertThatThrownBy(() -> rows("[]"))
        .isInstanceOf(ImportFileException.class)
        .hasMessage(
            "The file is not a GeoJSON FeatureCollection: it does not start with a JSON object");
    assertThatThrownBy(() -> rows("{\"type\": \"Feature\"}"))
        .isInstanceOf(ImportFileException.class)
        .hasMessage("The file is not a GeoJSON FeatureCollection: its type is Feature");
    assertThatThrownBy(() -> rows("{\"type\": \"FeatureCollection\"}"))
        .isInstanceOf(ImportFileException.class)
        .hasMessage("The file is not a GeoJSON FeatureCollection: it has no features array");
    assertThatThrownBy(() -> rows("{\"features\": {}}"))
        .isInstanceOf(ImportFileException.class)
        .hasMessage("The features of the FeatureCollection must be an array");
  }

  @Test
  void notJsonIsSaidInTheServicesOwnWords() {
    java.util.Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("NaN", "'NaN' is not a number JSON allows (JSON has no NaN or Infinity)");
    cases.put("-Infinity", "'-Infinity' is not a number JSON allows (JSON has no NaN or Infinity)");
    cases.put(
        "+1",
        "Unexpected character ('+' (code 43)) in numeric value: JSON spec does not allow numbers"
            + " to have plus signs");
    cases.put("1 /* a comment */", "Unexpected character ('/' (code 47)): JSON has no comments");
    cases.put(
        "1}",
        "Unexpected close marker '}': expected ']' (for Array starting at line 1, column 109)");
    for (var bad : cases.entrySet()) {
      String json =
          "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"geometry\":"
              + " {\"type\": \"Point\", \"coordinates\": [-73.9, "
              + bad.getKey()
              + "]}, \"properties\": {}}]}";
      assertThatThrownBy(
              () -> {
                try (GeoJsonRows rows = rows(json)) {
                  while (rows.next() != null) {
                    // read to the end
                  }
                }
              })
          .as(bad.getKey())
          .isInstanceOf(ImportFileException.class)
          .hasMessageStartingWith("The file is not valid JSON (line 1, column ")
          .hasMessageEndingWith(": " + bad.getValue())
          .hasMessageNotContaining("Feature")
          .hasMessageNotContaining("enable");
    }
  }

  @Test
  void aMappedFeatureReadsItsPropertiesAsColumnsAndItsPointInTheFilesSystem() throws IOException {
    double[] feet = StatePlane.feet(40.75, -73.95);
    Mapping mapping =
        Mapping.parse(
            io.treenetra.platform.json.JsonP.PROVIDER
                .createReader(
                    new StringReader(
                        """
                        {"name": "features", "fields": {
                          "externalId": {"hash": ["geometry", "FID"], "prefix": "f:"},
                          "dbhCm": {"column": "DBH_IN", "unit": "in"},
                          "status": {"column": "ALIVE", "values": {"true": "alive", "false": "dead"}}}}
                        """))
                .readObject());
    String json =
        """
        {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:2263"}},
         "features": [
          {"type": "Feature", "geometry": {"type": "Point", "coordinates": [%s, %s]},
           "properties": {"FID": 7, "DBH_IN": 12.50, "ALIVE": true}},
          {"type": "Feature", "geometry": {"type": "Point", "coordinates": [50000000, 200000]},
           "properties": {"FID": 8, "DBH_IN": 3, "ALIVE": false}}
        ]}
        """
            .formatted(feet[0], feet[1]);
    try (GeoJsonRows rows =
        new GeoJsonRows(new StringReader(json), mapping, CoordinateSystem.of(2263))) {
      ImportRow first = rows.next();
      assertThat(first.errors()).isEmpty();
      assertThat(first.tree().getString("externalId")).matches("f:[0-9a-f]{16}");
      assertThat(first.tree().getJsonNumber("dbhCm").doubleValue()).isEqualTo(31.8);
      assertThat(first.tree().getString("status")).isEqualTo("alive");
      var location = first.tree().getJsonObject("location");
      assertThat(location.getJsonNumber("lat").doubleValue())
          .isCloseTo(40.75, org.assertj.core.api.Assertions.within(1e-7));
      assertThat(location.getJsonNumber("lng").doubleValue())
          .isCloseTo(-73.95, org.assertj.core.api.Assertions.within(1e-7));
      ImportRow second = rows.next();
      assertThat(second.tree().getString("status")).isEqualTo("dead");
      assertThat(second.errors())
          .containsExactly(
              new FieldError(
                  "geometry",
                  "the point geometry (50000000, 200000) lies outside the area of EPSG:2263 (Lambert Conformal"
                      + " Conic)"));
      assertThat(rows.next()).isNull();
      assertThat(rows.crs()).contains(2263);
    }
  }

  @Test
  void aCrsMemberThatNamesNoEpsgSystemFailsTheFile() throws IOException {
    for (String crs :
        new String[] {
          "{\"type\": \"link\", \"properties\": {\"href\": \"x\"}}",
          "{\"type\": \"name\", \"properties\": {\"name\": \"Long Island feet\"}}",
          "\"EPSG:2263\""
        }) {
      assertThatThrownBy(
              () ->
                  rows("{\"type\": \"FeatureCollection\", \"crs\": " + crs + ", \"features\": []}"))
          .as(crs)
          .isInstanceOf(ImportFileException.class)
          .hasMessageStartingWith("The crs member ");
    }
  }
}
