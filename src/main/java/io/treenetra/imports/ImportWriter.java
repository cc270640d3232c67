package io.treenetra.imports;

import io.treenetra.itree.Regions;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.postgresql.PGConnection;

/**
 * Writes a batch of valid rows in the caller's transaction, at database speed: one {@code COPY}
 * into a session-local staging table, then a few set-based statements that match the rows to
 * existing trees (by the file's id, else by externalId), update the trees that changed, insert the
 * rest, and find the trees of the same species within a metre. The database's own constraints stay
 * the last word: a batch they refuse is written again row by row, and only the refused rows are
 * reported.
 */
final class ImportWriter {

  static final int EXTERNAL_ID = 1;
  static final int SPECIES = 2;
  static final int ADDRESS = 4;
  static final int DBH = 8;
  static final int HEIGHT = 16;
  static final int CANOPY = 32;
  static final int HEALTH = 64;
  static final int PLANTED = 128;
  static final int TAGS = 256;
  static final int NOTES = 512;
  static final int LOCATION = 1024;
  static final int STATUS = 2048;

  /** What a new tree needs: a row without them can only update a tree that exists. */
  private static final int NEW_TREE = LOCATION | STATUS;

  /**
   * The tree's columns an import writes, each with the bit that says whether a row carries it (0:
   * always).
   */
  private record Column(String name, int bit) {}

  private static final List<Column> COLUMNS =
      List.of(
          new Column("external_id", EXTERNAL_ID),
          new Column("species_id", SPECIES),
          new Column("lat", LOCATION),
          new Column("lng", LOCATION),
          new Column("address", ADDRESS),
          new Column("dbh_cm", DBH),
          new Column("height_m", HEIGHT),
          new Column("canopy_diameter_m", CANOPY),
          new Column("status", STATUS),
          new Column("health_status", HEALTH),
          new Column("planted_date", PLANTED),
          new Column("tags", TAGS),
          new Column("notes", NOTES));

  private static final String STAGE = "import_stage_v5";
  private static final String CREATE_STAGE =
      """
      CREATE TEMP TABLE IF NOT EXISTS %s (
        row_no integer, id uuid, id_given boolean, present integer, external_id text,
        species_id uuid, lat double precision, lng double precision, address text,
        dbh_cm double precision, height_m double precision, canopy_diameter_m double precision,
        status text, health_status text, planted_date date, tags text[], notes text,
        last_inspected_at timestamptz, version integer, created_at timestamptz,
        updated_at timestamptz, itree_region text, target uuid, target_deleted boolean,
        moved boolean, problem text, other uuid
      ) ON COMMIT DELETE ROWS"""
          .formatted(STAGE);

  /**
   * The tree each row writes (the one it matched, else a new one), indexed: the search for
   * neighbours asks it of every candidate.
   */
  private static final String INDEX_STAGE =
      """
      CREATE INDEX IF NOT EXISTS %1$s_writes ON %1$s ((coalesce(target, id)))
       WHERE problem IS NULL"""
          .formatted(STAGE);

  private static final String COPY =
      """
      COPY %s (row_no, id, id_given, present, external_id, species_id, lat, lng, address, dbh_cm,
               height_m, canopy_diameter_m, status, health_status, planted_date, tags, notes,
               last_inspected_at, version, created_at, updated_at, itree_region)
      FROM STDIN (FORMAT csv)"""
          .formatted(STAGE);

