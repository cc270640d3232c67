package io.treenetra.imports;

import io.treenetra.platform.json.JsonP;
import io.treenetra.platform.web.FieldError;
import io.treenetra.tree.TreeExport;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The CSV that {@code GET /trees?format=csv} writes ({@link TreeExport#CSV_COLUMNS}), so that an
 * export imports back: the id, version and timestamps are kept when the row creates a tree.
 */
final class TreenetraLayout implements CsvRows.Layout {

  private static final List<String> REQUIRED = List.of("lat", "lng", "status");
  private static final Set<String> KNOWN = knownColumns();

  /** The API's fields named as this layout's columns, for row errors. */
  static final Map<String, String> COLUMNS =
      Map.of("location.lat", "lat", "location.lng", "lng", "location.address", "address");

  private static Set<String> knownColumns() {
    Set<String> known = new HashSet<>(TreeExport.CSV_COLUMNS);
    // Computed, not stored: an export that has them imports back without them.
    known.add("distanceM");
    known.addAll(TreeExport.BENEFIT_COLUMNS);
    return Set.copyOf(known);
  }

  @Override
  public List<String> required() {
    return REQUIRED;
  }

  /** An externalId or id column: each row may update its tree with only the columns it has. */
  @Override
  public boolean namesTrees(List<String> header) {
    return header.contains("externalId") || header.contains("id");
  }

  @Override
  public Set<String> known() {
    return KNOWN;
  }

  @Override
  public ImportRow map(int row, CsvRows.Line line) {
    List<FieldError> errors = line.errors;
    JsonObjectBuilder tree = JsonP.PROVIDER.createObjectBuilder();
    text(tree, line, "externalId", "externalId");
    text(tree, line, "scientificName", "scientificName");
    JsonObjectBuilder location = JsonP.PROVIDER.createObjectBuilder();
    number(location, line, "lat", "lat", errors);
    number(location, line, "lng", "lng", errors);
    text(location, line.text("address"), line, "address");
    tree.add("location", location);
    for (String column : List.of("dbhCm", "heightM", "canopyDiameterM")) {
      number(tree, line, column, column, errors);
    }
    text(tree, line, "status", "status");
    text(tree, line, "healthStatus", "healthStatus");
    text(tree, line, "plantedDate", "plantedDate");
    String tags = line.get("tags");
    if (tags != null) {
      JsonArrayBuilder array = JsonP.PROVIDER.createArrayBuilder();
      splitTags(tags).forEach(array::add);
      tree.add("tags", array);
    } else if (line.has("tags")) {
      tree.add("tags", JsonValue.EMPTY_JSON_ARRAY);
    }
    text(tree, line.text("notes"), line, "notes");
    UUID id = Cells.uuid(line.get("id"), "id", errors);
    Instant createdAt = Cells.instant(line.get("createdAt"), "createdAt", errors);
    Instant updatedAt = Cells.instant(line.get("updatedAt"), "updatedAt", errors);
    Integer version = Cells.positiveInt(line.get("version"), "version", errors);
    Instant lastInspectedAt = Cells.instant(line.get("lastInspectedAt"), "lastInspectedAt", errors);
    return new ImportRow(
        row, tree.build(), id, createdAt, updatedAt, version, lastInspectedAt, errors);
  }

  /** The inverse of {@link TreeExport#joinTags}: '|' separates, '\' escapes the next character. */
  static List<String> splitTags(String cell) {
    List<String> tags = new java.util.ArrayList<>();
    StringBuilder tag = new StringBuilder();
    for (int i = 0; i < cell.length(); i++) {
      char c = cell.charAt(i);
      if (c == '\\' && i + 1 < cell.length()) {
        tag.append(cell.charAt(++i));
      } else if (c == TreeExport.TAG_SEPARATOR) {
        tags.add(tag.toString());
        tag.setLength(0);
      } else {
        tag.append(c);
      }
    }
    tags.add(tag.toString());
    return tags;
  }

  /**
   * The cell as a string; an empty cell of a column the file has is an explicit null (it clears the
   * field).
   */
  private static void text(JsonObjectBuilder json, CsvRows.Line line, String name, String column) {
    String value = line.get(column);
    if (value != null) {
      json.add(name, value);
    } else if (line.has(column)) {
      json.addNull(name);
    }
  }

  /** Text whose empty value is kept apart from none (a quoted "" cell). */
  private static void text(JsonObjectBuilder json, String value, CsvRows.Line line, String name) {
    if (value != null) {
      json.add(name, value);
    } else if (line.has(name)) {
      json.addNull(name);
    }
  }

  private static void number(
      JsonObjectBuilder json,
      CsvRows.Line line,
      String name,
      String column,
      List<FieldError> errors) {
    Double value = Cells.number(line.get(column), column, errors);
    if (value != null) {
      json.add(name, value);
    } else if (line.has(column) && line.get(column) == null) {
      json.addNull(name);
    }
  }
}
