package io.treenetra.imports;

/**
 * The first row of a file that named each tree (by {@code id ...} or {@code externalId ...}), for
 * reporting a later row that names it again. Half a million names take about 12 MB: each is kept as
 * a 64-bit hash of its text (two different names share one with odds of about one in 10^8 for a
 * file of half a million) and its row, in open-addressed arrays.
 */
final class FileNames {

  private long[] hashes = new long[1 << 12];
  private int[] rows = new int[1 << 12];
  private int size;

  /** Records the name's row; returns the row that named it first, or 0 when this is the first. */
  int first(String name, int row) {
    long hash = hash(name);
    int mask = hashes.length - 1;
    for (int slot = (int) (hash ^ (hash >>> 32)) & mask; ; slot = (slot + 1) & mask) {
      if (rows[slot] == 0) {
        hashes[slot] = hash;
        rows[slot] = row;
        if (++size * 2 > hashes.length) {
          grow();
        }
        return 0;
      }
      if (hashes[slot] == hash) {
        return rows[slot];
      }
    }
  }

  private void grow() {
    long[] oldHashes = hashes;
    int[] oldRows = rows;
    hashes = new long[oldHashes.length * 2];
    rows = new int[oldRows.length * 2];
    int mask = hashes.length - 1;
    for (int i = 0; i < oldHashes.length; i++) {
      if (oldRows[i] != 0) {
        long hash = oldHashes[i];
        int slot = (int) (hash ^ (hash >>> 32)) & mask;
        while (rows[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        hashes[slot] = hash;
        rows[slot] = oldRows[i];
      }
    }
  }

  /** FNV-1a over the UTF-16 text, then SplitMix64's finaliser to spread the bits. */
  static long hash(String text) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < text.length(); i++) {
      h ^= text.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 30;
    h *= 0xbf58476d1ce4e5b9L;
    h ^= h >>> 27;
    h *= 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }
}
