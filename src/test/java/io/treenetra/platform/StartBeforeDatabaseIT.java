package io.treenetra.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.Api;
import io.treenetra.support.LaunchedServer;
import io.treenetra.support.TestTokens;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A server started before its database: not ready and 503 (never 500) while the database is away
 * and while the schema is being migrated once it arrives, then ready and serving.
 */
class StartBeforeDatabaseIT {

  @Test
  void answers503UntilTheSchemaIsMigratedThenServes() throws Exception {
    int databasePort = LaunchedServer.freePort();
    LaunchedServer server =
        new LaunchedServer(
                LaunchedServer.freePort(),
                Map.of(
                    "DB_URL", "jdbc:postgresql://localhost:" + databasePort + "/postgres",
                    "DB_USER", "postgres",
                    "DB_PASSWORD", "test"))
            .start();
    EmbeddedPostgres database = null;
    try {
      // A token made with the servers' key: no user can sign in before the database is there.
      Api api = server.api().withToken(TestTokens.admin());
      long deadline = System.nanoTime() + 180_000_000_000L;
      // Deployed: liveness answers (before that, the port may be open with nothing behind it).
      while (!live(api)) {
        assertThat(System.nanoTime()).as("deployed within 180 s").isLessThan(deadline);
        Thread.sleep(250);
      }
      Api.Response first = api.get("/api/v1/species?limit=1");
      assertThat(first.status()).as(first.toString()).isEqualTo(503);
      assertThat(first.json().getString("code")).isEqualTo("SERVICE_UNAVAILABLE");
      assertThat(first.header("Retry-After")).isEqualTo("5");
      assertThat(api.get("/ready").status()).isEqualTo(503);

      database = EmbeddedPostgres.builder().setPort(databasePort).start();
      // Every answer from the database's arrival to readiness: 503 or 200, nothing else.
      List<Integer> statuses = new ArrayList<>();
      while (api.get("/ready").status() != 200) {
        statuses.add(api.get("/api/v1/species?limit=1").status());
        assertThat(System.nanoTime()).as("ready within 180 s").isLessThan(deadline);
        Thread.sleep(20);
      }
      assertThat(statuses).isNotEmpty().allMatch(status -> status == 503 || status == 200);
      Api.Response species = api.get("/api/v1/species?limit=1");
      assertThat(species.status()).isEqualTo(200);
      assertThat(species.data()).hasSize(1);
    } finally {
      server.kill();
      if (database != null) {
        database.close();
      }
    }
  }

  private static boolean live(Api api) {
    try {
      return api.get("/health").status() == 200;
    } catch (RuntimeException notListening) {
      return false;
    }
  }
}
