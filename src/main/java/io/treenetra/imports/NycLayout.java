package io.treenetra.imports;

import io.treenetra.platform.json.JsonP;
import io.treenetra.platform.web.FieldError;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The New York 2015 Street Tree Census layout (its data README): {@code tree_id} becomes the
 * externalId {@code nyc-2015:<tree_id>}, DBH is read in inches (0 is "not measured"), and status
 * with health map Alive+Good/Fair/Poor to alive/healthy, needs_attention, critical; Dead to
 * dead/dead; Stump to stump with no health. The census's other columns are not part of a tree and
 * are ignored.
 */
final class NycLayout implements CsvRows.Layout {

  static final String EXTERNAL_ID_PREFIX = "nyc-2015:";
  private static final double CM_PER_INCH = 2.54;
  private static final List<String> REQUIRED =
      List.of(
          "tree_id",
          "latitude",
          "longitude",
          "status",
          "health",
          "spc_latin",
          "tree_dbh",
          "address");

  /** The API's fields named as this layout's columns, for row errors. */
  static final Map<String, String> COLUMNS =
      Map.of(
          "externalId",
          "tree_id",
          "location.lat",
          "latitude",
          "location.lng",
          "longitude",
          "location.address",
          "address",
          "dbhCm",
          "tree_dbh",
          "status",
          "status",
          "healthStatus",
          "health",
          "scientificName",
          "spc_latin");

  @Override
  public List<String> required() {
    return REQUIRED;
  }

  @Override
  public Set<String> known() {
    return null;
  }

  @Override
  public ImportRow map(int row, CsvRows.Line line) {
    List<FieldError> errors = line.errors;
    JsonObjectBuilder tree = JsonP.PROVIDER.createObjectBuilder();
    String treeId = line.get("tree_id");
    if (treeId == null) {
      errors.add(new FieldError("tree_id", "is required"));
    } else {
      tree.add("externalId", EXTERNAL_ID_PREFIX + treeId.strip());
    }
    String species = line.get("spc_latin");
    if (species != null) {
      tree.add("scientificName", species.strip());
    } else {
      tree.addNull("scientificName");
    }
    JsonObjectBuilder location = JsonP.PROVIDER.createObjectBuilder();
    Double lat = Cells.number(line.get("latitude"), "latitude", errors);
    Double lng = Cells.number(line.get("longitude"), "longitude", errors);
    if (lat != null) {
      location.add("lat", lat);
    }
    if (lng != null) {
      location.add("lng", lng);
    }
    String address = line.get("address");
    if (address != null) {
      location.add("address", address.strip());
    } else {
      location.addNull("address");
    }
    tree.add("location", location);
    Double dbhInches = Cells.number(line.get("tree_dbh"), "tree_dbh", errors);
    if (dbhInches != null && dbhInches != 0) {
      // Negative stays negative, so that validation reports it.
      tree.add("dbhCm", Math.round(dbhInches * CM_PER_INCH * 10) / 10.0);
    } else {
      tree.addNull("dbhCm");
    }
    String status = line.get("status");
    String health = line.get("health");
    if (status == null) {
      errors.add(new FieldError("status", "is required"));
    } else {
      switch (status.strip().toLowerCase()) {
        case "alive" -> {
          tree.add("status", "alive");
          if (health == null) {
            tree.addNull("healthStatus");
          } else {
            switch (health.strip().toLowerCase()) {
              case "good" -> tree.add("healthStatus", "healthy");
              case "fair" -> tree.add("healthStatus", "needs_attention");
              case "poor" -> tree.add("healthStatus", "critical");
              default ->
                  errors.add(
                      new FieldError(
                          "health",
                          "must be Good, Fair, Poor or empty, not '" + Cells.clip(health) + "'"));
            }
          }
        }
        case "dead" -> tree.add("status", "dead").add("healthStatus", "dead");
        case "stump" -> tree.add("status", "stump").addNull("healthStatus");
        default ->
            errors.add(
                new FieldError(
                    "status", "must be Alive, Dead or Stump, not '" + Cells.clip(status) + "'"));
      }
    }
    return new ImportRow(row, tree.build(), null, null, null, null, null, errors);
  }
}
