package io.treenetra.imports;

import io.treenetra.platform.persistence.Jdbc;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * An uploaded file, read back from its chunks in the database one chunk at a time (each on a short
 * connection of its own), so that any instance can run the import and memory holds one chunk.
 */
final class StoredFile extends InputStream {

  /** The size of a chunk as the upload writes them. */
  static final int CHUNK_BYTES = 1024 * 1024;

  private static final int SNIFF_BYTES = 8192;

  private final Jdbc jdbc;
  private final UUID jobId;
  private int nextSeq;
  private byte[] chunk = new byte[0];
  private int position;
  private boolean ended;

  private StoredFile(Jdbc jdbc, UUID jobId) {
    this.jdbc = jdbc;
    this.jobId = jobId;
  }

  /**
   * The file as text: UTF-8 (a byte-order mark is skipped), refusing any byte sequence that is not
   * UTF-8 rather than guessing, and refusing a file that is plainly not text.
   */
  static Reader text(Jdbc jdbc, UUID jobId) throws IOException {
    BufferedInputStream in = new BufferedInputStream(new StoredFile(jdbc, jobId), CHUNK_BYTES / 4);
    in.mark(SNIFF_BYTES);
    byte[] head = in.readNBytes(SNIFF_BYTES);
    in.reset();
    if (head.length == 0) {
      throw new ImportFileException("The file is empty");
    }
    if (startsWith(head, 0x1f, 0x8b) || startsWith(head, 'P', 'K', 3, 4)) {
      throw new ImportFileException(
          "The file is a compressed archive (gzip or ZIP); send the uncompressed file");
    }
    for (byte b : head) {
      if (b == 0) {
        throw new ImportFileException(
            "The file is not text (it contains NUL bytes): send a UTF-8 CSV or GeoJSON file");
      }
    }
    if (startsWith(head, 0xef, 0xbb, 0xbf)) {
      in.skipNBytes(3);
    }
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    return new InputStreamReader(in, utf8);
  }

  /**
   * Where the first byte sequence that is not UTF-8 sits, exactly ("line 3, byte 120"): the reader
   * that failed had decoded ahead of the parser, so only a scan of the bytes can say.
   */
  /** The rows of an import's stored file, read as its format says. */
  static RowSource rows(Jdbc jdbc, ImportRepository.Spec spec) throws IOException {
    Reader text = text(jdbc, spec.id());
    CoordinateSystem system =
        CoordinateSystem.of(
            spec.srid() != null
                ? spec.srid()
                : spec.mapping() != null && spec.mapping().srid != null
                    ? spec.mapping().srid
                    : CoordinateSystem.WGS84);
    return switch (spec.format()) {
      case NYC_2015 -> new CsvRows(text, new NycLayout());
      case TREENETRA -> new CsvRows(text, new TreenetraLayout());
      case GEOJSON -> new GeoJsonRows(text, spec.mapping(), system);
      case CSV -> new CsvRows(text, new MappedLayout(spec.mapping(), system));
    };
  }

  static String firstInvalidUtf8(Jdbc jdbc, UUID jobId) throws IOException {
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    java.nio.CharBuffer chars = java.nio.CharBuffer.allocate(CHUNK_BYTES + 16);
    java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(CHUNK_BYTES + 8);
    long offset = 0;
    long line = 1;
    try (InputStream in = new StoredFile(jdbc, jobId)) {
      boolean end = false;
      while (!end) {
        int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (read < 0) {
          end = true;
        } else {
          bytes.position(bytes.position() + read);
        }
        bytes.flip();
        int start = bytes.position();
        java.nio.charset.CoderResult result = utf8.decode(bytes, chars, end);
        for (int i = start; i < bytes.position(); i++) {
          if (bytes.get(i) == '\n') {
            line++;
          }
        }
        offset += bytes.position() - start;
        if (result.isError()) {
          return "line " + line + ", byte " + (offset + 1);
        }
        chars.clear();
        bytes.compact();
      }
    }
    return "an unknown place";
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xff) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    return chunk[position++] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int count = Math.min(length, chunk.length - position);
    System.arraycopy(chunk, position, buffer, offset, count);
    position += count;
    return count;
  }

  private boolean fill() throws IOException {
    while (position >= chunk.length) {
      if (ended) {
        return false;
      }
      try (Jdbc.Lease held = jdbc.lease();
          PreparedStatement select =
              held.connection()
                  .prepareStatement(
                      "SELECT data FROM job_file_chunk WHERE job_id = ? AND seq = ?")) {
        select.setObject(1, jobId);
        select.setInt(2, nextSeq);
        try (ResultSet row = select.executeQuery()) {
          if (row.next()) {
            chunk = row.getBytes(1);
            position = 0;
            nextSeq++;
          } else {
            ended = true;
          }
        }
      } catch (SQLException e) {
        throw new IOException(
            "Could not read chunk " + nextSeq + " of the file of job " + jobId, e);
      }
    }
    return true;
  }
}
