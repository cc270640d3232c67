package io.treenetra.imports;

import java.util.Arrays;
import java.util.Optional;

/** The column layouts an import reads (API.md, "Bulk import and export"). */
public enum ImportFormat {
  /** The New York 2015 Street Tree Census columns. */
  NYC_2015("nyc-2015", true),
  /** The CSV that {@code GET /trees?format=csv} writes. */
  TREENETRA("treenetra", true),
  /** An RFC 7946 FeatureCollection of Points, with the API's field names as properties. */
  GEOJSON("geojson", false),
  /** A CSV file of any columns, read through a mapping (docs/imports.md). */
  CSV("csv", true);

  public static final String ALLOWED = "nyc-2015, treenetra, geojson or csv";

  public final String value;
  public final boolean csv;

  ImportFormat(String value, boolean csv) {
    this.value = value;
    this.csv = csv;
  }

  public static Optional<ImportFormat> parse(String value) {
    return Arrays.stream(values()).filter(format -> format.value.equals(value)).findFirst();
  }
}
