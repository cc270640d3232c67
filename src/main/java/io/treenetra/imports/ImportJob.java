package io.treenetra.imports;

import io.treenetra.job.JobContext;
import io.treenetra.job.JobHandler;
import io.treenetra.job.JobState;
import io.treenetra.platform.cache.DataGeneration;
import io.treenetra.platform.persistence.Jdbc;
import io.treenetra.platform.validation.RequestValidator;
import io.treenetra.tree.Tree;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Runs an import job: a first pass counts the rows and proves the file readable (nothing is written
 * from a file that is not what it claims); the second reads, checks and writes the rows in batches.
 * Each batch commits together with the job's progress, under the job's lease, so an instance that
 * dies loses at most its current batch, and the instance that takes over continues after the last
 * committed one. A dry run and an atomic import write in one transaction instead, committed at the
 * end (atomic, every row valid) or rolled back (dry run, or atomic with a bad row).
 */
@ApplicationScoped
public class ImportJob implements JobHandler {

  public static final String KIND = "import";

  @Inject ImportRepository imports;
  @Inject Jdbc jdbc;
  @Inject RequestValidator validator;
  @Inject DataGeneration generation;
  @PersistenceUnit EntityManagerFactory entityManagerFactory;
  @Resource ManagedThreadFactory threads;

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void run(JobContext job) throws Exception {
    ImportRepository.Spec spec = imports.spec(job.id());
    if (spec.rowsTotal() == null && !countRows(job, spec)) {
      return;
    }
    Map<String, UUID> species = species();
    RowChecker checker =
        new RowChecker(validator, species, Set.copyOf(species.values()), fieldNames(spec.format()));
    // The run commits batch by batch on this connection (and one more of its own): a lease, not
    // one transaction.
    try (Jdbc.Lease held = jdbc.lease()) {
      Connection connection = held.connection();
      connection.setAutoCommit(false);
      try {
        new ImportRun(job, spec, connection, jdbc, imports, checker, this::changed, threads).run();
      } finally {
        connection.rollback();
        connection.setAutoCommit(true);
      }
    }
  }

  /** The first pass: the number of rows, or the job failed because the file cannot be read. */
  private boolean countRows(JobContext job, ImportRepository.Spec spec)
      throws SQLException, IOException {
    int total;
    try (RowSource rows = StoredFile.rows(jdbc, spec)) {
      total = rows.skip(Integer.MAX_VALUE);
    } catch (ImportFileException e) {
      failWhole(job, spec.id(), message(e, spec));
      return false;
    }
    if (total == 0) {
      failWhole(
          job,
          spec.id(),
          spec.format().csv
              ? "The file has a header but no rows"
              : "The FeatureCollection has no features");
      return false;
    }
    jdbc.transaction(
        connection -> {
          job.checkpoint(connection);
          imports.total(connection, spec.id(), total);
          return null;
        });
    return true;
  }

  /** Fails a job whose file cannot be read at all, before any row was written. */
  private void failWhole(JobContext job, UUID id, String error) throws SQLException {
    jdbc.transaction(
        connection -> {
          job.checkpoint(connection);
          job.finish(connection, JobState.FAILED, error);
          imports.dropFile(connection, id);
          return null;
        });
  }

  /** The reason a file cannot be imported, for the client. */
  String message(ImportFileException e, ImportRepository.Spec spec) throws IOException {
    if (e instanceof ImportFileException.NotUtf8) {
      return "The file is not UTF-8 text: an invalid byte sequence at "
          + StoredFile.firstInvalidUtf8(jdbc, spec.id())
          + "; save it as UTF-8 and import it again";
    }
    return e.getMessage();
  }

  /**
   * After trees changed outside Hibernate: cached trees and analytics of every instance are stale.
   */
  private void changed() {
    entityManagerFactory.getCache().evict(Tree.class);
    generation.changed();
  }

  /** Errors of the API's fields, named as the file names them. */
  private static UnaryOperator<String> fieldNames(ImportFormat format) {
    return switch (format) {
      case NYC_2015 -> field -> NycLayout.COLUMNS.getOrDefault(field, field);
      case TREENETRA -> field -> TreenetraLayout.COLUMNS.getOrDefault(field, field);
      case GEOJSON ->
          field ->
              switch (field) {
                case "location", "location.lat", "location.lng" -> "geometry";
                case "location.address" -> "properties.address";
                case "id", "row" -> field;
                default -> "properties." + field;
              };
    };
  }

  private Map<String, UUID> species() throws SQLException {
    Map<String, UUID> byName = new HashMap<>();
    try (Jdbc.Lease held = jdbc.lease();
        PreparedStatement select =
            held.connection().prepareStatement("SELECT id, scientific_name FROM species");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        byName.put(RowChecker.nameKey(rows.getString(2)), rows.getObject(1, UUID.class));
      }
    }
    return Map.copyOf(byName);
  }
}
