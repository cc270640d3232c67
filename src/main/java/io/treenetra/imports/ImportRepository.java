package io.treenetra.imports;

import io.treenetra.auth.Caller;
import io.treenetra.auth.Role;
import io.treenetra.platform.persistence.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** The import_job and import_message tables (V7 migration). */
@ApplicationScoped
public class ImportRepository {

  /** Messages kept per job and severity; the counts stay exact beyond. */
  static final int MAX_MESSAGES = 1000;

  /** An import's parameters and the progress committed so far. */
  record Spec(
      UUID id,
      ImportFormat format,
      boolean dryRun,
      boolean atomic,
      Integer rowsTotal,
      Counts counts,
      Caller submitter,
      Integer srid,
      boolean createSpecies,
      Mapping mapping) {}

  /** What an import reads its file with, besides its format. */
  record Options(Integer srid, boolean createSpecies, String mappingName, String mapping) {}

  /** Progress counters, as committed with each batch. */
  record Counts(int rowsProcessed, int inserted, int updated, int skipped, int failed, int warned) {
    static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0);

    Counts plus(BatchReader.Batch batch, ImportWriter.Written written) {
      return new Counts(
          rowsProcessed + batch.rows(),
          inserted + written.inserted(),
          updated + written.updated(),
          skipped + batch.skipped() + written.skipped(),
          failed + batch.invalid() + written.problems().size(),
          warned + written.warnings().size());
    }
  }

  @Inject Jdbc jdbc;

  void insert(
      Connection connection,
      UUID id,
      ImportFormat format,
      boolean dryRun,
      boolean atomic,
      String contentType,
      Caller submitter,
      Options options)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO import_job (job_id, format, dry_run, atomic, content_type, size_bytes, submitted_by,"
                + " submitted_by_name, srid, create_species, mapping_name, mapping)"
                + " VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?::json)")) {
      insert.setObject(1, id);
      insert.setString(2, format.value);
      insert.setBoolean(3, dryRun);
      insert.setBoolean(4, atomic);
      insert.setString(5, contentType);
      insert.setObject(6, submitter == null ? null : submitter.id());
      insert.setString(7, submitter == null ? null : submitter.username());
      insert.setObject(8, options.srid(), java.sql.Types.INTEGER);
      insert.setBoolean(9, options.createSpecies());
      insert.setString(10, options.mappingName());
      insert.setString(11, options.mapping());
      insert.executeUpdate();
    }
  }

  void chunk(Connection connection, UUID id, int seq, byte[] data, int length) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO job_file_chunk (job_id, seq, data) VALUES (?, ?, ?)")) {
      insert.setObject(1, id);
      insert.setInt(2, seq);
      insert.setBytes(3, length == data.length ? data : java.util.Arrays.copyOf(data, length));
      insert.executeUpdate();
    }
  }

  void size(Connection connection, UUID id, long sizeBytes) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement("UPDATE import_job SET size_bytes = ? WHERE job_id = ?")) {
      update.setLong(1, sizeBytes);
      update.setObject(2, id);
      update.executeUpdate();
    }
  }

  Spec spec(UUID id) throws SQLException {
    try (Jdbc.Lease held = jdbc.lease();
        PreparedStatement select =
            held.connection()
                .prepareStatement(
                    "SELECT format, dry_run, atomic, rows_total, rows_processed, inserted, updated, skipped, failed, warned,"
                        + " submitted_by, submitted_by_name, srid, create_species, mapping"
                        + " FROM import_job WHERE job_id = ?")) {
      select.setObject(1, id);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw new IllegalStateException("Job " + id + " has no import");
        }
        Integer total = row.getObject(4) == null ? null : row.getInt(4);
        return new Spec(
            id,
            ImportFormat.parse(row.getString(1)).orElseThrow(),
            row.getBoolean(2),
            row.getBoolean(3),
            total,
            new Counts(
                row.getInt(5),
                row.getInt(6),
                row.getInt(7),
                row.getInt(8),
                row.getInt(9),
                row.getInt(10)),
            row.getObject(11) == null
                ? null
                : new Caller((UUID) row.getObject(11), row.getString(12), Role.VIEWER),
            row.getObject(13) == null ? null : row.getInt(13),
            row.getBoolean(14),
            row.getString(15) == null ? null : Mapping.stored(row.getString(15)));
      }
    }
  }

  void total(Connection connection, UUID id, int rowsTotal) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement("UPDATE import_job SET rows_total = ? WHERE job_id = ?")) {
      update.setInt(1, rowsTotal);
      update.setObject(2, id);
      update.executeUpdate();
    }
  }

  void preview(Connection connection, UUID id, String rows) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement("UPDATE import_job SET preview = ?::json WHERE job_id = ?")) {
      update.setString(1, rows);
      update.setObject(2, id);
      update.executeUpdate();
    }
  }

  void srid(Connection connection, UUID id, int srid) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement("UPDATE import_job SET srid = ? WHERE job_id = ?")) {
      update.setInt(1, srid);
      update.setObject(2, id);
      update.executeUpdate();
    }
  }

  void counts(Connection connection, UUID id, Counts counts) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE import_job SET rows_processed = ?, inserted = ?, updated = ?, skipped = ?, failed = ?, warned = ? WHERE job_id = ?")) {
      update.setInt(1, counts.rowsProcessed());
      update.setInt(2, counts.inserted());
      update.setInt(3, counts.updated());
      update.setInt(4, counts.skipped());
      update.setInt(5, counts.failed());
      update.setInt(6, counts.warned());
      update.setObject(7, id);
      update.executeUpdate();
    }
  }

  /** Adds the messages, by code, to the job's counts of the severity. */
  void countMessages(Connection connection, UUID id, String severity, List<RowMessage> messages)
      throws SQLException {
    Map<String, Integer> byCode = new TreeMap<>();
    for (RowMessage message : messages) {
      byCode.merge(message.code(), 1, Integer::sum);
    }
    addMessageCounts(connection, id, severity, byCode);
  }

  /** Adds these counts of messages by code to the job's counts of the severity. */
  void addMessageCounts(
      Connection connection, UUID id, String severity, Map<String, Integer> byCode)
      throws SQLException {
    if (byCode.isEmpty()) {
      return;
    }
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO import_message_count AS c (job_id, severity, code, messages)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (job_id, severity, code)"
                + " DO UPDATE SET messages = c.messages + excluded.messages")) {
      for (Map.Entry<String, Integer> code : byCode.entrySet()) {
        upsert.setObject(1, id);
        upsert.setString(2, severity);
        upsert.setString(3, code.getKey());
        upsert.setLong(4, code.getValue());
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
  }

  /** The job's counts of messages of the severity by code, in the order of the codes. */
  private static Map<String, Long> messageCounts(Connection connection, UUID id, String severity)
      throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT code, messages FROM import_message_count WHERE job_id = ? AND severity = ?"
                + " ORDER BY code")) {
      select.setObject(1, id);
      select.setString(2, severity);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          counts.put(rows.getString(1), rows.getLong(2));
        }
      }
    }
    return counts;
  }

  /**
   * Stores messages up to {@link #MAX_MESSAGES} of the severity; {@code alreadyStored} is how many
   * the job has.
   */
  void messages(
      Connection connection, UUID id, String severity, List<RowMessage> messages, int alreadyStored)
      throws SQLException {
    int room = MAX_MESSAGES - alreadyStored;
    if (room <= 0 || messages.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO import_message (job_id, severity, row_no, code, field, message) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (RowMessage message : messages.subList(0, Math.min(room, messages.size()))) {
        insert.setObject(1, id);
        insert.setString(2, severity);
        insert.setInt(3, message.row());
        insert.setString(4, message.code());
        insert.setString(5, message.field());
        insert.setString(6, message.message());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  int storedMessages(Connection connection, UUID id, String severity) throws SQLException {
    try (PreparedStatement count =
        connection.prepareStatement(
            "SELECT count(*) FROM import_message WHERE job_id = ? AND severity = ?")) {
      count.setObject(1, id);
      count.setString(2, severity);
      try (ResultSet row = count.executeQuery()) {
        row.next();
        return row.getInt(1);
      }
    }
  }

  /**
   * Creates the species a batch names first, in the batch's transaction; answers, for each that
   * another writer created meanwhile under the same name, the id the name already has.
   */
  Map<UUID, UUID> createSpecies(Connection connection, List<SpeciesMatcher.NewSpecies> created)
      throws SQLException {
    Map<UUID, UUID> taken = new java.util.HashMap<>();
    try (PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO species (id, scientific_name) VALUES (?, ?)"
                    + " ON CONFLICT ((lower(scientific_name))) DO NOTHING");
        PreparedStatement existing =
            connection.prepareStatement(
                "SELECT id FROM species WHERE lower(scientific_name) = lower(?)")) {
      for (SpeciesMatcher.NewSpecies species : created) {
        insert.setObject(1, species.id());
        insert.setString(2, species.scientificName());
        if (insert.executeUpdate() == 0) {
          existing.setString(1, species.scientificName());
          try (ResultSet row = existing.executeQuery()) {
            row.next();
            taken.put(species.id(), row.getObject(1, UUID.class));
          }
        }
      }
    }
    return taken;
  }

  /** Adds a batch's counts of species names to the job's. */
  void countSpeciesNames(Connection connection, UUID id, Map<String, BatchReader.NameCount> names)
      throws SQLException {
    if (names.isEmpty()) {
      return;
    }
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO import_species_name AS n (job_id, name, outcome, species_id, scientific_name,"
                + " similarity, rows) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (job_id, name)"
                + " DO UPDATE SET rows = n.rows + excluded.rows")) {
      for (Map.Entry<String, BatchReader.NameCount> name : names.entrySet()) {
        SpeciesMatcher.Match match = name.getValue().match();
        upsert.setObject(1, id);
        upsert.setString(2, name.getKey());
        upsert.setString(3, match.how().json);
        upsert.setObject(4, match.id());
        upsert.setString(5, match.scientificName());
        upsert.setObject(6, match.similarity(), java.sql.Types.DOUBLE);
        upsert.setLong(7, name.getValue().rows());
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
  }

  /** The species an earlier attempt at this import created, by the name that created each. */
  Map<String, UUID> createdSpecies(UUID id) throws SQLException {
    Map<String, UUID> created = new LinkedHashMap<>();
    try (Jdbc.Lease held = jdbc.lease();
        PreparedStatement select =
            held.connection()
                .prepareStatement(
                    "SELECT name, species_id FROM import_species_name WHERE job_id = ?"
                        + " AND outcome = 'created'")) {
      select.setObject(1, id);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          created.put(rows.getString(1), rows.getObject(2, UUID.class));
        }
      }
    }
    return created;
  }

  /** The names an import reports, the most rows first, at most {@link #MAX_MESSAGES}. */
  private static List<ImportResponse.SpeciesName> speciesNames(Connection connection, UUID id)
      throws SQLException {
    List<ImportResponse.SpeciesName> names = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT name, outcome, rows, species_id, scientific_name, similarity"
                + " FROM import_species_name WHERE job_id = ? ORDER BY rows DESC, name LIMIT ?")) {
      select.setObject(1, id);
      select.setInt(2, MAX_MESSAGES);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          Object similarity = rows.getObject(6);
          names.add(
              new ImportResponse.SpeciesName(
                  rows.getString(1),
                  rows.getString(2),
                  rows.getLong(3),
                  rows.getObject(4, UUID.class),
                  rows.getString(5),
                  similarity == null
                      ? null
                      : Math.round(((Number) similarity).doubleValue() * 1000) / 1000.0));
        }
      }
    }
    return names;
  }

  /**
   * Publishes the progress of an import that writes in one transaction (dry run, atomic), on a
   * connection of its own; answers whether a client asked to cancel. Fails when the lease is gone.
   */
  boolean progress(UUID id, String owner, int rowsProcessed) throws SQLException {
    try (Jdbc.Lease held = jdbc.lease();
        PreparedStatement update =
            held.connection()
                .prepareStatement(
                    "UPDATE import_job i SET rows_processed = ? FROM job j"
                        + " WHERE i.job_id = ? AND j.id = i.job_id AND j.lease_owner = ? AND j.state = 'running'"
                        + " RETURNING j.cancel_requested")) {
      update.setInt(1, rowsProcessed);
      update.setObject(2, id);
      update.setString(3, owner);
      try (ResultSet row = update.executeQuery()) {
        if (!row.next()) {
          throw new io.treenetra.job.JobQueue.LeaseLost(id);
        }
        return row.getBoolean(1);
      }
    }
  }

  /** The file is not needed once the job has ended. */
  void dropFile(Connection connection, UUID id) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM job_file_chunk WHERE job_id = ?")) {
      delete.setObject(1, id);
      delete.executeUpdate();
    }
  }

  Optional<ImportResponse> find(UUID id) throws SQLException {
    try (Jdbc.Lease held = jdbc.lease()) {
      Connection connection = held.connection();
      return find(connection, id);
    }
  }

  /** The import as the caller's transaction sees it. */
  Optional<ImportResponse> find(Connection connection, UUID id) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT j.state, i.format, i.dry_run, i.atomic, i.size_bytes, i.rows_total, i.rows_processed, i.inserted,"
                + " i.updated, i.skipped, i.failed, i.warned, j.cancel_requested, j.error, j.created_at, j.started_at, j.finished_at,"
                + " i.mapping_name, i.srid, i.create_species, i.preview"
                + " FROM job j JOIN import_job i ON i.job_id = j.id WHERE j.id = ?")) {
      select.setObject(1, id);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new ImportResponse(
                id,
                row.getString(1),
                row.getString(2),
                row.getString(18),
                row.getObject(19) == null ? null : row.getInt(19),
                row.getBoolean(20),
                row.getBoolean(3),
                row.getBoolean(4),
                row.getLong(5),
                row.getObject(6) == null ? null : row.getInt(6),
                row.getInt(7),
                row.getInt(8),
                row.getInt(9),
                row.getInt(10),
                row.getInt(11),
                row.getInt(12),
                row.getBoolean(13),
                row.getString(14),
                row.getString(1).equals("succeeded") && row.getInt(11) > 0,
                ImportResponse.summary(
                    row.getString(1),
                    row.getBoolean(3),
                    row.getInt(7),
                    row.getInt(8),
                    row.getInt(9),
                    row.getInt(10),
                    row.getInt(11)),
                messages(connection, id, "error"),
                messages(connection, id, "warning"),
                messageCounts(connection, id, "error"),
                messageCounts(connection, id, "warning"),
                speciesNames(connection, id),
                row.getString(21) == null
                    ? null
                    : io.treenetra.platform.json.JsonP.PROVIDER
                        .createReader(new java.io.StringReader(row.getString(21)))
                        .readArray(),
                instant(row, 15),
                instant(row, 16),
                instant(row, 17)));
      }
    }
  }

  private static List<ImportResponse.Message> messages(
      Connection connection, UUID id, String severity) throws SQLException {
    List<ImportResponse.Message> messages = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT row_no, code, field, message FROM import_message WHERE job_id = ? AND severity = ? ORDER BY row_no, field")) {
      select.setObject(1, id);
      select.setString(2, severity);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          messages.add(
              new ImportResponse.Message(
                  rows.getInt(1), rows.getString(2), rows.getString(3), rows.getString(4)));
        }
      }
    }
    return messages;
  }

  private static Instant instant(ResultSet row, int column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
