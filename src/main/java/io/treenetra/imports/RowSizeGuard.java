package io.treenetra.imports;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Fails the file when one row (a CSV record, a GeoJSON feature) runs past {@link #MAX_ROW_CHARS}:
 * the parsers buffer a whole value, and no tree needs a megabyte, so a hostile file cannot fill the
 * heap.
 */
final class RowSizeGuard extends FilterReader {

  static final int MAX_ROW_CHARS = 1024 * 1024;

  private long sinceRowStart;
  private int rowNumber;

  RowSizeGuard(Reader in) {
    super(in);
  }

  /** A new row starts (the parser returned the previous one). */
  void rowStarts(int row) {
    rowNumber = row;
    sinceRowStart = 0;
  }

  @Override
  public int read() throws IOException {
    int c = super.read();
    count(c < 0 ? 0 : 1);
    return c;
  }

  @Override
  public int read(char[] buffer, int offset, int length) throws IOException {
    int count = super.read(buffer, offset, length);
    count(Math.max(count, 0));
    return count;
  }

  private void count(int chars) {
    sinceRowStart += chars;
    // The parser reads ahead by its buffer, so the limit is the row plus at most one buffer.
    if (sinceRowStart > MAX_ROW_CHARS + 64 * 1024) {
      throw new ImportFileException(
          "Row "
              + rowNumber
              + " is longer than "
              + MAX_ROW_CHARS / 1024
              + " KiB; no tree needs that much");
    }
  }
}
