package io.treenetra.imports;

import java.io.Closeable;
import java.io.IOException;

/** The rows of an import file, read one at a time. */
interface RowSource extends Closeable {

  /**
   * The next row, or null after the last; {@link ImportFileException} when the file itself is
   * unreadable.
   */
  ImportRow next() throws IOException;

  /**
   * Skips {@code rows} rows without mapping them (resuming after a checkpoint); answers how many
   * were skipped.
   */
  int skip(int rows) throws IOException;
}
