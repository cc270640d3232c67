package io.treenetra.platform.replica;

/**
 * A position in PostgreSQL's write-ahead log, as {@code pg_lsn} prints it ({@code 16/B374D848}):
 * two hexadecimal halves of one unsigned 64-bit number, compared as that number.
 */
final class Lsn {

  private Lsn() {}

  /** The position as a number; -1 for none (SQL NULL: a server that replays nothing). */
  static long parse(String text) {
    if (text == null) {
      return -1;
    }
    int slash = text.indexOf('/');
    if (slash < 1 || slash == text.length() - 1) {
      throw new IllegalArgumentException("not a WAL position: " + text);
    }
    long high = Long.parseLong(text.substring(0, slash), 16);
    long low = Long.parseLong(text.substring(slash + 1), 16);
    return (high << 32) | low;
  }

  static String format(long position) {
    return Long.toHexString(position >>> 32).toUpperCase()
        + '/'
        + Long.toHexString(position & 0xFFFFFFFFL).toUpperCase();
  }
}
