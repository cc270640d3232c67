package io.treenetra.imports;

import io.treenetra.platform.json.JsonInput;
import io.treenetra.platform.json.JsonP;
import io.treenetra.platform.web.ApiException;
import io.treenetra.platform.web.FieldError;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mapping: how the rows of a city's own file become trees (docs/imports.md, "Mappings"). Each
 * field of a tree is read from a column (or, in GeoJSON, a property), a template of columns, a hash
 * of columns or a constant, then converted: a class such as {@code "07-12"} to a number, inches to
 * centimetres and feet to metres, words to the API's values. Rows may be skipped or imported as
 * planting sites (status planned, nothing else of a tree) by a column's values. The result is the
 * body of a {@code POST /trees}, checked by the same rules as every other import row.
 */
final class Mapping {

  /** The longest a stored mapping may be, in characters of JSON. */
  static final int MAX_CHARS = 65_536;

  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  /** The fields a mapping may fill, in the order a row is read. */
  static final List<String> TARGETS =
      List.of(
          "externalId",
          "lat",
          "lng",
          "x",
          "y",
          "address",
          "scientificName",
          "dbhCm",
          "heightM",
          "canopyDiameterM",
          "status",
          "healthStatus",
          "plantedDate",
          "tags",
          "notes");

  private static final Set<String> NUMBERS =
      Set.of("lat", "lng", "x", "y", "dbhCm", "heightM", "canopyDiameterM");
  private static final Set<String> SIZES = Set.of("dbhCm", "heightM", "canopyDiameterM");
  private static final Set<String> COORDINATES = Set.of("x", "y", "lat", "lng");

  /** What a planting site has none of. */
  private static final Set<String> NOT_OF_A_SITE =
      Set.of("scientificName", "dbhCm", "heightM", "canopyDiameterM", "status", "healthStatus");

