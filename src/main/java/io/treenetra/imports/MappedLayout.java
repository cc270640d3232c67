package io.treenetra.imports;

import java.util.List;
import java.util.Set;

/**
 * A CSV file of a city's own columns, read through a {@link Mapping}: the header must have every
 * column the mapping reads, and may have any others.
 */
final class MappedLayout implements CsvRows.Layout {

  private final Mapping mapping;
  private final CoordinateSystem system;
  private final List<String> required;

  MappedLayout(Mapping mapping, CoordinateSystem system) {
    if (!mapping.mapsCoordinates()) {
      throw new ImportFileException(
          "The mapping "
              + mapping.name
              + " maps no coordinates (lat and lng, or x and y), which the rows of a CSV file need");
    }
    this.mapping = mapping;
    this.system = system;
    this.required = List.copyOf(mapping.columns());
  }

  @Override
  public List<String> required() {
    return required;
  }

  @Override
  public Set<String> known() {
    return null;
  }

  @Override
  public ImportRow map(int row, CsvRows.Line line) {
    return mapping.map(row, line, null, system, "", line.errors);
  }
}
