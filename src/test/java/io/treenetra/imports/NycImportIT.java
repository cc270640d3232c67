package io.treenetra.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.ApiIT;
import io.treenetra.support.Imports;
import io.treenetra.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * The New York 2015 census sample through {@code POST /imports?format=nyc-2015}: the counts of its
 * data README, exactly; a dry run writes nothing; a second import of the same file changes nothing.
 */
class NycImportIT extends ApiIT {

  private static final String CENSUS = "/census/nyc-street-trees-2015-sample.csv";

  /**
   * The census's own trees (other tests import other nyc-2015 ids), as a join; its parameter is the
   * census's ids.
   */
  private static final String CENSUS_TREES =
      " FROM tree t JOIN unnest(?::text[]) AS census(external_id) USING (external_id)"
          + " WHERE t.deleted_at IS NULL";

  private String[] censusIds;

  @Test
  void theCensusImportsExactlyOnceAndADryRunWritesNothing() {
    byte[] census = census();
    censusIds =
        records(census).stream().map(r -> "nyc-2015:" + r.get("tree_id")).toArray(String[]::new);
    List<Point> before = speciesTreesAroundNewYork();

    JsonObject dry = Imports.run(api(), "format=nyc-2015&dryRun=true", "text/csv", census);
    assertThat(Imports.counts(dry)).as(dry.toString()).isEqualTo("succeeded 10189/0/0/0");
    assertThat(dry.getBoolean("dryRun")).isTrue();
    assertThat(dry.getInt("rowsTotal")).isEqualTo(10_189);
    assertThat(dry.getInt("rowsProcessed")).isEqualTo(10_189);
    assertThat(dry.getJsonArray("errors")).isEmpty();
    assertThat(imported()).isZero();

    JsonObject first = Imports.run(api(), "format=nyc-2015", "text/csv", census);
    assertThat(Imports.counts(first)).as(first.toString()).isEqualTo("succeeded 10189/0/0/0");
    assertThat(first.getBoolean("dryRun")).isFalse();
    assertThat(first.getString("format")).isEqualTo("nyc-2015");
    assertThat(first.getInt("rowsTotal")).isEqualTo(10_189);
    assertThat(first.isNull("error")).isTrue();
    assertThat(first.getString("finishedAt")).isNotNull();
    // A tree within a metre of an older one of the same species (in the database, or earlier in the
    // file) is a warning.
    int expectedWarnings = nearWarnings(before, census);
    assertThat(first.getInt("warned")).isEqualTo(expectedWarnings);
    assertThat(dry.getInt("warned")).isEqualTo(expectedWarnings);
    assertThat(first.getJsonArray("warnings")).hasSize(Math.min(1000, expectedWarnings));
    assertThat(first.getJsonObject("warningsByCode").toString())
        .isEqualTo("{\"NEAR_SAME_SPECIES\":" + expectedWarnings + "}");
    assertThat(first.getJsonObject("errorsByCode")).isEmpty();

    assertThat(imported()).isEqualTo(10_189);
    assertThat(countBy("status")).isEqualTo(Map.of("alive", 9_738L, "dead", 227L, "stump", 224L));
    assertThat(countBy("coalesce(health_status, 'none')"))
        .isEqualTo(
            Map.of(
                "healthy",
                7_119L,
                "needs_attention",
                2_048L,
                "critical",
                571L,
                "dead",
                227L,
                "none",
                224L));
    // 99 distinct spc_latin values, one of them empty (the 451 dead trees and stumps): 98 species.
    assertThat(count("SELECT count(DISTINCT species_id)" + CENSUS_TREES)).isEqualTo(98);
    assertThat(count("SELECT count(*)" + CENSUS_TREES + " AND t.species_id IS NULL"))
        .isEqualTo(451);
    assertThat(
            count(
                "SELECT count(*)"
                    + CENSUS_TREES
                    + " AND t.species_id = (SELECT id FROM species WHERE scientific_name = 'Platanus x acerifolia')"))
        .isEqualTo(1_489);
    // DBH in inches, to cm: 3 in is 7.6 cm; 281 in (a data error, kept) is 713.7 cm; 0 is "not
    // measured".
    assertThat(dbhCm("194405")).isEqualTo(7.6);
    assertThat(dbhCm(treeIdWithDbhInches(census, "281"))).isEqualTo(713.7);
    assertThat(count("SELECT count(*)" + CENSUS_TREES + " AND t.dbh_cm IS NULL")).isEqualTo(229);
    JsonObject tree = api().get("/api/v1/trees/" + idOf("194405")).json();
    assertThat(tree.getJsonObject("species").getString("scientificName"))
        .isEqualTo("Gleditsia triacanthos var. inermis");
    assertThat(tree.getJsonObject("location").toString())
        .isEqualTo(
            "{\"lat\":40.78306747,\"lng\":-73.95731556,\"address\":\"1244 MADISON AVENUE\"}");
    assertThat(tree.getString("status")).isEqualTo("alive");
    assertThat(tree.getString("healthStatus")).isEqualTo("healthy");

    // The audit trail has each imported tree's creation, by the admin who submitted the file, in
    // the
    // same transactions as the rows (the worker wrote them).
    assertThat(
            count(
                "SELECT count(*)"
                    + CENSUS_TREES
                    + " AND EXISTS (SELECT 1 FROM audit_event a WHERE a.entity = 'tree'"
                    + " AND a.entity_id = t.id AND a.action = 'create' AND a.username = 'admin'"
                    + " AND a.after ->> 'external_id' = t.external_id)"))
        .isEqualTo(10_189);

    JsonObject again = Imports.run(api(), "format=nyc-2015", "text/csv", census);
    assertThat(Imports.counts(again)).as(again.toString()).isEqualTo("succeeded 0/0/10189/0");
    // Every tree stays where it was: nothing to warn of, the second time as the first.
    assertThat(again.getInt("warned")).isZero();
    assertThat(again.getJsonArray("warnings")).isEmpty();
    assertThat(again.getJsonObject("warningsByCode")).isEmpty();
    assertThat(imported()).isEqualTo(10_189);
    // Nothing changed, nothing audited: still one event per tree.
    assertThat(
            count(
                "SELECT count(*) FROM audit_event a JOIN tree t ON t.id = a.entity_id AND a.entity = 'tree'"
                    + " WHERE t.external_id = ANY(?)"))
        .isEqualTo(10_189);
    // Unchanged: version 1 for the API, 0 in the column (which counts from 0 as Hibernate does).
    assertThat(count("SELECT max(t.version)" + CENSUS_TREES)).isZero();
    assertThat(api().get("/api/v1/trees/" + idOf("194405")).json().getInt("version")).isEqualTo(1);
    // The file is not kept once its import has ended.
    assertThat(
            TestEnvironment.queryLong(
                "SELECT count(*) FROM job_file_chunk WHERE job_id = ?::uuid",
                again.getString("id")))
        .isZero();
  }