  private static final Map<String, Map<String, Double>> UNITS =
      Map.of(
          "dbhCm", Map.of("cm", 1.0, "in", 2.54, "mm", 0.1),
          "heightM", Map.of("m", 1.0, "ft", 0.3048),
          "canopyDiameterM", Map.of("m", 1.0, "ft", 0.3048));
  private static final Map<String, Set<String>> ENUMS =
      Map.of(
          "status", Set.of("planned", "alive", "dead", "stump", "removed"),
          "healthStatus", Set.of("healthy", "needs_attention", "critical", "dead"));
  private static final Set<String> KEYS =
      Set.of(
          "column",
          "template",
          "hash",
          "constant",
          "prefix",
          "unit",
          "classes",
          "values",
          "separator",
          "dateFormat");
  private static final Set<String> CLASS_RULES = Set.of("midpoint", "lower", "upper");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]+)}");
  private static final Pattern RANGE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:-|–|to)\\s*(\\d+(?:\\.\\d+)?)");
  private static final Pattern AT_LEAST =
      Pattern.compile(
          "(?:(\\d+(?:\\.\\d+)?)\\s*\\+|>=?\\s*(\\d+(?:\\.\\d+)?)|(\\d+(?:\\.\\d+)?)\\s+(?:and|or)\\s+(?:over|up|above|more))");
  private static final Pattern BELOW = Pattern.compile("<=?\\s*(\\d+(?:\\.\\d+)?)");

  /** The name that stands for a GeoJSON feature's coordinates in a hash. */
  static final String GEOMETRY = "geometry";

  /** The cells of one row by column (or property) name; an empty cell is null. */
  interface Row {
    boolean has(String column);

    String get(String column);
  }

  /** How one field is read. */
  record Field(
      String target,
      String column,
      String template,
      List<String> hash,
      JsonValue constant,
      String prefix,
      Double factor,
      Object classes,
      Map<String, JsonValue> values,
      JsonValue otherwise,
      String separator,
      DateTimeFormatter dateFormat) {}

  /** Rows whose column holds one of the values (ignoring case and surrounding spaces). */
  record Rule(String column, Set<String> values) {
    boolean matches(Row row) {
      String cell = row.get(column);
      return values.contains(cell == null ? "" : key(cell));
    }
  }

  final String name;
  final Integer srid;
  final Map<String, Field> fields;
  final List<Rule> skip;
  final List<Rule> plantingSites;
  final String document;

  private Mapping(
      String name,
      Integer srid,
      Map<String, Field> fields,
      List<Rule> skip,
      List<Rule> plantingSites,
      String document) {
    this.name = name;
    this.srid = srid;
    this.fields = fields;
    this.skip = skip;
    this.plantingSites = plantingSites;
    this.document = document;
  }

  /** A mapping as a client sent it: every mistake is a 400 naming its member. */
  static Mapping parse(JsonObject json) {
    List<FieldError> errors = new ArrayList<>();
    Mapping mapping = read(json, errors, true);
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    return mapping;
  }

  /**
   * A mapping as stored (checked whole when it was stored): its EPSG code is not looked up in
   * Proj4J's definitions again on every read.
   */
  static Mapping stored(String document) {
    List<FieldError> errors = new ArrayList<>();
    Mapping mapping =
        read(JsonP.PROVIDER.createReader(new StringReader(document)).readObject(), errors, false);
    if (!errors.isEmpty()) {
      throw new IllegalStateException("A stored mapping is not valid: " + errors);
    }
    return mapping;
  }

  private static Mapping read(JsonObject json, List<FieldError> errors, boolean checkSystem) {
    // A mapping sent back as read: its version and times are the service's, not the document's.
    json =
        JsonP.PROVIDER
            .createObjectBuilder(json)
            .remove("version")
            .remove("createdAt")
            .remove("updatedAt")
            .build();
    for (String member : json.keySet()) {
      if (!Set.of("name", "description", "srid", "fields", "skip", "plantingSites")
          .contains(member)) {
        errors.add(
            new FieldError(
                JsonInput.printable(member),
                "is not a member of a mapping (name, description, srid, fields, skip,"
                    + " plantingSites)"));
      }
    }
    String name = null;
    if (!(json.get("name") instanceof JsonString text)) {
      errors.add(new FieldError("name", "is required, as a string"));
    } else if (!NAME.matcher(text.getString()).matches()) {
      errors.add(
          new FieldError(
              "name",
              "must be 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter"
                  + " or digit"));
    } else {
      name = text.getString();
    }
    if (json.containsKey("description")
        && !(json.get("description") instanceof JsonString)
        && json.get("description") != JsonValue.NULL) {
      errors.add(new FieldError("description", "must be a string"));
    }
    Integer srid = null;
    JsonValue sridValue = json.get("srid");
    if (sridValue != null && sridValue != JsonValue.NULL) {
      srid = srid(sridValue, "srid", errors, checkSystem);
    }
    Map<String, Field> fields = new LinkedHashMap<>();
    if (!(json.get("fields") instanceof JsonObject fieldsJson) || fieldsJson.isEmpty()) {
      errors.add(new FieldError("fields", "is required: an object of the tree's fields to fill"));
    } else {
      for (Map.Entry<String, JsonValue> entry : fieldsJson.entrySet()) {
        String target = entry.getKey();
        String path = "fields." + JsonInput.printable(target);
        if (!TARGETS.contains(target)) {
          errors.add(new FieldError(path, "is not a field a mapping fills; they are " + TARGETS));
        } else if (!(entry.getValue() instanceof JsonObject spec)) {
          errors.add(new FieldError(path, "must be an object"));
        } else {
          Field field = field(target, spec, path, errors);
          if (field != null) {
            fields.put(target, field);
          }
        }
      }
      pairs(fields, errors);
    }
    List<Rule> skip = rules(json.get("skip"), "skip", errors);
    List<Rule> plantingSites = rules(json.get("plantingSites"), "plantingSites", errors);
    if (json.toString().length() > MAX_CHARS) {
      errors.add(new FieldError("mapping", "must be at most " + MAX_CHARS + " characters of JSON"));
    }
    return new Mapping(name, srid, fields, skip, plantingSites, json.toString());
  }

  private static Integer srid(
      JsonValue value, String path, List<FieldError> errors, boolean checkSystem) {
    if (!(value instanceof JsonNumber number)
        || !number.isIntegral()
        || number.bigDecimalValue().signum() <= 0
        || number.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(999_999)) > 0) {
      errors.add(new FieldError(path, "must be an EPSG code, such as 2263"));
      return null;
    }
    int srid = number.intValue();
    if (checkSystem) {
      CoordinateSystem.unknown(srid).ifPresent(why -> errors.add(new FieldError(path, why)));
    }
    return srid;
  }

  private static void pairs(Map<String, Field> fields, List<FieldError> errors) {
    boolean latLng = fields.containsKey("lat") || fields.containsKey("lng");
    boolean xy = fields.containsKey("x") || fields.containsKey("y");
    if (latLng && xy) {
      errors.add(
          new FieldError(
              "fields", "maps either lat and lng or x and y (projected coordinates), not both"));
    } else if (latLng && !(fields.containsKey("lat") && fields.containsKey("lng"))) {
      errors.add(new FieldError("fields", "maps lat and lng together"));
    } else if (xy && !(fields.containsKey("x") && fields.containsKey("y"))) {
      errors.add(new FieldError("fields", "maps x and y together"));
    }
  }

  private static Field field(String target, JsonObject spec, String path, List<FieldError> errors) {
    int before = errors.size();
    for (String key : spec.keySet()) {
      if (!KEYS.contains(key)) {
        errors.add(
            new FieldError(
                path + "." + JsonInput.printable(key),
                "is not a member of a field's mapping; they are " + KEYS));
      }
    }
    List<String> sources =
        List.of("column", "template", "hash", "constant").stream()
            .filter(spec::containsKey)
            .toList();
    if (sources.size() != 1) {
      errors.add(
          new FieldError(
              path, "must have exactly one of column, template, hash or constant, not " + sources));
      return null;
    }
    String column = text(spec, "column", path, errors);
    String template = text(spec, "template", path, errors);
    if (template != null && !PLACEHOLDER.matcher(template).find()) {
      errors.add(new FieldError(path + ".template", "must name a column, as {COLUMN}"));
    }
    List<String> hash = null;
    if (spec.containsKey("hash")) {
      if (!(spec.get("hash") instanceof JsonArray array)
          || array.isEmpty()
          || !array.stream().allMatch(v -> v instanceof JsonString s && !s.getString().isBlank())) {
        errors.add(new FieldError(path + ".hash", "must be a non-empty array of column names"));
      } else if (!target.equals("externalId")) {
        errors.add(new FieldError(path + ".hash", "only makes an externalId"));
      } else {
        hash = array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
      }
    }
    JsonValue constant = spec.get("constant");
    String prefix = text(spec, "prefix", path, errors);
    if (prefix != null && hash == null) {
      errors.add(new FieldError(path + ".prefix", "goes with hash"));
    }
    Double factor = null;
    String unit = text(spec, "unit", path, errors);
    if (unit != null) {
      Map<String, Double> units = UNITS.get(target);
      if (units == null) {
        errors.add(
            new FieldError(path + ".unit", "applies only to dbhCm, heightM and canopyDiameterM"));
      } else if (!units.containsKey(unit)) {
        errors.add(
            new FieldError(
                path + ".unit", "must be one of " + new java.util.TreeSet<>(units.keySet())));
      } else {
        factor = units.get(unit);
      }
    }
    Object classes = null;
    JsonValue classesValue = spec.get("classes");
    if (classesValue != null) {
      if (!SIZES.contains(target)) {
        errors.add(
            new FieldError(
                path + ".classes", "applies only to dbhCm, heightM and canopyDiameterM"));
      } else if (classesValue instanceof JsonString rule
          && CLASS_RULES.contains(rule.getString())) {
        classes = rule.getString();
      } else if (classesValue instanceof JsonObject table
          && !table.isEmpty()
          && table.values().stream().allMatch(v -> v instanceof JsonNumber)) {
        Map<String, Double> byClass = new LinkedHashMap<>();
        table.forEach((k, v) -> byClass.put(key(k), ((JsonNumber) v).doubleValue()));
        classes = byClass;
      } else {
        errors.add(
            new FieldError(
                path + ".classes",
                "must be midpoint, lower or upper, or an object of each class's number"));
      }
    }
    Map<String, JsonValue> values = null;
    JsonValue otherwise = null;
    if (spec.containsKey("values")) {
      if (!(spec.get("values") instanceof JsonObject table) || table.isEmpty()) {
        errors.add(
            new FieldError(
                path + ".values", "must be an object of the file's values to the field's"));
      } else if (NUMBERS.contains(target)) {
        errors.add(
            new FieldError(path + ".values", "applies to text fields; use classes for numbers"));
      } else {
        values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> value : table.entrySet()) {
          JsonValue to = value.getValue();
          if (!(to instanceof JsonString) && to != JsonValue.NULL) {
            errors.add(
                new FieldError(
                    path + ".values." + JsonInput.printable(value.getKey()),
                    "must be a string or null"));
            continue;
          }
          Set<String> allowed = ENUMS.get(target);
          if (allowed != null
              && to instanceof JsonString word
              && !allowed.contains(word.getString())) {
            errors.add(
                new FieldError(
                    path + ".values." + JsonInput.printable(value.getKey()),
                    "must be one of " + new java.util.TreeSet<>(allowed) + " or null"));
          }
          if (value.getKey().equals("*")) {
            otherwise = to;
          } else {
            values.put(key(value.getKey()), to);
          }
        }
      }
    }
    String separator = text(spec, "separator", path, errors);
    if (separator != null && (!target.equals("tags") || separator.isEmpty())) {
      errors.add(new FieldError(path + ".separator", "is a non-empty string, for tags only"));
    }
    DateTimeFormatter dateFormat = null;
    String pattern = text(spec, "dateFormat", path, errors);
    if (pattern != null) {
      if (!target.equals("plantedDate")) {
        errors.add(new FieldError(path + ".dateFormat", "applies to plantedDate only"));
      } else {
        try {
          dateFormat =
              DateTimeFormatter.ofPattern(pattern.replace("yyyy", "uuuu"), Locale.ROOT)
                  .withResolverStyle(ResolverStyle.STRICT);
        } catch (IllegalArgumentException e) {
          errors.add(
              new FieldError(
                  path + ".dateFormat",
                  "is not a date pattern (such as M/d/yyyy): " + e.getMessage()));
        }
      }
    }
    if (constant != null) {
      constantType(target, constant, path, errors);
    }
    if (errors.size() > before) {
      return null;
    }
    return new Field(
        target,
        column,
        template,
        hash,
        constant,
        prefix == null ? "" : prefix,
        factor,
        classes,
        values,
        otherwise,
        separator == null ? "," : separator,
        dateFormat);
  }

  private static void constantType(
      String target, JsonValue constant, String path, List<FieldError> errors) {
    boolean fits =
        constant == JsonValue.NULL
            || (NUMBERS.contains(target)
                ? constant instanceof JsonNumber
                : target.equals("tags")
                    ? constant instanceof JsonArray tags
                        && tags.stream().allMatch(JsonString.class::isInstance)
                    : constant instanceof JsonString);
    if (!fits) {
      errors.add(
          new FieldError(
              path + ".constant",
              NUMBERS.contains(target)
                  ? "must be a number or null"
                  : target.equals("tags")
                      ? "must be an array of strings"
                      : "must be a string or null"));
    } else if (ENUMS.containsKey(target)
        && constant instanceof JsonString word
        && !ENUMS.get(target).contains(word.getString())) {
      errors.add(
          new FieldError(
              path + ".constant", "must be one of " + new java.util.TreeSet<>(ENUMS.get(target))));
    }
  }

  private static List<Rule> rules(JsonValue value, String path, List<FieldError> errors) {
    if (value == null || value == JsonValue.NULL) {
      return List.of();
    }
    List<JsonValue> items = value instanceof JsonArray array ? array : List.of(value);
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String at = value instanceof JsonArray ? path + "[" + i + "]" : path;
      if (!(items.get(i) instanceof JsonObject rule)
          || !(rule.get("column") instanceof JsonString column)
          || !(rule.get("values") instanceof JsonArray values)
          || values.isEmpty()
          || !values.stream().allMatch(JsonString.class::isInstance)
          || rule.size() != 2) {
        errors.add(
            new FieldError(
                at,
                "must be {\"column\": name, \"values\": [the values that select a row]} (or an"
                    + " array of such)"));
        continue;
      }
      Set<String> selected = new LinkedHashSet<>();
      values.getValuesAs(JsonString.class).forEach(v -> selected.add(key(v.getString())));
      rules.add(new Rule(column.getString(), Set.copyOf(selected)));
    }
    return List.copyOf(rules);
  }

  private static String text(JsonObject spec, String key, String path, List<FieldError> errors) {
    JsonValue value = spec.get(key);
    if (value == null) {
      return null;
    }
    if (value instanceof JsonString text) {
      String unstorable = JsonInput.unstorable(text.getString());
      if (unstorable != null) {
        errors.add(new FieldError(path + "." + key, unstorable));
        return null;
      }
      return text.getString();
    }
    errors.add(new FieldError(path + "." + key, "must be a string"));
    return null;
  }

  /** A value as the mapping's tables are keyed: no surrounding spaces, lower case. */
  static String key(String value) {
    return value.strip().toLowerCase(Locale.ROOT);
  }

  /** Whether the mapping reads coordinates from columns (else from a GeoJSON geometry). */
  boolean mapsCoordinates() {
    return fields.containsKey("x") || fields.containsKey("lat");
  }

  /** Every column the mapping reads: a CSV file must have them all. */
  Set<String> columns() {
    Set<String> columns = new LinkedHashSet<>();
    for (Field field : fields.values()) {
      if (field.column() != null) {
        columns.add(field.column());
      }
      if (field.template() != null) {
        Matcher placeholder = PLACEHOLDER.matcher(field.template());
        while (placeholder.find()) {
          columns.add(placeholder.group(1));
        }
      }
      if (field.hash() != null) {
        field.hash().stream().filter(c -> !c.equals(GEOMETRY)).forEach(columns::add);
      }
    }
    skip.forEach(rule -> columns.add(rule.column()));
    plantingSites.forEach(rule -> columns.add(rule.column()));
    return columns;
  }

  /**
   * An API field (as a row error names it) as the file names it: the column it is read from, or the
   * mapping's own field when it is a template or a constant.
   */
  String fieldName(String apiField, String propertyPrefix) {
    String target =
        switch (apiField) {
          case "location.lat", "location" -> fields.containsKey("x") ? "y" : "lat";
          case "location.lng" -> fields.containsKey("x") ? "x" : "lng";
          case "location.address" -> "address";
          default -> apiField;
        };
    Field field = fields.get(target);
    if (field != null && field.column() != null) {
      return propertyPrefix + field.column();
    }
    if (!mapsCoordinates() && apiField.startsWith("location") && !apiField.endsWith("address")) {
      return GEOMETRY;
    }
    return field == null ? apiField : "mapping." + target;
  }

  /**
   * One row as a tree: the body of a {@code POST /trees}. {@code geometry} is a GeoJSON feature's
   * point ({@code [x, y]} as the file has them), null in a CSV file; {@code system} converts the
   * coordinates to WGS 84; {@code prefix} names a property in errors ("properties." in GeoJSON).
   */
  ImportRow map(
      int rowNumber,
      Row row,
      double[] geometry,
      CoordinateSystem system,
      String prefix,
      List<FieldError> errors) {
    for (Rule rule : skip) {
      if (rule.matches(row)) {
        return ImportRow.skipped(rowNumber);
      }
    }
    boolean site = plantingSites.stream().anyMatch(rule -> rule.matches(row));
    JsonObjectBuilder tree = JsonP.PROVIDER.createObjectBuilder();
    JsonObjectBuilder location = JsonP.PROVIDER.createObjectBuilder();
    Double x = null;
    Double y = null;
    String xName = null;
    String yName = null;
    boolean located = false;
    boolean unreadable = false;
    for (Field field : fields.values()) {
      if (site && NOT_OF_A_SITE.contains(field.target())) {
        continue;
      }
      String name = field.column() == null ? "mapping." + field.target() : prefix + field.column();
      JsonValue value = value(field, row, geometry, name, errors);
      if (value == null) {
        // Reported: a coordinate that does not read is not also an empty one.
        unreadable |= COORDINATES.contains(field.target());
        continue;
      }
      switch (field.target()) {
        case "x", "lng" -> {
          x = value instanceof JsonNumber n ? n.doubleValue() : null;
          xName = name;
          located |= value != JsonValue.NULL;
        }
        case "y", "lat" -> {
          y = value instanceof JsonNumber n ? n.doubleValue() : null;
          yName = name;
          located |= value != JsonValue.NULL;
        }
        case "address" -> location.add("address", value);
        default -> tree.add(field.target(), value);
      }
    }
    if (!mapsCoordinates() && geometry != null) {
      x = geometry[0];
      y = geometry[1];
      xName = GEOMETRY;
      yName = GEOMETRY;
      located = true;
    }
    if (x != null && y != null) {
      String both = xName.equals(yName) ? xName : xName + " and " + yName;
      double[] latLng = system.toLatLng(x, y, xName, both, errors);
      if (latLng != null) {
        location.add("lat", latLng[0]).add("lng", latLng[1]);
      }
    } else if (located && !unreadable) {
      errors.add(
          new FieldError(
              x == null ? xName : yName, "is empty, and a point needs both of its coordinates"));
    }
    tree.add("location", location);
    if (site) {
      tree.add("status", "planned")
          .addNull("healthStatus")
          .addNull("scientificName")
          .addNull("dbhCm")
          .addNull("heightM")
          .addNull("canopyDiameterM");
    }
    return ImportRow.of(rowNumber, tree.build(), errors);
  }

  /** A field's value for a row; JSON null for an empty cell, null (Java) after an error. */
  private JsonValue value(
      Field field, Row row, double[] geometry, String name, List<FieldError> errors) {
    if (field.constant() != null) {
      return field.constant();
    }
    String raw;
    if (field.column() != null) {
      raw = row.get(field.column());
    } else if (field.template() != null) {
      raw = template(field.template(), row, errors);
      if (raw == null) {
        return null;
      }
    } else {
      raw = hash(field, row, geometry, errors);
      if (raw == null) {
        return null;
      }
    }
    if (raw == null) {
      return JsonValue.NULL;
    }
    if (field.values() != null) {
      JsonValue to = field.values().get(key(raw));
      if (to == null) {
        to = field.otherwise();
      }
      if (to == null) {
        errors.add(
            new FieldError(
                name,
                "'"
                    + Cells.clip(raw)
                    + "' is not one of the values the mapping knows ("
                    + String.join(", ", field.values().keySet().stream().limit(12).toList())
                    + ")"));
        return null;
      }
      return to;
    }
    if (NUMBERS.contains(field.target())) {
      Double number =
          field.classes() == null
              ? Cells.number(raw, name, errors)
              : classed(field, raw, name, errors);
      if (number == null) {
        return null;
      }
      if (SIZES.contains(field.target()) && number == 0) {
        // A size of 0 is "not measured" in every inventory seen (a vacant site, a stump).
        return JsonValue.NULL;
      }
      if (field.factor() != null && field.factor() != 1.0) {
        double scale = field.target().equals("dbhCm") ? 10 : 100;
        number = Math.round(number * field.factor() * scale) / scale;
      }
      return JsonP.PROVIDER.createValue(number);
    }
    return switch (field.target()) {
      case "tags" -> {
        JsonArrayBuilder tags = JsonP.PROVIDER.createArrayBuilder();
        for (String tag : raw.split(Pattern.quote(field.separator()))) {
          if (!tag.isBlank()) {
            tags.add(tag.strip());
          }
        }
        yield tags.build();
      }
      case "plantedDate" -> {
        if (field.dateFormat() == null) {
          yield JsonP.PROVIDER.createValue(raw.strip());
        }
        try {
          yield JsonP.PROVIDER.createValue(
              LocalDate.from(field.dateFormat().parse(raw.strip())).toString());
        } catch (java.time.DateTimeException e) {
          errors.add(
              new FieldError(
                  name, "'" + Cells.clip(raw) + "' is not a date of the mapping's dateFormat"));
          yield null;
        }
      }
      default -> JsonP.PROVIDER.createValue(raw.strip());
    };
  }

  /** A class such as "07-12", "31+" or "<6" as the number its rule picks. */
  private static Double classed(Field field, String raw, String name, List<FieldError> errors) {
    String cell = key(raw).replace("\"", "").replace("in", "").replace("ft", "").strip();
    if (field.classes() instanceof Map<?, ?> table) {
      Object number = table.get(key(raw));
      if (number instanceof Double value) {
        return value;
      }
      errors.add(
          new FieldError(
              name, "'" + Cells.clip(raw) + "' is not one of the classes the mapping lists"));
      return null;
    }
    String rule = (String) field.classes();
    Matcher range = RANGE.matcher(cell);
    if (range.matches()) {
      double low = Double.parseDouble(range.group(1));
      double high = Double.parseDouble(range.group(2));
      return switch (rule) {
        case "lower" -> low;
        case "upper" -> high;
        default -> (low + high) / 2;
      };
    }
    Matcher atLeast = AT_LEAST.matcher(cell);
    if (atLeast.matches()) {
      String low =
          atLeast.group(1) != null
              ? atLeast.group(1)
              : atLeast.group(2) != null ? atLeast.group(2) : atLeast.group(3);
      // An open class has no upper bound: every rule takes its lower one.
      return Double.parseDouble(low);
    }
    Matcher below = BELOW.matcher(cell);
    if (below.matches()) {
      double high = Double.parseDouble(below.group(1));
      return rule.equals("upper") ? high : rule.equals("lower") ? 0 : high / 2;
    }
    try {
      return Double.parseDouble(cell);
    } catch (NumberFormatException e) {
      errors.add(
          new FieldError(
              name,
              "'"
                  + Cells.clip(raw)
                  + "' is neither a number nor a class such as 07-12, 31+ or <6"));
      return null;
    }
  }

  private static String template(String template, Row row, List<FieldError> errors) {
    Matcher placeholder = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (placeholder.find()) {
      String cell = row.get(placeholder.group(1));
      if (cell == null) {
        errors.add(
            new FieldError(
                placeholder.group(1),
                "is empty, and the mapping's template " + template + " needs it"));
        return null;
      }
      placeholder.appendReplacement(out, Matcher.quoteReplacement(cell.strip()));
    }
    placeholder.appendTail(out);
    return out.toString();
  }

  /**
   * A stable name for a row that has no id: the prefix and 16 hex digits of the SHA-256 of the
   * columns' cells as written (the same file gives the same names every time).
   */
  private static String hash(Field field, Row row, double[] geometry, List<FieldError> errors) {
    StringBuilder text = new StringBuilder();
    for (String column : field.hash()) {
      String cell;
      if (column.equals(GEOMETRY) && !row.has(GEOMETRY)) {
        cell =
            geometry == null
                ? null
                : CoordinateSystem.plain(geometry[0]) + " " + CoordinateSystem.plain(geometry[1]);
      } else {
        cell = row.get(column);
      }
      if (cell == null) {
        errors.add(new FieldError(column, "is empty, and the mapping's externalId hash needs it"));
        return null;
      }
      text.append(cell.strip()).append('\u001f');
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return field.prefix() + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