  /**
   * Rows that name their tree by id: it may have been deleted, and their externalId may belong to
   * another tree.
   */
  private static final List<String> MATCH_BY_ID =
      List.of(
          """
          UPDATE %s s SET target = t.id, target_deleted = t.deleted_at IS NOT NULL,
                 moved = s.present & %d <> 0 AND (t.lat, t.lng) IS DISTINCT FROM (s.lat, s.lng)
            FROM tree t
           WHERE s.id_given AND t.id = s.id"""
              .formatted(STAGE, LOCATION),
          "UPDATE %s SET problem = '%s' WHERE target_deleted"
              .formatted(STAGE, RowMessage.TREE_DELETED),
          """
          UPDATE %s s SET problem = '%s', other = t.id FROM tree t
           WHERE s.id_given AND s.problem IS NULL AND s.external_id IS NOT NULL
             AND t.external_id = s.external_id AND t.deleted_at IS NULL
             AND t.id <> coalesce(s.target, s.id)"""
              .formatted(STAGE, RowMessage.EXTERNAL_ID_TAKEN));

  /**
   * The others are matched by externalId (an unmatched one is free: no live tree has it). Then a
   * row that matched nothing makes a new tree, which needs a location and a status.
   */
  private static final List<String> MATCH =
      List.of(
          """
          UPDATE %s s SET target = t.id, target_deleted = false,
                 moved = s.present & %d <> 0 AND (t.lat, t.lng) IS DISTINCT FROM (s.lat, s.lng)
            FROM tree t
           WHERE NOT s.id_given AND s.external_id IS NOT NULL AND t.external_id = s.external_id
             AND t.deleted_at IS NULL"""
              .formatted(STAGE, LOCATION),
          """
          UPDATE %s SET problem = '%s'
           WHERE problem IS NULL AND target IS NULL AND present & %d <> %d"""
              .formatted(STAGE, RowMessage.MISSING_VALUE, NEW_TREE, NEW_TREE));

  private static final String UPDATE = update();

  /** The column counts from 0 as Hibernate does; a file carries the API's version, one more. */
  private static final String INSERT =
      """
      INSERT INTO tree (id, %s, last_inspected_at, version, created_at, updated_at, itree_region,
                        itree_region_lat, itree_region_lng)
      SELECT s.id, %s, s.last_inspected_at, coalesce(s.version - 1, 0), coalesce(s.created_at, now()),
             coalesce(s.updated_at, s.created_at, now()), s.itree_region, s.lat, s.lng
        FROM %s s WHERE s.problem IS NULL AND s.target IS NULL"""
          .formatted(names(""), names("s.").replace("s.tags", "coalesce(s.tags, '{}')"), STAGE);

  private static final String MATCHED =
      "SELECT count(*) FROM %s WHERE problem IS NULL AND target IS NOT NULL".formatted(STAGE);
  private static final String PROBLEMS =
      """
      SELECT row_no, problem, external_id, other, present, id_given, id FROM %s
       WHERE problem IS NOT NULL ORDER BY row_no"""
          .formatted(STAGE);

  /**
   * One metre in degrees of latitude (on the 6,371,008.8 m sphere), with a margin; longitude widens
   * with latitude.
   */
  private static final double METRE_DEG = 1.0 / 111_000;

  /**
   * Each row's nearest tree of the same species within a metre, among the trees there before the
   * row: in the database already, or written by an earlier row of the file. Only for a row that
   * plants a tree or moves one: a tree that stays where it was was warned about when it came.
   */
  private static final String NEAR =
      """
      SELECT s.row_no, n.id, n.external_id, n.distance_m FROM %1$s s CROSS JOIN LATERAL (
        SELECT t.id, t.external_id, sphere_distance_m(s.lat, s.lng, t.lat, t.lng) AS distance_m
          FROM tree t
         WHERE t.deleted_at IS NULL AND t.species_id = s.species_id
           AND t.id <> coalesce(s.target, s.id)
           AND point(t.lng, t.lat) <@ box(
                 point(s.lng - %2$s / greatest(cos(radians(s.lat)), 0.01), s.lat - %2$s),
                 point(s.lng + %2$s / greatest(cos(radians(s.lat)), 0.01), s.lat + %2$s))
           AND sphere_distance_m(s.lat, s.lng, t.lat, t.lng) <= 1
           AND NOT EXISTS (SELECT 1 FROM %1$s l
                            WHERE l.problem IS NULL AND coalesce(l.target, l.id) = t.id
                              AND l.row_no > s.row_no)
         ORDER BY 3, t.id LIMIT 1) n
       WHERE s.problem IS NULL AND s.species_id IS NOT NULL AND (s.target IS NULL OR s.moved)
       ORDER BY s.row_no"""
          .formatted(STAGE, METRE_DEG);

