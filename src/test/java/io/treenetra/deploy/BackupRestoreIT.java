package io.treenetra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.ApiIT;
import io.treenetra.support.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The restore drill of docs/operations.md, as the operator runs it: the backup script (the daily
 * CronJob's) dumps the service's populated database, the restore script loads it into a fresh one,
 * and every table comes back with the same rows: equal counts and an equal checksum of the rows.
 */
class BackupRestoreIT extends ApiIT {

  @Test
  void aBackupRestoresEveryRowOfEveryTable() throws Exception {
    Tools.require("pg_dump", "postgresql-client");
    // Data of every kind the service writes, whatever else the suite has written before.
    String tree =
        api()
            .post(
                "/api/v1/trees",
                "{\"location\":{\"lat\":40.71,\"lng\":-74.0},\"status\":\"alive\","
                    + "\"scientificName\":\"Acer rubrum\",\"tags\":[\"drill\"],\"notes\":\"restore drill\"}")
            .json()
            .getString("id");
    assertThat(
            api()
                .post(
                    "/api/v1/trees/" + tree + "/health-records",
                    "{\"healthStatus\":\"critical\",\"inspectedAt\":\"2026-11-01T10:00:00Z\"}")
                .status())
        .isEqualTo(201);
    assertThat(api().patch("/api/v1/trees/" + tree, "{\"dbhCm\":33.3}").status()).isEqualTo(200);

    Path dump = Files.createTempFile("treenetra-drill", ".dump");
    // The server's background work (job leases, statistics folds) may write meanwhile: the dump is
    // compared with a database that was the same just before and just after it.
    Map<String, String> before = null;
    for (int attempt = 1; attempt <= 5 && before == null; attempt++) {
      Map<String, String> first = fingerprint(TestEnvironment.database());
      Tools.Result backup =
          Tools.run(
              List.of(
                  "env",
                  "PGHOST=localhost",
                  "PGPORT=" + TestEnvironment.port(),
                  "PGUSER=postgres",
                  "PGPASSWORD=test",
                  "PGDATABASE=postgres",
                  "bash",
                  "k8s/backup/backup.sh",
                  dump.toString()));
      assertThat(backup.exitCode()).as(backup.output()).isZero();
      Map<String, String> last = fingerprint(TestEnvironment.database());
      before = first.equals(last) ? first : null;
    }
    assertThat(before).as("a quiet moment for the dump in five attempts").isNotNull();

    TestEnvironment.freshDatabase("drill");
    Tools.Result restore =
        Tools.run(
            List.of(
                "env",
                "PGHOST=localhost",
                "PGPORT=" + TestEnvironment.port(),
                "PGUSER=postgres",
                "PGPASSWORD=test",
                "PGDATABASE=drill",
                "bash",
                "scripts/restore.sh",
                dump.toString()));
    assertThat(restore.exitCode()).as(restore.output()).isZero();
    Map<String, String> after = fingerprint(TestEnvironment.database("drill"));

    assertThat(before)
        .containsKeys(
            "tree", "species", "inspection", "app_user", "audit_event", "flyway_schema_history");
    assertThat(Long.parseLong(before.get("tree").split(" ")[0])).isPositive();
    assertThat(after).isEqualTo(before);

    // A second restore over the restored database is refused: it would mix two databases' rows.
    Tools.Result again =
        Tools.run(
            List.of(
                "env",
                "PGHOST=localhost",
                "PGPORT=" + TestEnvironment.port(),
                "PGUSER=postgres",
                "PGPASSWORD=test",
                "PGDATABASE=drill",
                "bash",
                "scripts/restore.sh",
                dump.toString()));
    assertThat(again.exitCode()).isNotZero();
    assertThat(again.output()).contains("restore into an empty database");
    assertThat(fingerprint(TestEnvironment.database("drill"))).isEqualTo(before);
    Files.delete(dump);
  }

  /** Per table of the public schema: its row count and the md5 of its rows' md5s in order. */
  private static Map<String, String> fingerprint(DataSource database) throws Exception {
    Map<String, String> tables = new TreeMap<>();
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement()) {
      List<String> names = new ArrayList<>();
      try (ResultSet rows =
          statement.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
        while (rows.next()) {
          names.add(rows.getString(1));
        }
      }
      for (String name : names) {
        try (ResultSet rows =
            statement.executeQuery(
                "SELECT count(*), md5(coalesce(string_agg(md5(t::text), '' ORDER BY"
                    + " md5(t::text)), '')) FROM \""
                    + name
                    + "\" t")) {
          rows.next();
          tables.put(name, rows.getLong(1) + " " + rows.getString(2));
        }
      }
    }
    return tables;
  }
}
