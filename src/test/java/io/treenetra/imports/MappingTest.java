package io.treenetra.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.platform.json.JsonP;
import io.treenetra.platform.web.ApiException;
import io.treenetra.platform.web.FieldError;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MappingTest {

  private static final CoordinateSystem WGS84 = CoordinateSystem.of(4326);

  private static Mapping mapping(String fields, String more) {
    return Mapping.parse(
        JsonP.PROVIDER
            .createReader(
                new StringReader("{\"name\": \"t\", \"fields\": {" + fields + "}" + more + "}"))
            .readObject());
  }

  /** A row of cells; an absent or empty cell is null, as CSV reads it. */
  private static Mapping.Row row(String... cells) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < cells.length; i += 2) {
      values.put(cells[i], cells[i + 1]);
    }
    return new Mapping.Row() {
      @Override
      public boolean has(String column) {
        return values.containsKey(column);
      }

      @Override
      public String get(String column) {
        String value = values.get(column);
        return value == null || value.isEmpty() ? null : value;
      }
    };
  }

  private record Mapped(JsonObject tree, List<FieldError> errors, boolean skipped) {}

  private static Mapped map(Mapping mapping, Mapping.Row row) {
    List<FieldError> errors = new ArrayList<>();
    ImportRow mapped = mapping.map(2, row, null, WGS84, "", errors);
    return new Mapped(mapped.tree(), errors, mapped.skip());
  }

  private static final String LOCATION =
      "\"lat\": {\"column\": \"LAT\"}, \"lng\": {\"column\": \"LON\"}";

  @Test
  void classesBecomeNumbersByTheirRule() {
    for (String[] rule :
        new String[][] {
          {"midpoint", "07-12", "24.1"},
          {"lower", "07-12", "17.8"},
          {"upper", "07-12", "30.5"},
          {"midpoint", "7 to 12", "24.1"},
          {"midpoint", "31+", "78.7"},
          {"upper", ">30", "76.2"},
          {"midpoint", "30 and over", "76.2"},
          {"midpoint", "<6", "7.6"},
          {"lower", "<6", null},
          {"upper", "<6", "15.2"},
          {"midpoint", "12\"", "30.5"},
          {"midpoint", "0", null},
        }) {
      Mapping mapping =
          mapping(
              LOCATION
                  + ", \"dbhCm\": {\"column\": \"DBH\", \"unit\": \"in\", \"classes\": \""
                  + rule[0]
                  + "\"}",
              "");
      Mapped mapped = map(mapping, row("LAT", "1", "LON", "2", "DBH", rule[1]));
      assertThat(mapped.errors()).as(rule[1]).isEmpty();
      assertThat(mapped.tree().get("dbhCm").toString())
          .as(rule[0] + " " + rule[1])
          .isEqualTo(rule[2] == null ? "null" : rule[2]);
    }
  }

  @Test
  void aClassTableAndUnitsAndValuesAndTemplatesConvert() {
    Mapping mapping =
        mapping(
            LOCATION
                + ", \"externalId\": {\"template\": \"{BORO}-{NO}\"},"
                + " \"heightM\": {\"column\": \"H\", \"unit\": \"ft\", \"classes\": {\"A\": 10, \"B\": 25}},"
                + " \"canopyDiameterM\": {\"column\": \"C\", \"unit\": \"ft\"},"
                + " \"status\": {\"column\": \"S\", \"values\": {\"Removed\": \"removed\", \"*\": \"alive\"}},"
                + " \"healthStatus\": {\"column\": \"S\", \"values\": {\"Good\": \"healthy\", \"Removed\": null}},"
                + " \"plantedDate\": {\"column\": \"P\", \"dateFormat\": \"M/d/yyyy\"},"
                + " \"tags\": {\"column\": \"T\", \"separator\": \";\"},"
                + " \"notes\": {\"constant\": \"county 2024\"}",
            "");
    Mapped mapped =
        map(
            mapping,
            row(
                "LAT",
                "40.5",
                "LON",
                "-73.5",
                "BORO",
                " QN ",
                "NO",
                "17",
                "H",
                "b",
                "C",
                "10",
                "S",
                " good ",
                "P",
                "8/27/2015",
                "T",
                "street; ; park"));
    assertThat(mapped.errors()).isEmpty();
    assertThat(mapped.tree().toString())
        .isEqualTo(
            "{\"externalId\":\"QN-17\",\"heightM\":7.62,\"canopyDiameterM\":3.05,\"status\":\"alive\","
                + "\"healthStatus\":\"healthy\",\"plantedDate\":\"2015-08-27\","
                + "\"tags\":[\"street\",\"park\"],\"notes\":\"county 2024\","
                + "\"location\":{\"lat\":40.5,\"lng\":-73.5}}");
    Mapped removed =
        map(mapping, row("LAT", "1", "LON", "2", "BORO", "Q", "NO", "1", "S", "REMOVED"));
    assertThat(removed.tree().getString("status")).isEqualTo("removed");
    assertThat(removed.tree().isNull("healthStatus")).isTrue();
    // An empty cell of a mapped column is no value: it clears the field of a tree the row updates.
    assertThat(removed.tree().isNull("heightM")).isTrue();
  }

  @Test
  void cellsThatDoNotConvertAreErrorsNamingTheirColumn() {
    Mapping mapping =
        mapping(
            "\"x\": {\"column\": \"X\"}, \"y\": {\"column\": \"Y\"},"
                + " \"externalId\": {\"template\": \"id-{NO}\"},"
                + " \"dbhCm\": {\"column\": \"DBH\", \"classes\": \"midpoint\"},"
                + " \"heightM\": {\"column\": \"H\", \"classes\": {\"A\": 10}},"
                + " \"healthStatus\": {\"column\": \"S\", \"values\": {\"Good\": \"healthy\"}},"
                + " \"plantedDate\": {\"column\": \"P\", \"dateFormat\": \"M/d/yyyy\"}",
            "");
    Mapped mapped =
        map(
            mapping,
            row("X", "abc", "Y", "40", "DBH", "big", "H", "Z", "S", "Sick", "P", "2/30/2015"));
    assertThat(mapped.errors())
        .containsExactly(
            new FieldError("X", "must be a number, not 'abc'"),
            new FieldError("NO", "is empty, and the mapping's template id-{NO} needs it"),
            new FieldError("DBH", "'big' is neither a number nor a class such as 07-12, 31+ or <6"),
            new FieldError("H", "'Z' is not one of the classes the mapping lists"),
            new FieldError("S", "'Sick' is not one of the values the mapping knows (good)"),
            new FieldError("P", "'2/30/2015' is not a date of the mapping's dateFormat"));
    Mapped half = map(mapping, row("X", "1", "NO", "1"));
    assertThat(half.errors())
        .containsExactly(
            new FieldError("Y", "is empty, and a point needs both of its coordinates"));
  }

  @Test
  void rowsAreSkippedOrMadePlantingSitesByTheirValues() {
    Mapping mapping =
        mapping(
            LOCATION
                + ", \"scientificName\": {\"column\": \"SP\"}, \"dbhCm\": {\"column\": \"D\"},"
                + " \"status\": {\"constant\": \"alive\"}, \"address\": {\"column\": \"A\"}",
            ", \"skip\": [{\"column\": \"SP\", \"values\": [\"Stump removed\"]},"
                + " {\"column\": \"D\", \"values\": [\"\"]}],"
                + " \"plantingSites\": {\"column\": \"SP\", \"values\": [\"vacant\"]}");
    assertThat(map(mapping, row("SP", " STUMP REMOVED ", "D", "5")).skipped()).isTrue();
    assertThat(map(mapping, row("SP", "Acer", "LAT", "1", "LON", "2")).skipped()).isTrue();
    Mapped site =
        map(mapping, row("SP", "Vacant", "D", "5", "LAT", "1", "LON", "2", "A", "1 Main"));
    assertThat(site.skipped()).isFalse();
    assertThat(site.tree().toString())
        .isEqualTo(
            "{\"location\":{\"address\":\"1 Main\",\"lat\":1.0,\"lng\":2.0},\"status\":\"planned\","
                + "\"healthStatus\":null,\"scientificName\":null,\"dbhCm\":null,\"heightM\":null,"
                + "\"canopyDiameterM\":null}");
  }

  @Test
  void aLocationHashIsStableAndNamesTheRow() {
    Mapping mapping =
        mapping(
            LOCATION + ", \"externalId\": {\"hash\": [\"LAT\", \"LON\"], \"prefix\": \"c:\"}", "");
    String first = map(mapping, row("LAT", "40.1", "LON", "-73.2")).tree().getString("externalId");
    assertThat(first).matches("c:[0-9a-f]{16}");
    assertThat(map(mapping, row("LAT", " 40.1", "LON", "-73.2 ")).tree().getString("externalId"))
        .isEqualTo(first);
    assertThat(map(mapping, row("LAT", "40.1", "LON", "-73.3")).tree().getString("externalId"))
        .isNotEqualTo(first);
    assertThat(map(mapping, row("LAT", "40.1")).errors())
        .contains(new FieldError("LON", "is empty, and the mapping's externalId hash needs it"));
  }

  @Test
  void theMappingNamesTheColumnsACsvFileMustHave() {
    Mapping mapping =
        mapping(
            LOCATION
                + ", \"address\": {\"template\": \"{N} {STREET}\"}, \"notes\": {\"constant\": null}",
            ", \"skip\": {\"column\": \"KIND\", \"values\": [\"x\"]}");
    assertThat(mapping.columns()).containsExactly("LAT", "LON", "N", "STREET", "KIND");
    assertThat(mapping.fieldName("location.lat", "")).isEqualTo("LAT");
    assertThat(mapping.fieldName("notes", "properties.")).isEqualTo("mapping.notes");
    assertThat(mapping.fieldName("dbhCm", "")).isEqualTo("dbhCm");
  }

  @Test
  void aWrongMappingNamesEveryMistake() {
    try {
      mapping(
          "\"lat\": {\"column\": \"A\"}, \"tags\": {\"constant\": [1]},"
              + " \"status\": {\"constant\": \"sleeping\"}, \"dbhCm\": {\"constant\": \"big\"},"
              + " \"notes\": {\"hash\": [\"A\"]}, \"address\": {\"template\": \"no columns\"},"
              + " \"externalId\": {\"column\": \"I\", \"prefix\": \"p\"},"
              + " \"heightM\": {\"column\": \"H\", \"separator\": \";\"}",
          ", \"srid\": \"2263\"");
      throw new AssertionError("accepted");
    } catch (ApiException invalid) {
      assertThat(invalid.errors().stream().map(FieldError::field).toList())
          .containsExactlyInAnyOrder(
              "srid",
              "fields.tags.constant",
              "fields.status.constant",
              "fields.dbhCm.constant",
              "fields.notes.hash",
              "fields.address.template",
              "fields.externalId.prefix",
              "fields.heightM.separator",
              "fields");
    }
  }
}
