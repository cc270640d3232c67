package io.treenetra.imports;

import io.treenetra.platform.validation.RequestValidator;
import io.treenetra.platform.web.ApiException;
import io.treenetra.platform.web.FieldError;
import io.treenetra.tree.TreeInput;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Checks each row by the very rules of {@code POST /trees} (the same record, the same Bean
 * Validation), resolves its species against the catalogue, and turns it into a {@link StagedTree}
 * or into errors named by the file's own columns.
 */
final class RowChecker {

  /**
   * A checked row: either {@code tree} or {@code errors}; {@code speciesName} and {@code species}
   * when its species name matched other than exactly (or not at all), for the import's report.
   */
  record Checked(
      StagedTree tree, List<RowMessage> errors, String speciesName, SpeciesMatcher.Match species) {
    Checked(StagedTree tree, List<RowMessage> errors) {
      this(tree, errors, null, null);
    }
  }

  private final RequestValidator validator;
  private final SpeciesMatcher matcher;
  private final Set<UUID> speciesIds;
  private final UnaryOperator<String> fieldName;

  RowChecker(
      RequestValidator validator,
      SpeciesMatcher matcher,
      Set<UUID> speciesIds,
      UnaryOperator<String> fieldName) {
    this.validator = validator;
    this.matcher = matcher;
    this.speciesIds = speciesIds;
    this.fieldName = fieldName;
  }

  SpeciesMatcher matcher() {
    return matcher;
  }

  /** An API field as the file names it. */
  String fieldName(String apiField) {
    return apiField == null ? null : fieldName.apply(apiField);
  }

  /**
   * The catalogue key of a scientific name: case and surrounding spaces do not matter (as in the
   * API).
   */
  static String nameKey(String scientificName) {
    return scientificName.strip().toLowerCase(Locale.ROOT);
  }

  Checked check(ImportRow row) {
    List<RowMessage> errors = new ArrayList<>();
    Set<String> reported = new HashSet<>();
    for (FieldError error : row.errors()) {
      add(errors, reported, row.row(), error.field(), error.message());
    }
    if (row.tree() == null) {
      return new Checked(null, errors);
    }
    List<FieldError> apiErrors = new ArrayList<>();
    TreeInput input = TreeInput.read(row.tree(), apiErrors);
    // A row that names a tree may update it without restating its location and status; whether the
    // tree exists is for the database to say (ImportWriter).
    boolean namesTree =
        row.id() != null || (input.externalId() != null && !input.externalId().isBlank());
    boolean withoutLocation = withoutLocation(row.tree());
    try {
      validator.check(input, apiErrors);
    } catch (ApiException invalid) {
      for (FieldError error : invalid.errors()) {
        if (namesTree && deferred(error, withoutLocation)) {
          continue;
        }
        add(errors, reported, row.row(), fieldName.apply(error.field()), error.message());
      }
    }
    if (hasNul(row.tree())) {
      add(
          errors,
          reported,
          row.row(),
          "row",
          "contains a NUL character, which no text field may hold");
    }
    SpeciesMatcher.Match match = null;
    if (input.scientificName() != null && !input.scientificName().isBlank()) {
      match = matcher.match(input.scientificName());
    }
    UUID speciesId = species(input, match, row.row(), errors, reported);
    String reportedName =
        match == null || match.how() == SpeciesMatcher.How.EXACT
            ? null
            : input.scientificName().strip();
    if (!errors.isEmpty()) {
      return new Checked(null, errors, reportedName, match);
    }
    UUID id = row.id() == null ? UUID.randomUUID() : row.id();
    return new Checked(
        new StagedTree(
            row.row(),
            id,
            row.id() != null,
            present(row.tree()),
            input.externalId(),
            speciesId,
            input.location() == null ? null : input.location().lat(),
            input.location() == null ? null : input.location().lng(),
            input.location() == null ? null : input.location().address(),
            input.dbhCm(),
            input.heightM(),
            input.canopyDiameterM(),
            input.status() == null ? null : input.status().json(),
            input.healthStatus() == null ? null : input.healthStatus().json(),
            input.plantedDate(),
            input.tags(),
            input.notes(),
            row.lastInspectedAt(),
            row.version(),
            row.createdAt(),
            row.updatedAt()),
        List.of(),
        reportedName,
        match);
  }