  static byte[] census() {
    try (InputStream in = NycImportIT.class.getResourceAsStream(CENSUS)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private long imported() {
    return count("SELECT count(*)" + CENSUS_TREES);
  }

  private long count(String sql) {
    List<Long> counts = new ArrayList<>();
    query(sql, rows -> counts.add(rows.getLong(1)), (Object) censusIds);
    return counts.get(0);
  }

  private Map<String, Long> countBy(String expression) {
    Map<String, Long> counts = new HashMap<>();
    query(
        "SELECT " + expression + ", count(*)" + CENSUS_TREES + " GROUP BY 1",
        rows -> counts.put(rows.getString(1), rows.getLong(2)),
        (Object) censusIds);
    return counts;
  }

  private static double dbhCm(String treeId) {
    List<Double> dbh = new ArrayList<>();
    query(
        "SELECT dbh_cm FROM tree WHERE external_id = 'nyc-2015:" + treeId + "'",
        rows -> dbh.add(rows.getDouble(1)));
    return dbh.get(0);
  }

  private static String idOf(String treeId) {
    List<String> ids = new ArrayList<>();
    query(
        "SELECT id FROM tree WHERE external_id = 'nyc-2015:" + treeId + "'",
        rows -> ids.add(rows.getString(1)));
    return ids.get(0);
  }

  private static String treeIdWithDbhInches(byte[] census, String inches) {
    return records(census).stream()
        .filter(r -> r.get("tree_dbh").equals(inches))
        .findFirst()
        .orElseThrow()
        .get("tree_id");
  }

  private static List<CSVRecord> records(byte[] census) {
    try {
      return CSVFormat.RFC4180
          .builder()
          .setHeader()
          .setSkipHeaderRecord(true)
          .get()
          .parse(
              new InputStreamReader(
                  new java.io.ByteArrayInputStream(census), StandardCharsets.UTF_8))
          .getRecords();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Point(String species, double lat, double lng) {}

  private static List<Point> speciesTreesAroundNewYork() {
    List<Point> points = new ArrayList<>();
    query(
        "SELECT lower(s.scientific_name), t.lat, t.lng FROM tree t JOIN species s ON s.id = t.species_id"
            + " WHERE t.deleted_at IS NULL AND t.lat BETWEEN 40.3 AND 41.1 AND t.lng BETWEEN -74.5 AND -73.5",
        rows -> points.add(new Point(rows.getString(1), rows.getDouble(2), rows.getDouble(3))));
    return points;
  }

  /**
   * Brute force over a grid of about 11 m cells: rows with a same-species tree within 1 m already
   * there.
   */
  private static int nearWarnings(List<Point> before, byte[] census) {
    Map<String, List<Point>> grid = new HashMap<>();
    before.forEach(
        point -> grid.computeIfAbsent(cell(point, 0, 0), k -> new ArrayList<>()).add(point));
    int warnings = 0;
    for (CSVRecord row : records(census)) {
      if (row.get("spc_latin").isEmpty()) {
        continue;
      }
      Point point =
          new Point(
              row.get("spc_latin").toLowerCase(Locale.ROOT),
              Double.parseDouble(row.get("latitude")),
              Double.parseDouble(row.get("longitude")));
      boolean near = false;
      for (int dLat = -1; dLat <= 1 && !near; dLat++) {
        for (int dLng = -1; dLng <= 1 && !near; dLng++) {
          for (Point other : grid.getOrDefault(cell(point, dLat, dLng), List.of())) {
            if (other.species().equals(point.species()) && metres(point, other) <= 1) {
              near = true;
              break;
            }
          }
        }
      }
      warnings += near ? 1 : 0;
      grid.computeIfAbsent(cell(point, 0, 0), k -> new ArrayList<>()).add(point);
    }
    return warnings;
  }

  private static String cell(Point point, int dLat, int dLng) {
    return ((long) Math.floor(point.lat() * 10_000) + dLat)
        + ":"
        + ((long) Math.floor(point.lng() * 10_000) + dLng);
  }

  private static double metres(Point a, Point b) {
    double dLat = Math.toRadians(b.lat() - a.lat());
    double dLng = Math.toRadians(b.lng() - a.lng());
    double h =
        Math.pow(Math.sin(dLat / 2), 2)
            + Math.cos(Math.toRadians(a.lat()))
                * Math.cos(Math.toRadians(b.lat()))
                * Math.pow(Math.sin(dLng / 2), 2);
    return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  private interface RowReader {
    void read(ResultSet rows) throws SQLException;
  }

  private static void query(String sql, RowReader reader, Object... params) {
    try (Connection connection = TestEnvironment.database().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(
            i + 1,
            params[i] instanceof String[] array
                ? connection.createArrayOf("text", array)
                : params[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          reader.read(rows);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
