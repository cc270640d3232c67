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
 * file whose every row failed). {@code speciesNames}: each distinct species name of the file that
 * matched the catalogue other than exactly, or not at all, with its rows (the most rows first, the
 * first thousand names).
 */
public record ImportResponse(
    UUID id,
    String state,
    String format,
    String mapping,
    Integer srid,
    boolean createSpecies,
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
    List<SpeciesName> speciesNames,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {

  /**
   * A row the import rejected or imported with a remark; {@code row} counts the header as row 1
   * (features from 1).
   */
  public record Message(int row, String code, String field, String message) {}

  /**
   * A species name of the file and what it matched: {@code match} is normalized (the same name
   * written another way: a cultivar, a rank, the hybrid sign, spp., case or spacing), commonName,
   * similar (a close spelling; {@code similarity} says how close, 0 to 1), created
   * (createSpecies=true) or unknown (its rows failed).
   */
  public record SpeciesName(
      String name,
      String match,
      long rows,
      UUID speciesId,
      String scientificName,
      Double similarity) {}
}
