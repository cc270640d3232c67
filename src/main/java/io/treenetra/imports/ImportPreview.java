package io.treenetra.imports;

import io.treenetra.platform.json.JsonP;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.util.UUID;
import java.util.function.Function;

/**
 * The first rows of a dry run as they will be written: the fields each row sets, in the API's names
 * and units (after a mapping's conversions, reprojection and species matching), with its row
 * number. A field the row does not carry is left out: it would not change on a tree the row
 * updates.
 */
final class ImportPreview {

  /** The rows a dry run shows. */
  static final int ROWS = 20;

  private final JsonArrayBuilder rows = JsonP.PROVIDER.createArrayBuilder();
  private final Function<UUID, String> speciesName;
  private int count;

  ImportPreview(Function<UUID, String> speciesName) {
    this.speciesName = speciesName;
  }

  boolean full() {
    return count >= ROWS;
  }

  void add(StagedTree tree) {
    if (full()) {
      return;
    }
    count++;
    JsonObjectBuilder row = JsonP.PROVIDER.createObjectBuilder().add("row", tree.row());
    if (tree.idGiven()) {
      row.add("id", tree.id().toString());
    }
    int present = tree.present();
    if ((present & ImportWriter.EXTERNAL_ID) != 0) {
      text(row, "externalId", tree.externalId());
    }
    if ((present & ImportWriter.SPECIES) != 0) {
      if (tree.speciesId() == null) {
        row.addNull("speciesId").addNull("scientificName");
      } else {
        row.add("speciesId", tree.speciesId().toString());
        text(row, "scientificName", speciesName.apply(tree.speciesId()));
      }
    }
    if ((present & (ImportWriter.LOCATION | ImportWriter.ADDRESS)) != 0) {
      JsonObjectBuilder location = JsonP.PROVIDER.createObjectBuilder();
      if ((present & ImportWriter.LOCATION) != 0) {
        location.add("lat", tree.lat()).add("lng", tree.lng());
      }
      if ((present & ImportWriter.ADDRESS) != 0) {
        text(location, "address", tree.address());
      }
      row.add("location", location);
    }
    number(row, present, ImportWriter.DBH, "dbhCm", tree.dbhCm());
    number(row, present, ImportWriter.HEIGHT, "heightM", tree.heightM());
    number(row, present, ImportWriter.CANOPY, "canopyDiameterM", tree.canopyDiameterM());
    if ((present & ImportWriter.STATUS) != 0) {
      text(row, "status", tree.status());
    }
    if ((present & ImportWriter.HEALTH) != 0) {
      text(row, "healthStatus", tree.healthStatus());
    }
    if ((present & ImportWriter.PLANTED) != 0) {
      text(row, "plantedDate", tree.plantedDate() == null ? null : tree.plantedDate().toString());
    }
    if ((present & ImportWriter.TAGS) != 0) {
      JsonArrayBuilder tags = JsonP.PROVIDER.createArrayBuilder();
      if (tree.tags() != null) {
        tree.tags().forEach(tags::add);
      }
      row.add("tags", tags);
    }
    if ((present & ImportWriter.NOTES) != 0) {
      text(row, "notes", tree.notes());
    }
    rows.add(row);
  }

  JsonArray build() {
    return rows.build();
  }

  private static void text(JsonObjectBuilder json, String name, String value) {
    if (value == null) {
      json.addNull(name);
    } else {
      json.add(name, value);
    }
  }

  private static void number(
      JsonObjectBuilder json, int present, int bit, String name, Double value) {
    if ((present & bit) == 0) {
      return;
    }
    if (value == null) {
      json.addNull(name);
    } else {
      json.add(name, value);
    }
  }
}