  private UUID species(
      TreeInput input,
      SpeciesMatcher.Match match,
      int row,
      List<RowMessage> errors,
      Set<String> reported) {
    UUID byName = null;
    if (match != null) {
      byName = match.id();
      if (byName == null) {
        errors.add(
            new RowMessage(
                row,
                RowMessage.UNKNOWN_SPECIES,
                fieldName.apply("scientificName"),
                "'"
                    + Cells.clip(input.scientificName())
                    + "' is neither a scientific nor a common name of the species catalogue, nor"
                    + " close to one; create the species first, or import with"
                    + " createSpecies=true"));
        reported.add(fieldName.apply("scientificName"));
        return null;
      }
    }
    if (input.speciesId() != null) {
      if (!speciesIds.contains(input.speciesId())) {
        add(errors, reported, row, fieldName.apply("speciesId"), "no species has this id");
        return null;
      }
      if (byName != null && !byName.equals(input.speciesId())) {
        add(
            errors,
            reported,
            row,
            fieldName.apply("scientificName"),
            "names another species than speciesId");
        return null;
      }
      return input.speciesId();
    }
    return byName;
  }

  /**
   * One error per field and row; "is required" is a missing value, anything else an invalid one.
   */
  private static void add(
      List<RowMessage> errors, Set<String> reported, int row, String field, String message) {
    if (reported.add(field)) {
      String code =
          message.equals("is required") ? RowMessage.MISSING_VALUE : RowMessage.INVALID_VALUE;
      errors.add(new RowMessage(row, code, field, message));
    }
  }

  /** No latitude and no longitude: the row keeps the tree where it is. */
  private static boolean withoutLocation(JsonObject tree) {
    if (!(tree.get("location") instanceof JsonObject location)) {
      return !given(tree, "location");
    }
    return !given(location, "lat") && !given(location, "lng");
  }

  /** The row has a value for the field (JSON null is none). */
  private static boolean given(JsonObject object, String name) {
    jakarta.json.JsonValue value = object.get(name);
    return value != null && value.getValueType() != jakarta.json.JsonValue.ValueType.NULL;
  }

  /** A missing status, or a missing location (both coordinates), which an update may leave out. */
  private static boolean deferred(FieldError error, boolean withoutLocation) {
    if (!"is required".equals(error.message())) {
      return false;
    }
    return switch (error.field()) {
      case "status" -> true;
      case "location", "location.lat", "location.lng" -> withoutLocation;
      default -> false;
    };
  }

  private static int present(JsonObject tree) {
    int present = 0;
    if (given(tree, "status")) {
      present |= ImportWriter.STATUS;
    }
    if (tree.containsKey("externalId")) {
      present |= ImportWriter.EXTERNAL_ID;
    }
    if (tree.containsKey("scientificName")
        || tree.containsKey("speciesId")
        || tree.containsKey("species")) {
      present |= ImportWriter.SPECIES;
    }
    JsonObject location =
        tree.get("location") instanceof JsonObject object ? object : JsonObject.EMPTY_JSON_OBJECT;
    if (location.containsKey("address")) {
      present |= ImportWriter.ADDRESS;
    }
    if (given(location, "lat") && given(location, "lng")) {
      present |= ImportWriter.LOCATION;
    }
    String[] names = {
      "dbhCm", "heightM", "canopyDiameterM", "healthStatus", "plantedDate", "tags", "notes"
    };
    int[] bits = {
      ImportWriter.DBH,
      ImportWriter.HEIGHT,
      ImportWriter.CANOPY,
      ImportWriter.HEALTH,
      ImportWriter.PLANTED,
      ImportWriter.TAGS,
      ImportWriter.NOTES
    };
    for (int i = 0; i < names.length; i++) {
      if (tree.containsKey(names[i])) {
        present |= bits[i];
      }
    }
    return present;
  }

  private static boolean hasNul(jakarta.json.JsonValue value) {
    return switch (value.getValueType()) {
      case STRING -> ((jakarta.json.JsonString) value).getString().indexOf('\0') >= 0;
      case OBJECT -> value.asJsonObject().values().stream().anyMatch(RowChecker::hasNul);
      case ARRAY -> value.asJsonArray().stream().anyMatch(RowChecker::hasNul);
      default -> false;
    };
  }
}
