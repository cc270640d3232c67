package io.treenetra.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Where image bytes live: the file system under {@code TREENETRA_DATA_DIR} or S3, by configuration.
 * Keys are content-addressed ({@code images/<sha-256>}), so writing one twice is harmless.
 */
public interface ObjectStore {

  /**
   * Keys are ours, never a client's text: lower-case letters, digits, '-', '.', one '/' between
   * parts.
   */
  Pattern KEY = Pattern.compile("[a-z0-9]+(/[a-z0-9][a-z0-9.-]*)+");

  /** An object's bytes and size. */
  record StoredObject(InputStream content, long sizeBytes) {}

  void put(String key, Path file, String contentType) throws IOException;

  Optional<StoredObject> get(String key) throws IOException;

  void delete(String key) throws IOException;

  /** Whether the object exists and was last written before {@code before}. */
  boolean olderThan(String key, Instant before) throws IOException;

  /** Every key written before {@code before} (for the sweep of objects no row names). */
  void forEachOlderThan(Instant before, Consumer<String> key) throws IOException;

  static String checked(String key) {
    if (!KEY.matcher(key).matches() || key.contains("..")) {
      throw new IllegalArgumentException("Not an object key: " + key);
    }
    return key;
  }
}
