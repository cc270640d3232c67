package io.treenetra.imports;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.treenetra.platform.json.JsonP;
import io.treenetra.platform.web.FieldError;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The features of an RFC 7946 FeatureCollection, streamed by Jackson's parser one feature at a
 * time: a Point geometry ({@code [lng, lat]}) and the API's field names as properties, as {@code
 * GET /trees?format=geojson} writes them. Row numbers count features from 1.
 */
final class GeoJsonRows implements RowSource {

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(32)
                  .maxStringLength(RowSizeGuard.MAX_ROW_CHARS)
                  .maxNumberLength(64)
                  .build())
          .build();

  /** Properties read apart from the tree's writable fields. */
  private static final Set<String> READ_APART =
      Set.of(
          "id",
          "address",
          "location",
          "version",
          "createdAt",
          "updatedAt",
          "lastInspectedAt",
          "distanceM");

  private final RowSizeGuard guard;
  private final JsonParser parser;
  private final Mapping mapping;
  private final CoordinateSystem system;
  private Integer crs;
  private int row;
  private boolean inFeatures;
  private boolean ended;

  GeoJsonRows(Reader text) throws IOException {
    this(text, null, CoordinateSystem.of(CoordinateSystem.WGS84));
  }

  /**
   * The features read through a mapping (null: the API's field names as properties), their points
   * in {@code system}.
   */
  GeoJsonRows(Reader text, Mapping mapping, CoordinateSystem system) throws IOException {
    this.mapping = mapping;
    this.system = system;
    this.guard = new RowSizeGuard(text);
    this.parser = JSON.createParser(guard);
    try {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new ImportFileException(
            "The file is not a GeoJSON FeatureCollection: it does not start with a JSON object");
      }
      seekFeatures();
    } catch (JsonProcessingException e) {
      throw invalid(e);
    } catch (CharacterCodingException e) {
      throw CsvRows.unreadable(e, 1);
    }
  }

  /** Moves to the first feature, checking the members of the collection met on the way. */
  private void seekFeatures() throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (name.equals("type")) {
        if (value != JsonToken.VALUE_STRING || !parser.getText().equals("FeatureCollection")) {
          throw new ImportFileException(
              "The file is not a GeoJSON FeatureCollection: its type is " + parser.getText());
        }
      } else if (name.equals("features")) {
        if (value != JsonToken.START_ARRAY) {
          throw new ImportFileException("The features of the FeatureCollection must be an array");
        }
        inFeatures = true;
        return;
      } else if (name.equals("crs")) {
        crs(value(value));
      } else {
        parser.skipChildren();
      }
    }
    throw new ImportFileException(
        "The file is not a GeoJSON FeatureCollection: it has no features array");
  }

  @Override
  public ImportRow next() throws IOException {
    JsonValue feature = nextFeature(true);
    return feature == null ? null : map(row, feature);
  }

  @Override
  public int skip(int rows) throws IOException {
    int skipped = 0;
    while (skipped < rows && nextFeature(false) != null) {
      skipped++;
    }
    return skipped;
  }

  /**
   * The next feature (read, or skipped when {@code read} is false: then any non-null marker), null
   * after the last.
   */
  private JsonValue nextFeature(boolean read) throws IOException {
    if (ended) {
      return null;
    }
    try {
      guard.rowStarts(row + 1);
      JsonToken token = parser.nextToken();
      if (token == JsonToken.END_ARRAY || token == null) {
        ended = true;
        finish();
        return null;
      }
      row++;
      if (!read) {
        parser.skipChildren();
        return JsonValue.NULL;
      }
      return value(token);
    } catch (JsonProcessingException e) {
      throw invalid(e);
    } catch (CharacterCodingException e) {
      throw CsvRows.unreadable(e, row + 1);
    }
  }

  /**
   * After the features: the rest of the collection must still be well-formed, with the right type.
   */
  private void finish() throws IOException {
    if (!inFeatures) {
      return;
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (name.equals("type")
          && (value != JsonToken.VALUE_STRING || !parser.getText().equals("FeatureCollection"))) {
        throw new ImportFileException(
            "The file is not a GeoJSON FeatureCollection: its type is " + parser.getText());
      }
      if (name.equals("crs")) {
        crs(value(value));
      } else {
        parser.skipChildren();
      }
    }
    if (parser.nextToken() != null) {
      throw new ImportFileException("The file has content after the FeatureCollection");
    }
  }

  /**
   * The EPSG code the collection's {@code crs} member names (GeoJSON 2008; RFC 7946 dropped it, but
   * files still carry it), once the whole file was read; empty when it has none.
   */
  java.util.Optional<Integer> crs() {
    return java.util.Optional.ofNullable(crs);
  }

  private void crs(JsonValue member) {
    if (member == JsonValue.NULL) {
      return;
    }
    String name =
        member instanceof JsonObject object
                && "name".equals(string(object.get("type")))
                && object.get("properties") instanceof JsonObject properties
            ? string(properties.get("name"))
            : null;
    if (name == null) {
      throw new ImportFileException(
          "The crs member must name its system, as {\"type\": \"name\", \"properties\":"
              + " {\"name\": \"EPSG:2263\"}}; or leave it out and give srid= with the import");
    }
    Integer srid = CoordinateSystem.sridOf(name).orElse(null);
    if (srid == null) {
      throw new ImportFileException(
          "The crs member names "
              + Cells.clip(name)
              + ", which is not an EPSG code (EPSG:2263, urn:ogc:def:crs:EPSG::2263) or CRS84");
    }
    CoordinateSystem.unknown(srid)
        .ifPresent(
            why -> {
              throw new ImportFileException("The crs member names " + name + ": " + why);
            });
    crs = srid;
  }

  private JsonValue value(JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT -> {
        JsonObjectBuilder object = JsonP.PROVIDER.createObjectBuilder();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          object.add(name, value(parser.nextToken()));
        }
        return object.build();
      }
      case START_ARRAY -> {
        JsonArrayBuilder array = JsonP.PROVIDER.createArrayBuilder();
        for (JsonToken next = parser.nextToken();
            next != JsonToken.END_ARRAY;
            next = parser.nextToken()) {
          array.add(value(next));
        }
        return array.build();
      }
      case VALUE_STRING -> {
        return JsonP.PROVIDER.createValue(parser.getText());
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return JsonP.PROVIDER.createValue(parser.getDecimalValue());
      }
      case VALUE_TRUE -> {
        return JsonValue.TRUE;
      }
      case VALUE_FALSE -> {
        return JsonValue.FALSE;
      }
      case VALUE_NULL -> {
        return JsonValue.NULL;
      }
      default ->
          throw new ImportFileException("Unexpected JSON token " + token + " in feature " + row);
    }
  }

  /** The feature names a tree, by its id or an externalId, which it may update. */
  private static boolean namesTree(JsonObject feature, JsonObject properties) {
    return feature.get("id") instanceof JsonString
        || properties.get("id") instanceof JsonString
        || (properties.get("externalId") instanceof JsonString externalId
            && !externalId.getString().isBlank());
  }

  private ImportRow map(int row, JsonValue value) {
    List<FieldError> errors = new ArrayList<>();
    JsonObjectBuilder tree = JsonP.PROVIDER.createObjectBuilder();
    if (!(value instanceof JsonObject feature) || !"Feature".equals(string(feature.get("type")))) {
      errors.add(
          new FieldError("type", "each element of features must be an object of type Feature"));
      return new ImportRow(row, null, null, null, null, null, null, errors);
    }
    JsonValue propertiesValue = feature.get("properties");
    JsonObject properties =
        propertiesValue instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
    if (propertiesValue != null
        && propertiesValue != JsonValue.NULL
        && !(propertiesValue instanceof JsonObject)) {
      errors.add(new FieldError("properties", "must be an object or null"));
    }
    JsonObjectBuilder location = JsonP.PROVIDER.createObjectBuilder();
    JsonValue geometry = feature.get("geometry");
    double[] point = point(geometry);
    if (mapping != null) {
      if (point == null
          && geometry != null
          && geometry != JsonValue.NULL
          && !mapping.mapsCoordinates()) {
        errors.add(new FieldError("geometry", "must be a Point with coordinates [x, y]"));
      }
      return mapping.map(row, new Properties(properties), point, system, "properties.", errors);
    }
    if (point != null && system.isWgs84()) {
      JsonArray coordinates = ((JsonObject) geometry).getJsonArray("coordinates");
      location.add("lat", coordinates.get(1)).add("lng", coordinates.get(0));
    } else if (point != null) {
      double[] latLng = system.toLatLng(point[0], point[1], "geometry", "geometry", errors);
      if (latLng != null) {
        location.add("lat", latLng[0]).add("lng", latLng[1]);
      }
    } else if ((geometry == null || geometry == JsonValue.NULL) && namesTree(feature, properties)) {
      // No geometry: an update that leaves its tree where it is (RowChecker).
    } else {
      errors.add(
          new FieldError("geometry", "must be a Point with coordinates [longitude, latitude]"));
    }
    properties.forEach(
        (name, property) -> {
          if (!READ_APART.contains(name)) {
            tree.add(name, property);
          }
        });
    JsonValue address = properties.get("address");
    if (address instanceof JsonString text) {
      location.add("address", text);
    } else if (address != null && address != JsonValue.NULL) {
      errors.add(new FieldError("properties.address", "must be a string"));
    }
    tree.add("location", location);
    String featureId =
        feature.get("id") instanceof JsonString id
            ? id.getString()
            : text(properties, "id", errors);
    UUID id = Cells.uuid(featureId, "id", errors);
    Instant createdAt =
        Cells.instant(text(properties, "createdAt", errors), "properties.createdAt", errors);
    Instant updatedAt =
        Cells.instant(text(properties, "updatedAt", errors), "properties.updatedAt", errors);
    Instant lastInspectedAt =
        Cells.instant(
            text(properties, "lastInspectedAt", errors), "properties.lastInspectedAt", errors);
    Integer version = null;
    JsonValue versionValue = properties.get("version");
    if (versionValue instanceof JsonNumber number
        && number.isIntegral()
        && number.bigDecimalValue().signum() > 0
        && number.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(Integer.MAX_VALUE))
            <= 0) {
      version = number.intValue();
    } else if (versionValue != null && versionValue != JsonValue.NULL) {
      errors.add(new FieldError("properties.version", "must be a whole number of at least 1"));
    }
    return new ImportRow(
        row, tree.build(), id, createdAt, updatedAt, version, lastInspectedAt, errors);
  }

  /** A Point geometry's first two coordinates, or null when the geometry is not a Point. */
  private static double[] point(JsonValue geometry) {
    if (geometry instanceof JsonObject point
        && "Point".equals(string(point.get("type")))
        && point.get("coordinates") instanceof JsonArray coordinates
        && (coordinates.size() == 2 || coordinates.size() == 3)
        && coordinates.get(0) instanceof JsonNumber x
        && coordinates.get(1) instanceof JsonNumber y) {
      return new double[] {x.doubleValue(), y.doubleValue()};
    }
    return null;
  }

  /** A feature's properties as the cells of a mapped row: numbers and booleans as written. */
  private record Properties(JsonObject properties) implements Mapping.Row {
    @Override
    public boolean has(String name) {
      return properties.containsKey(name);
    }

    @Override
    public String get(String name) {
      JsonValue value = properties.get(name);
      if (value == null || value == JsonValue.NULL) {
        return null;
      }
      String text =
          value instanceof JsonString string
              ? string.getString()
              : value instanceof JsonNumber number
                  ? number.bigDecimalValue().toPlainString()
                  : value.toString();
      return text.isEmpty() ? null : text;
    }
  }

  private static String string(JsonValue value) {
    return value instanceof JsonString text ? text.getString() : null;
  }

  private static String text(JsonObject properties, String name, List<FieldError> errors) {
    JsonValue value = properties.get(name);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value instanceof JsonString text) {
      return text.getString();
    }
    errors.add(new FieldError("properties." + name, "must be a string"));
    return null;
  }

  private ImportFileException invalid(JsonProcessingException e) {
    var where = e.getLocation();
    return new ImportFileException(
        "The file is not valid JSON"
            + (where == null
                ? ""
                : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")")
            + ": "
            + inOurWords(e.getOriginalMessage()));
  }

  private static final Pattern NON_NUMBER =
      Pattern.compile("^Non-standard token '([^']*)'.*", Pattern.DOTALL);
  private static final Pattern ADVICE = Pattern.compile(": enable `[^`]*` to allow");
  private static final Pattern COMMENT =
      Pattern.compile(
          ": maybe a \\(non-standard\\) comment\\? \\(not recognized as one since Feature '[A-Z_]*'"
              + " not enabled for parser\\)");
  private static final Pattern SOURCE =
      Pattern.compile("\\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)\\]");

  /**
   * The parser's message without its advice to enable one of its own settings, which a client
   * cannot change.
   */
  static String inOurWords(String message) {
    if (message == null) {
      return "it cannot be read";
    }
    Matcher number = NON_NUMBER.matcher(message);
    if (number.matches()) {
      return "'" + number.group(1) + "' is not a number JSON allows (JSON has no NaN or Infinity)";
    }
    String words = ADVICE.matcher(message).replaceAll("");
    words = COMMENT.matcher(words).replaceAll(": JSON has no comments");
    return SOURCE.matcher(words).replaceAll("line $1, column $2");
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }
}
