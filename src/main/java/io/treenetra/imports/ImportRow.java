package io.treenetra.imports;

import io.treenetra.platform.web.FieldError;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One row of an import file as the API would receive it: {@code tree} is the body of a {@code POST
 * /trees}; the other fields are the read-only ones a {@code treenetra} or GeoJSON export carries,
 * kept so that an export imports back unchanged. {@code errors} are the values the layout could not
 * read, named by the file's own column or property; {@code tree} is null when the row is not a tree
 * at all (a GeoJSON array element that is not a Feature). {@code skip}: a row the mapping says to
 * leave out; it changes nothing and is counted as skipped.
 */
record ImportRow(
    int row,
    JsonObject tree,
    UUID id,
    Instant createdAt,
    Instant updatedAt,
    Integer version,
    Instant lastInspectedAt,
    List<FieldError> errors,
    boolean skip) {

  ImportRow(
      int row,
      JsonObject tree,
      UUID id,
      Instant createdAt,
      Instant updatedAt,
      Integer version,
      Instant lastInspectedAt,
      List<FieldError> errors) {
    this(row, tree, id, createdAt, updatedAt, version, lastInspectedAt, errors, false);
  }

  /** A row the mapping leaves out. */
  static ImportRow skipped(int row) {
    return new ImportRow(row, null, null, null, null, null, null, List.of(), true);
  }

  /** A row that is only its tree's fields (a mapped file's). */
  static ImportRow of(int row, JsonObject tree, List<FieldError> errors) {
    return new ImportRow(row, tree, null, null, null, null, null, errors, false);
  }
}
