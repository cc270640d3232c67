package io.treenetra.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The 10,189 trees of the New York 2015 census sample (src/test/resources/census, a copy of
 * ../shared/data), read with the mapping of its README, and written straight into the database
 * under a tag so that a test can find them, and only them, through the API.
 */
public final class NycSample {

  /** One census tree as TreeNetra stores it. */
  public record Tree(
      UUID id,
      String treeId,
      double lat,
      double lng,
      String status,
      String healthStatus,
      String scientificName,
      String address,
      Double dbhCm) {}

  /** The sample loaded once for the whole test run, under its tag. */
  public record Loaded(String tag, List<Tree> trees) {}

  private static Loaded shared;

  private NycSample() {}

  /** The sample in the database once per test run, shared by the tests that only read it. */
  public static synchronized Loaded shared() {
    if (shared == null) {
      String tag = "nyc-" + UUID.randomUUID().toString().substring(0, 8);
      List<Tree> trees = read(tag);
      insert(trees, tag);
      shared = new Loaded(tag, trees);
    }
    return shared;
  }

  /** The sample, with ids derived from {@code tag} (so two loads under two tags never collide). */
  public static List<Tree> read(String tag) {
    List<Tree> trees = new ArrayList<>();
    try (InputStream in =
            NycSample.class.getResourceAsStream("/census/nyc-street-trees-2015-sample.csv");
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      for (CSVRecord row :
          CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
        String status = row.get("status").toLowerCase();
        String health =
            switch (row.get("health")) {
              case "Good" -> "healthy";
              case "Fair" -> "needs_attention";
              case "Poor" -> "critical";
              default -> status.equals("dead") ? "dead" : null;
            };
        double dbhInches = Double.parseDouble(row.get("tree_dbh"));
        trees.add(
            new Tree(
                UUID.nameUUIDFromBytes(
                    (tag + ":" + row.get("tree_id")).getBytes(StandardCharsets.UTF_8)),
                row.get("tree_id"),
                Double.parseDouble(row.get("latitude")),
                Double.parseDouble(row.get("longitude")),
                status,
                health,
                row.get("spc_latin").isEmpty() ? null : row.get("spc_latin"),
                row.get("address"),
                dbhInches == 0 ? null : Math.round(dbhInches * 2.54 * 10) / 10.0));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return trees;
  }

  /** Inserts the trees with this one tag and an externalId made unique by the tag. */
  public static void insert(List<Tree> trees, String tag) {
    String sql =
        "INSERT INTO tree (id, external_id, species_id, lat, lng, address, dbh_cm, status, health_status, tags,"
            + " created_at, updated_at)"
            + " VALUES (?, ?, (SELECT id FROM species WHERE scientific_name = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    OffsetDateTime now = OffsetDateTime.now();
    try (Connection connection = TestEnvironment.database().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      connection.setAutoCommit(false);
      for (Tree tree : trees) {
        statement.setObject(1, tree.id());
        statement.setString(2, tag + ":" + tree.treeId());
        statement.setString(3, tree.scientificName());
        statement.setDouble(4, tree.lat());
        statement.setDouble(5, tree.lng());
        statement.setString(6, tree.address());
        statement.setObject(7, tree.dbhCm());
        statement.setString(8, tree.status());
        statement.setString(9, tree.healthStatus());
        statement.setArray(10, connection.createArrayOf("text", new String[] {tag}));
        statement.setObject(11, now);
        statement.setObject(12, now);
        statement.addBatch();
      }
      statement.executeBatch();
      connection.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