  /**
   * What a batch did. {@code problems} are rows refused here; {@code updatedIds} are the trees
   * changed.
   */
  record Written(
      int inserted,
      int updated,
      int skipped,
      List<RowMessage> problems,
      List<RowMessage> warnings,
      boolean anyChange) {
    Written withWarnings(List<RowMessage> found) {
      return new Written(inserted, updated, skipped, problems, found, anyChange);
    }
  }

  private ImportWriter() {}

  /**
   * Keeps the planner's picture of the tree table current while an import grows it: without it, a
   * table that was small when last analysed is joined by scanning it whole, once per batch, and an
   * import into an empty inventory slows down as it fills it. Analyses whenever the import has
   * written as many trees as the table had at its last analysis (a handful of times per import).
   */
  static final class TableStatistics {
    private long sinceAnalysis;
    private double lastKnown = -1;

    void written(Connection connection, int inserted) throws SQLException {
      sinceAnalysis += inserted;
      try (Statement statement = connection.createStatement()) {
        if (lastKnown < 0) {
          try (ResultSet row =
              statement.executeQuery(
                  "SELECT reltuples FROM pg_class WHERE oid = 'tree'::regclass")) {
            row.next();
            lastKnown = Math.max(0, row.getDouble(1));
          }
        }
        if (sinceAnalysis > Math.max(BatchReader.BATCH_ROWS, lastKnown)) {
          statement.execute("ANALYZE tree");
          lastKnown += sinceAnalysis;
          sinceAnalysis = 0;
        }
      }
    }
  }

