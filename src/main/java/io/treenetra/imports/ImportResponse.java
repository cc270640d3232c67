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
 * file whose every row failed). {@code partial}: a succeeded import with failed rows, which {@code
 * summary} (every ended import has one) says in words. {@code speciesNames}: each distinct species
 * name of the file that matched the catalogue other than exactly, or not at all, with its rows (the
 * most rows first, the first thousand names). {@code preview}: a finished dry run's first rows as
 * they would be written, each with the fields it sets (null for any other import).
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
    boolean partial,
    String summary,
    List<Message> errors,
    List<Message> warnings,
    Map<String, Long> errorsByCode,
    Map<String, Long> warningsByCode,
    List<SpeciesName> speciesNames,
    jakarta.json.JsonArray preview,
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

  /** What an ended import did, in one sentence; null while it runs. */
  static String summary(
      String state,
      boolean dryRun,
      int processed,
      int inserted,
      int updated,
      int skipped,
      int failed) {
    if (!state.equals("succeeded") && !state.equals("failed") && !state.equals("cancelled")) {
      return null;
    }
    String written =
        (dryRun ? "would have inserted " : "inserted ")
            + inserted
            + ", updated "
            + updated
            + ", skipped "
            + skipped;
    return switch (state) {
      case "succeeded" ->
          failed == 0
              ? "All " + processed + " rows " + (dryRun ? "are valid" : "imported") + ": " + written
              : failed
                  + " of "
                  + processed
                  + " rows failed (see errors); the other "
                  + (processed - failed)
                  + (dryRun ? " are valid: " : " were imported: ")
                  + written;
      case "cancelled" ->
          "Cancelled after " + processed + " rows" + (inserted + updated > 0 ? ": " + written : "");
      default ->
          dryRun || processed == 0 || inserted + updated == 0
              ? "Nothing was imported"
              : "Failed after " + processed + " rows: " + written;
    };
  }
}
