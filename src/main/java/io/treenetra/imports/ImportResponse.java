package io.treenetra.imports;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An import as {@code GET /imports/{id}} shows it. {@code errors} and {@code warnings} list the
 * first thousand of each; {@code failed} and {@code warned} count them all. {@code error} says why
 * a job failed as a whole (a file that is not what it claims, an atomic import with bad rows).
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
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {

  /**
   * A row the import rejected or imported with a remark; {@code row} counts the header as row 1
   * (features from 1).
   */
  public record Message(int row, String code, String field, String message) {}
}
