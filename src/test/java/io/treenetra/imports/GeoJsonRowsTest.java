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
}
