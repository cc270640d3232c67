package io.treenetra.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The run command's embedded database: as durable as a real one, and its data kept across starts.
 */
class DevLauncherTest {

  @Test
  void theEmbeddedDatabaseAcknowledgesACommitOnlyOnceItIsOnDiskAndKeepsItsData() throws Exception {
    Path dataDir = Files.createTempDirectory("treenetra-launcher");
    try (EmbeddedPostgres postgres = DevLauncher.startPostgres(dataDir)) {
      assertThat(value(postgres, "SHOW synchronous_commit")).isEqualTo("on");
      assertThat(value(postgres, "SHOW fsync")).isEqualTo("on");
      try (Connection connection = postgres.getDatabase("postgres", "treenetra").getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE kept (value text)");
        statement.execute("INSERT INTO kept VALUES ('first start')");
      }
    }
    try (EmbeddedPostgres postgres = DevLauncher.startPostgres(dataDir);
        Connection connection = postgres.getDatabase("postgres", "treenetra").getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT string_agg(value, ',') FROM kept")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("first start");
    }
  }

  private static String value(EmbeddedPostgres postgres, String sql) throws SQLException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
