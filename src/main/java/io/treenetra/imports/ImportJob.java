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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
    if (spec.rowsTotal() == null) {
      if (!countRows(job, spec)) {
        return;
      }
      // The first pass may have read the file's reference system.
      spec = imports.spec(job.id());
    }
    List<SpeciesMatcher.Known> catalogue = catalogue();
    SpeciesMatcher matcher =
        new SpeciesMatcher(catalogue, this::closestSpecies, spec.createSpecies());
    imports.createdSpecies(spec.id()).forEach(matcher::createdBefore);
    Set<UUID> ids = new HashSet<>();
    catalogue.forEach(known -> ids.add(known.id()));
    RowChecker checker = new RowChecker(validator, matcher, Set.copyOf(ids), fieldNames(spec));
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
    Integer crs = null;
    try (RowSource rows = StoredFile.rows(jdbc, spec)) {
      total = rows.skip(Integer.MAX_VALUE);
      if (rows instanceof GeoJsonRows features) {
        crs = features.crs().orElse(null);
      }
    } catch (ImportFileException e) {
      failWhole(job, spec.id(), message(e, spec));
      return false;
    }
    if (crs != null && spec.srid() != null && !crs.equals(spec.srid())) {
      failWhole(
          job,
          spec.id(),
          "The file's crs member names EPSG:"
              + crs
              + ", but the import reads EPSG:"
              + spec.srid()
              + (spec.mapping() != null && spec.srid().equals(spec.mapping().srid)
                  ? " (its srid=, or its mapping's srid)"
                  : " (its srid=)")
              + "; give the file's own system, or none");
      return false;
    }
    Integer srid = crs;
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
          if (srid != null && spec.srid() == null) {
            imports.srid(connection, spec.id(), srid);
          }
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
  private static UnaryOperator<String> fieldNames(ImportRepository.Spec spec) {
    Mapping mapping = spec.mapping();
    if (mapping != null) {
      String prefix = spec.format() == ImportFormat.GEOJSON ? "properties." : "";
      return field ->
          switch (field) {
            case "row" -> field;
            default -> mapping.fieldName(field, prefix);
          };
    }
    return switch (spec.format()) {
      case CSV -> UnaryOperator.identity();
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

  private List<SpeciesMatcher.Known> catalogue() throws SQLException {
    List<SpeciesMatcher.Known> known = new ArrayList<>();
    try (Jdbc.Lease held = jdbc.lease();
        PreparedStatement select =
            held.connection()
                .prepareStatement("SELECT id, scientific_name, common_name FROM species");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        known.add(
            new SpeciesMatcher.Known(
                rows.getObject(1, UUID.class), rows.getString(2), rows.getString(3)));
      }
    }
    return known;
  }

  /**
   * The two species whose scientific or common name is the closest spelling of {@code name} by
   * pg_trgm's similarity (as the species autocomplete ranks typos), best first.
   */
  private List<SpeciesMatcher.Candidate> closestSpecies(String name) {
    List<SpeciesMatcher.Candidate> closest = new ArrayList<>();
    try (Jdbc.Lease held = jdbc.lease();
        PreparedStatement select =
            held.connection()
                .prepareStatement(
                    "SELECT id, scientific_name, greatest(similarity(?, lower(unaccent(scientific_name))),"
                        + " similarity(?, lower(unaccent(coalesce(common_name, ''))))) AS score"
                        + " FROM species ORDER BY score DESC, lower(scientific_name), id LIMIT 2")) {
      select.setString(1, name);
      select.setString(2, name);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          closest.add(
              new SpeciesMatcher.Candidate(
                  rows.getObject(1, UUID.class), rows.getString(2), rows.getDouble(3)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not look up species names like " + name, e);
    }
    return closest;
  }
}