  static void prepare(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(CREATE_STAGE);
      statement.execute(INDEX_STAGE);
    }
  }

  /** Writes the batch; rows the database refuses are reported, never the whole batch lost. */
  static Written write(Connection connection, List<StagedTree> batch, String copyText)
      throws SQLException, IOException {
    Written written = writeWhole(connection, batch, copyText);
    return written != null
        ? written.withWarnings(warnings(connection))
        : writeRowByRow(connection, batch);
  }

  /**
   * The batch in one go, without the warnings ({@link #warnings} then finds them over what it
   * staged); null when the database refused one of its rows, with nothing of the batch written.
   */
  static Written writeWhole(Connection connection, List<StagedTree> batch, String copyText)
      throws SQLException, IOException {
    Savepoint before = connection.setSavepoint();
    try {
      Written written = writeAll(connection, batch, copyText);
      connection.releaseSavepoint(before);
      return written;
    } catch (SQLException e) {
      if (!refusedData(e)) {
        throw e;
      }
      connection.rollback(before);
      return null;
    }
  }

  /**
   * The batch a row at a time, each row's warnings with it: only the rows the database refuses are
   * reported.
   */
  static Written writeRowByRow(Connection connection, List<StagedTree> batch)
      throws SQLException, IOException {
    int inserted = 0;
    int updated = 0;
    int skipped = 0;
    boolean anyChange = false;
    List<RowMessage> problems = new ArrayList<>();
    List<RowMessage> warnings = new ArrayList<>();
    for (StagedTree row : batch) {
      Savepoint one = connection.setSavepoint();
      try {
        Written written = writeAll(connection, List.of(row), copyText(List.of(row)));
        warnings.addAll(warnings(connection));
        connection.releaseSavepoint(one);
        inserted += written.inserted();
        updated += written.updated();
        skipped += written.skipped();
        anyChange |= written.anyChange();
        problems.addAll(written.problems());
      } catch (SQLException e) {
        if (!refusedData(e)) {
          throw e;
        }
        connection.rollback(one);
        problems.add(
            "23505".equals(e.getSQLState())
                ? new RowMessage(
                    row.row(),
                    RowMessage.EXTERNAL_ID_TAKEN,
                    "externalId",
                    "another tree has this externalId")
                : new RowMessage(
                    row.row(), RowMessage.REJECTED_BY_DATABASE, null, databaseMessage(e)));
      }
    }
    return new Written(inserted, updated, skipped, problems, warnings, anyChange);
  }

  private static Written writeAll(Connection connection, List<StagedTree> batch, String copyText)
      throws SQLException, IOException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("TRUNCATE " + STAGE);
      // The data is in memory: with the default cost of a random read (4, a spinning disk's), the
      // planner scans the tree table once per batch instead of probing its indexes 2,000 times.
      statement.execute("SET LOCAL random_page_cost = 1.1");
      connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new StringReader(copyText));
      // A temporary table has no statistics unless asked: without them, the planner scans instead
      // of
      // probing. Every batch: with the statistics of an earlier batch (and the row count that
      // TRUNCATE
      // forgot), the planner merged the batch with the whole externalId index of the tree table.
      statement.execute("ANALYZE " + STAGE);
      if (batch.stream().anyMatch(StagedTree::idGiven)) {
        for (String match : MATCH_BY_ID) {
          statement.executeUpdate(match);
        }
      }
      for (String match : MATCH) {
        statement.executeUpdate(match);
      }
      int matched;
      try (ResultSet count = statement.executeQuery(MATCHED)) {
        count.next();
        matched = count.getInt(1);
      }
      int updated = statement.executeUpdate(UPDATE);
      int inserted = statement.executeUpdate(INSERT);
      List<RowMessage> problems = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery(PROBLEMS)) {
        while (rows.next()) {
          problems.add(
              problem(
                  rows.getInt(1),
                  rows.getString(2),
                  rows.getString(3),
                  rows.getObject(4, UUID.class),
                  rows.getInt(5),
                  rows.getBoolean(6) ? rows.getObject(7, UUID.class) : null));
        }
      }
      return new Written(
          inserted, updated, matched - updated, problems, List.of(), inserted + updated > 0);
    }
  }

  /**
   * The rows just written (staged) that stand within a metre of a tree of the same species that was
   * there before them: in the database (as this transaction sees it), or written by an earlier row.
   */
  static List<RowMessage> warnings(Connection connection) throws SQLException {
    List<RowMessage> warnings = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(NEAR)) {
      while (rows.next()) {
        String externalId = rows.getString(3);
        warnings.add(
            new RowMessage(
                rows.getInt(1),
                RowMessage.NEAR_SAME_SPECIES,
                null,
                String.format(
                    java.util.Locale.ROOT,
                    "within %.2f m of tree %s%s of the same species",
                    rows.getDouble(4),
                    rows.getString(2),
                    externalId == null ? "" : " (externalId " + externalId + ")")));
      }
    }
    return warnings;
  }

  private static RowMessage problem(
      int row, String code, String externalId, UUID other, int present, UUID id) {
    if (RowMessage.MISSING_VALUE.equals(code)) {
      String named =
          id != null
              ? "no tree has the id " + id
              : "no live tree has the externalId " + Cells.clip(externalId);
      if ((present & NEW_TREE) == 0) {
        return new RowMessage(
            row, code, null, "a new tree needs a location and a status, and " + named);
      }
      return new RowMessage(
          row,
          code,
          (present & LOCATION) == 0 ? "location" : "status",
          "is required for a new tree, and " + named);
    }
    if (RowMessage.TREE_DELETED.equals(code)) {
      return new RowMessage(
          row, code, "id", "the tree with this id was deleted; remove the id to plant a new tree");
    }
    return new RowMessage(
        row,
        code,
        "externalId",
        "tree " + other + " already has the externalId " + Cells.clip(externalId));
  }

  /**
   * Data the database refused (a constraint, a value out of range), as opposed to a database that
   * failed.
   */
  private static boolean refusedData(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("22") || state.startsWith("23"));
  }

  /** PostgreSQL's primary message only: its detail may quote other rows' values. */
  private static String databaseMessage(SQLException e) {
    if (e instanceof org.postgresql.util.PSQLException psql
        && psql.getServerErrorMessage() != null) {
      return "refused by the database: " + psql.getServerErrorMessage().getMessage();
    }
    return "refused by the database (SQL state " + e.getSQLState() + ")";
  }

  private static String update() {
    StringBuilder set = new StringBuilder();
    StringBuilder before = new StringBuilder();
    StringBuilder after = new StringBuilder();
    for (Column column : COLUMNS) {
      String value =
          column.bit() == 0
              ? "s." + column.name()
              : "CASE WHEN s.present & "
                  + column.bit()
                  + " <> 0 THEN "
                  + (column.name().equals("tags") ? "coalesce(s.tags, '{}')" : "s." + column.name())
                  + " ELSE t."
                  + column.name()
                  + " END";
      set.append(column.name()).append(" = ").append(value).append(", ");
      before.append(before.isEmpty() ? "" : ", ").append("t.").append(column.name());
      after.append(after.isEmpty() ? "" : ", ").append(value);
    }
    return """
        UPDATE tree t SET %sversion = t.version + 1, updated_at = now(),
               itree_region = CASE WHEN s.present & %d <> 0 THEN s.itree_region ELSE t.itree_region END,
               itree_region_lat = CASE WHEN s.present & %2$d <> 0 THEN s.lat ELSE t.itree_region_lat END,
               itree_region_lng = CASE WHEN s.present & %2$d <> 0 THEN s.lng ELSE t.itree_region_lng END
          FROM %s s
         WHERE s.problem IS NULL AND s.target = t.id AND (%s) IS DISTINCT FROM (%s)"""
        .formatted(set, LOCATION, STAGE, before, after);
  }

  private static String names(String prefix) {
    StringBuilder names = new StringBuilder();
    for (Column column : COLUMNS) {
      names.append(names.isEmpty() ? "" : ", ").append(prefix).append(column.name());
    }
    return names.toString();
  }

  /**
   * The batch as COPY's CSV: every value quoted, so that an unquoted empty field is NULL and "" is
   * empty text.
   */
  static String copyText(List<StagedTree> batch) throws IOException {
    StringBuilder text = new StringBuilder(batch.size() * 256);
    try (CSVPrinter csv = new CSVPrinter(text, CSVFormat.POSTGRESQL_CSV)) {
      for (StagedTree row : batch) {
        csv.printRecord(
            row.row(),
            row.id(),
            row.idGiven(),
            row.present(),
            row.externalId(),
            row.speciesId(),
            text(row.lat()),
            text(row.lng()),
            row.address(),
            text(row.dbhCm()),
            text(row.heightM()),
            text(row.canopyDiameterM()),
            row.status(),
            row.healthStatus(),
            row.plantedDate(),
            row.tags() == null ? null : arrayLiteral(row.tags()),
            row.notes(),
            row.lastInspectedAt(),
            row.version(),
            row.createdAt(),
            row.updatedAt(),
            row.lat() == null || row.lng() == null
                ? null
                : Regions.standard().at(row.lat(), row.lng()));
      }
    }
    return text.toString();
  }

  private static String text(Double value) {
    return value == null ? null : Double.toString(value);
  }

  /** A text[] literal: each element double-quoted, with '\' and '"' escaped. */
  private static String arrayLiteral(List<String> values) {
    StringBuilder literal = new StringBuilder("{");
    for (String value : values) {
      if (literal.length() > 1) {
        literal.append(',');
      }
      literal.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return literal.append('}').toString();
  }
}
