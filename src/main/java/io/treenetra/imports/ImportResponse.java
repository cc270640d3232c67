package io.treenetra.imports;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An import as {@code GET /imports/{id}} shows it. {@code errors} and {@code warnings} list the
 * first thousand of each; {@code failed} and {@code warned} count the rows with any, and {@code
 * errorsByCode} and {@code warningsByCode} count every message by its code. {@code error} says why
 * a job failed as a whole (a file that is not what it claims, an atomic import with bad rows, a
 * file whose every row failed).
 */
public record ImportResponse(
    UUID id,
    String state,
    String format,
    boolean dryRun,
    boolean atomic,
    long sizeBytes,
    Integer rowsTotal,
    int rowsProcessed,
    int inserted,
    int updated,
    int skipped,
    int failed,
    int warned,
    boolean cancelRequested,
    String error,
    List<Message> errors,
    List<Message> warnings,
    Map<String, Long> errorsByCode,
    Map<String, Long> warningsByCode,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {

  /**
   * A row the import rejected or imported with a remark; {@code row} counts the header as row 1
   * (features from 1).
   */
  public record Message(int row, String code, String field, String message) {}
}
