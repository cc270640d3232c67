package io.treenetra.imports;

import io.treenetra.platform.web.FieldError;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.apache.commons.csv.QuoteMode;

/**
 * The rows of a CSV file in one of the CSV layouts, streamed by Commons CSV. Row numbers count the
 * header as row 1, as a spreadsheet shows them.
 */
final class CsvRows implements RowSource {

  /** How one CSV layout's records become rows. */
  interface Layout {
    /** Columns the header must have. */
    List<String> required();

    /**
     * Whether a file with this header names the trees it updates, and so may leave out columns that
     * only a new tree needs ({@link #required}).
     */
    default boolean namesTrees(List<String> header) {
      return false;
    }

    /** Columns the header may have; null when any column is allowed (and ignored if unknown). */
    Set<String> known();

    ImportRow map(int row, Line line);
  }

  /** The cells of one record, by column name; an absent or empty cell is null. */
  static final class Line implements Mapping.Row {
    private final CSVRecord record;
    final List<FieldError> errors = new ArrayList<>();

    Line(CSVRecord record) {
      this.record = record;
    }

    /**
     * Whether the header has this column: an empty cell of a column the file has clears the value.
     */
    @Override
    public boolean has(String column) {
      return record.isMapped(column);
    }

    /** The cell, or null when it is empty (quoted or not). */
    @Override
    public String get(String column) {
      String value = text(column);
      return value == null || value.isEmpty() ? null : value;
    }

    /** The cell as text: null for an unquoted empty cell, "" for a quoted one. */
    String text(String column) {
      if (!record.isMapped(column) || !record.isSet(column)) {
        return null;
      }
      return record.get(column);
    }
  }

  private final RowSizeGuard guard;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private final Layout layout;
  private final int columns;
  private int row = 1;

  CsvRows(Reader text, Layout layout) throws IOException {
    this.guard = new RowSizeGuard(text);
    this.layout = layout;
    try {
      this.parser =
          CSVFormat.RFC4180
              .builder()
              .setHeader()
              .setSkipHeaderRecord(true)
              .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
              .setIgnoreSurroundingSpaces(false)
              // An unquoted empty cell is no value (null), a quoted one ("") an empty text.
              .setQuoteMode(QuoteMode.ALL_NON_NULL)
              .get()
              .parse(guard);
    } catch (IllegalArgumentException e) {
      throw new ImportFileException("The header row is not valid: " + e.getMessage());
    } catch (UncheckedIOException e) {
      throw unreadable(e.getCause(), 1);
    } catch (IOException e) {
      throw unreadable(e, 1);
    }
    List<String> header = parser.getHeaderNames();
    if (header.isEmpty() || header.stream().allMatch(String::isBlank)) {
      throw new ImportFileException("The file has no header row");
    }
    Set<String> missing = new LinkedHashSet<>(layout.required());
    missing.removeAll(header);
    if (!missing.isEmpty() && !layout.namesTrees(header)) {
      throw new ImportFileException(
          "The header lacks the column"
              + (missing.size() == 1 ? " " : "s ")
              + String.join(", ", missing)
              + (layout instanceof MappedLayout ? " that the mapping reads" : " of this layout")
              + " (it has "
              + String.join(", ", header)
              + ")");
    }
    if (layout.known() != null) {
      List<String> unknown =
          header.stream().filter(name -> !layout.known().contains(name)).toList();
      if (!unknown.isEmpty()) {
        throw new ImportFileException(
            "Unknown column"
                + (unknown.size() == 1 ? " " : "s ")
                + String.join(", ", unknown)
                + " (this layout has "
                + String.join(", ", layout.known())
                + ")");
      }
    }
    this.columns = header.size();
    this.records = parser.iterator();
  }

  @Override
  public ImportRow next() throws IOException {
    CSVRecord record = nextRecord();
    if (record == null) {
      return null;
    }
    Line line = new Line(record);
    if (record.size() != columns) {
      line.errors.add(
          new FieldError(
              "row",
              "has " + record.size() + " values where the header has " + columns + " columns"));
    }
    return layout.map(row, line);
  }

  @Override
  public int skip(int rows) throws IOException {
    int skipped = 0;
    while (skipped < rows && nextRecord() != null) {
      skipped++;
    }
    return skipped;
  }

  private CSVRecord nextRecord() {
    try {
      guard.rowStarts(row + 1);
      if (!records.hasNext()) {
        return null;
      }
      CSVRecord record = records.next();
      row++;
      return record;
    } catch (UncheckedIOException e) {
      throw unreadable(e.getCause(), row + 1);
    } catch (IllegalStateException e) {
      throw new ImportFileException("Row " + (row + 1) + " is not valid CSV: " + e.getMessage());
    }
  }

  /** Undecodable text or broken quoting: the file as a whole is refused, naming where. */
  static ImportFileException unreadable(IOException cause, int row) {
    if (cause instanceof java.nio.charset.CharacterCodingException) {
      return new ImportFileException.NotUtf8();
    }
    return new ImportFileException("Row " + row + " is not valid CSV: " + cause.getMessage());
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }
}
