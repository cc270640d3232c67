package io.treenetra.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.deploy.Tools;
import io.treenetra.support.Api;
import io.treenetra.support.LaunchedServer;
import io.treenetra.support.PgServer;
import io.treenetra.support.S3Server;
import io.treenetra.support.TestEnvironment;
import jakarta.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Point-in-time recovery as the deployment runs it: pgBackRest with the policy of {@code
 * k8s/backup/pgbackrest.conf} archiving a real PostgreSQL 15 primary's WAL into a file-system
 * repository and into S3 (S3Proxy over HTTPS, encrypted), the daily backup of {@code
 * k8s/backup/pgbackrest-backup.sh}, and {@code scripts/pitr-restore.sh} and {@code
 * scripts/release-snapshot.sh} run as an operator runs them. Writes go through a TreeNetra instance
 * in three batches; a restore to the time between the second and the third holds exactly the first
 * two, row for row, from either repository; the release snapshot taken after the first holds
 * exactly the first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PointInTimeRecoveryIT {

  private static final String STANZA = "treenetra";
  private static final int ARCHIVE_TIMEOUT_SECONDS = 60;
  private static final List<String> TABLES =
      List.of("species", "tree", "inspection", "audit_event");

  private static Path root;
  private static S3Server s3;
  private static PgServer primary;
  private static LaunchedServer server;
  private static Api api;
  private static final List<PgServer> restored = new ArrayList<>();

  private static final List<String> batch1 = new ArrayList<>();
  private static final List<String> batch2 = new ArrayList<>();
  private static final List<String> batch3 = new ArrayList<>();
  private static Map<String, String> afterBatch1;
  private static Map<String, String> afterBatch2;
  private static Map<String, String> afterBatch3;
  private static String betweenBatch2And3;
  private static long archiveFailuresAfterSetUp;

  @BeforeAll
  static void start() throws Exception {
    TestEnvironment.start();
    Tools.require("pgbackrest", "pgbackrest");
    Tools.require("jq", "jq");
    root = PgServer.workDirectory("treenetra-pitr");
    String key = "pitr-" + random(6);
    String secret = random(20);
    s3 = S3Server.secure(root.resolve("s3"), "backups", key, secret);
    Path bin = Files.createDirectories(root.resolve("bin"));
    for (String script :
        List.of(
            "scripts/pitr-restore.sh",
            "scripts/release-snapshot.sh",
            "k8s/backup/pgbackrest-backup.sh")) {
      Path copy = bin.resolve(Path.of(script).getFileName());
      Files.copy(Path.of(script), copy, StandardCopyOption.REPLACE_EXISTING);
      copy.toFile().setExecutable(true, false);
    }
    Files.copy(Path.of("k8s/backup/pgbackrest.conf"), root.resolve("pgbackrest.conf"));
    primary =
        PgServer.primary(
            root,
            "primary",
            List.of(
                "archive_mode = on",
                "archive_command = 'pgbackrest --config="
                    + root.resolve("pgbackrest.conf")
                    + " --config-include-path="
                    + root.resolve("conf.d")
                    + " --stanza="
                    + STANZA
                    + " archive-push %p'",
                "archive_timeout = " + ARCHIVE_TIMEOUT_SECONDS));
    writeSiteConfiguration(key, secret);
    pgbackrest("stanza-create");
    server =
        new LaunchedServer(
                LaunchedServer.freePort(),
                Map.of(
                    "DB_URL", primary.jdbcUrl(),
                    "DB_USER", "postgres",
                    "DB_PASSWORD", "unused",
                    "TREENETRA_RATELIMIT_ENABLED", "false"))
            .start();
    server.awaitReady();
    api = server.api();
    Script daily = script("pgbackrest-backup.sh");
    assertThat(daily.exitCode()).as(daily.output()).isZero();
    archiveFailuresAfterSetUp =
        Long.parseLong(primary.query("SELECT failed_count FROM pg_stat_archiver"));
  }

  /** Where things are on this machine: what docs/operations.md's site file holds. */
  private static void writeSiteConfiguration(String key, String secret) throws Exception {
    Path site = Files.createDirectories(root.resolve("conf.d")).resolve("site.conf");
    List<String> lines = new ArrayList<>();
    lines.add("[global]");
    lines.add("repo1-path=" + root.resolve("repo1"));
    for (String repo : List.of("repo2", "repo3")) {
      lines.add(repo + "-s3-endpoint=127.0.0.1");
      lines.add(repo + "-storage-port=" + s3.endpoint().getPort());
      lines.add(repo + "-storage-ca-file=" + s3.certificate());
      lines.add(repo + "-s3-bucket=backups");
      lines.add(repo + "-s3-region=us-east-1");
      lines.add(repo + "-s3-key=" + key);
      lines.add(repo + "-s3-key-secret=" + secret);
      lines.add(repo + "-cipher-type=aes-256-cbc");
      lines.add(repo + "-cipher-pass=" + random(24));
    }
    lines.add("repo2-path=/pgbackrest");
    lines.add("repo3-path=/releases");
    lines.add("log-path=" + root.resolve("log"));
    lines.add("lock-path=" + root.resolve("lock"));
    lines.add("");
    lines.add("[" + STANZA + "]");
    lines.add("pg1-path=" + primary.dir());
    lines.add("pg1-port=" + primary.port());
    lines.add("pg1-socket-path=" + root);
    Files.write(site, lines, StandardCharsets.UTF_8);
    Files.createDirectories(root.resolve("repo1"));
    Files.createDirectories(root.resolve("log"));
    Files.createDirectories(root.resolve("lock"));
    own();
  }

  private static void own() throws IOException, InterruptedException {
    if ("root".equals(System.getProperty("user.name"))) {
      PgServer.run(List.of("chown", "-R", "postgres:postgres", root.toString()));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.kill();
    }
    for (PgServer restoredServer : restored) {
      restoredServer.close();
    }
    if (primary != null) {
      primary.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  @Order(1)
  void theDailyBackupIsInBothRepositoriesAndWalIsArchivedToAllThree() throws Exception {
    String info = pgbackrest("--output=json", "info");
    var stanza = Json.createReader(new java.io.StringReader(info)).readArray().getJsonObject(0);
    Map<Integer, Long> fullBackups = new LinkedHashMap<>();
    for (var backup : stanza.getJsonArray("backup").getValuesAs(jakarta.json.JsonObject.class)) {
      assertThat(backup.getString("type")).isEqualTo("full");
      fullBackups.merge(backup.getJsonObject("database").getInt("repo-key"), 1L, Long::sum);
    }
    assertThat(fullBackups).as(info).containsExactly(Map.entry(1, 1L), Map.entry(2, 1L));
    List<String> repos = new ArrayList<>();
    for (var repo : stanza.getJsonArray("repo").getValuesAs(jakarta.json.JsonObject.class)) {
      repos.add(
          repo.getInt("key")
              + ":"
              + repo.getString("cipher")
              + ":"
              + repo.getJsonObject("status").getInt("code"));
    }
    // repo3 holds WAL but no backup yet: pgBackRest's status 2, "no valid backups".
    assertThat(repos).as(info).containsExactly("1:none:0", "2:aes-256-cbc:0", "3:aes-256-cbc:2");
    assertThat(pgbackrest("check")).contains("check command end: completed successfully");
  }

  @Test
  @Order(2)
  void batchOneThenAReleaseSnapshotThatIsListed() throws Exception {
    writeBatch("b1", batch1);
    afterBatch1 = checksums(primary);
    Script snapshot = script("release-snapshot.sh", "v1.0.0");
    assertThat(snapshot.exitCode()).as(snapshot.output()).isZero();
    assertThat(snapshot.output())
        .containsPattern("snapshot v1\\.0\\.0: backup \\d{8}-\\d{6}F, \\d{4}-");
    Script list = script("release-snapshot.sh", "--list");
    assertThat(list.exitCode()).as(list.output()).isZero();
    assertThat(list.output().strip().lines().toList())
        .singleElement()
        .asString()
        .matches("v1\\.0\\.0\t\\d{8}-\\d{6}F\t\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
  }

  @Test
  @Order(3)
  void batchesTwoAndThreeAreArchivedWithinTheArchiveTimeout() throws Exception {
    Api.Response species =
        api.post(
            "/api/v1/species",
            "{\"scientificName\":\"Quercus pitr\",\"commonName\":\"recovery oak\"}");
    assertThat(species.status()).as("%s", species).isEqualTo(201);
    writeBatch("b2", batch2);
    afterBatch2 = checksums(primary);
    betweenBatch2And3 =
        primary.query(
            "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'");
    Thread.sleep(1_100);
    writeBatch("b3", batch3);
    afterBatch3 = checksums(primary);
    assertThat(afterBatch3).isNotEqualTo(afterBatch2);
    assertThat(afterBatch2).isNotEqualTo(afterBatch1);

    // RPO: nothing forces a segment switch here; archive_timeout does.
    String lastWrite = primary.query("SELECT pg_walfile_name(pg_current_wal_lsn())");
    long written = System.nanoTime();
    String archived = "";
    while (archived.compareTo(lastWrite) < 0
        && System.nanoTime() - written < TimeUnit.SECONDS.toNanos(3 * ARCHIVE_TIMEOUT_SECONDS)) {
      Thread.sleep(200);
      String last = primary.query("SELECT last_archived_wal FROM pg_stat_archiver");
      archived = last == null ? "" : last;
    }
    double seconds = (System.nanoTime() - written) / 1e9;
    Files.createDirectories(Path.of("target/bench"));
    Files.writeString(
        Path.of("target/bench/pitr.txt"),
        String.format("rpo_seconds=%.2f archive_timeout=%d%n", seconds, ARCHIVE_TIMEOUT_SECONDS));
    assertThat(archived)
        .as("the last write's WAL segment archived")
        .isGreaterThanOrEqualTo(lastWrite);
    assertThat(seconds)
        .as("seconds from the last write to its WAL archived")
        .isLessThan(ARCHIVE_TIMEOUT_SECONDS + 10.0);
    assertThat(Long.parseLong(primary.query("SELECT failed_count FROM pg_stat_archiver")))
        .as("archive failures since set-up")
        .isEqualTo(archiveFailuresAfterSetUp);
  }

  @Test
  @Order(4)
  void aRestoreFromTheFileSystemRepositoryToTheSecondTimeHoldsExactlyTheFirstTwoBatches()
      throws Exception {
    PgServer server = restore("restored-fs", "--time", betweenBatch2And3, "1");
    assertThat(externalIds(server)).containsExactlyElementsOf(concat(batch1, batch2));
    assertThat(checksums(server)).isEqualTo(afterBatch2);
  }

  @Test
  @Order(5)
  void aRestoreFromS3ToTheSecondTimeHoldsExactlyTheFirstTwoBatches() throws Exception {
    PgServer server = restore("restored-s3", "--time", betweenBatch2And3, "2");
    assertThat(externalIds(server)).containsExactlyElementsOf(concat(batch1, batch2));
    assertThat(checksums(server)).isEqualTo(afterBatch2);
  }

  @Test
  @Order(6)
  void theReleaseSnapshotRestoresToExactlyTheFirstBatch() throws Exception {
    PgServer server = restore("restored-release", "--snapshot", "v1.0.0");
    assertThat(externalIds(server)).containsExactlyElementsOf(batch1);
    assertThat(checksums(server)).isEqualTo(afterBatch1);
  }

  @Test
  @Order(7)
  void theScriptsRefuseBadInputAndChangeNothing() throws Exception {
    Path occupied = Files.createDirectories(root.resolve("occupied"));
    Files.writeString(occupied.resolve("PG_VERSION"), "15\n");
    own();
    String empty = root.resolve("never-made").toString();
    assertRefused(
        script("pitr-restore.sh", "--time", betweenBatch2And3, occupied.toString()),
        "pitr-restore.sh: "
            + occupied
            + " is not empty: restore into an empty directory (a cluster is never overwritten)");
    assertRefused(
        script("pitr-restore.sh", "--time", "2026-12-02 14:05:00", empty),
        "pitr-restore.sh: '2026-12-02 14:05:00' is not a time with its zone, such as"
            + " '2026-12-02 14:05:00+00'");
    assertRefused(
        script("pitr-restore.sh", "--time", "2026-02-30 14:05:00+00", empty),
        "pitr-restore.sh: '2026-02-30 14:05:00+00' is not a time with its zone, such as"
            + " '2026-12-02 14:05:00+00'");
    assertRefused(
        script("pitr-restore.sh", "--time", "yesterday", empty),
        "pitr-restore.sh: 'yesterday' is not a time with its zone, such as"
            + " '2026-12-02 14:05:00+00'");
    assertRefused(
        script("pitr-restore.sh", "--time", betweenBatch2And3, empty, "3"),
        "pitr-restore.sh: REPO must be 1 (file system) or 2 (S3), not '3'");
    String usage =
        "pitr-restore.sh: usage: pitr-restore.sh --time 'YYYY-MM-DD HH:MM:SS[.ffffff]+ZZ'"
            + " DATA_DIR [1|2] | --snapshot LABEL DATA_DIR";
    assertRefused(script("pitr-restore.sh", "--time", betweenBatch2And3), usage);
    assertRefused(script("pitr-restore.sh", "--at", betweenBatch2And3, empty), usage);
    assertRefused(script("pitr-restore.sh", "--snapshot", "v1.0.0", empty, "1"), usage);
    assertRefused(
        script("pitr-restore.sh", "--snapshot", "v9.9.9", empty),
        "pitr-restore.sh: no release snapshot labelled 'v9.9.9' (scripts/release-snapshot.sh"
            + " --list)");
    assertThat(root.resolve("never-made")).doesNotExist();
    assertThat(occupied.toFile().list()).containsExactly("PG_VERSION");

    assertRefused(
        script("release-snapshot.sh", "v1.0.0"),
        "release-snapshot.sh: a snapshot labelled 'v1.0.0' exists already");
    String notALabel =
        " is not a label: letters, digits, '.', '_' and '-', at most 64, starting with a letter"
            + " or digit";
    for (String label : List.of("", "-v1", "v1 beta", "v1/2", "x".repeat(65), "v1;rm")) {
      assertRefused(
          script("release-snapshot.sh", label), "release-snapshot.sh: '" + label + "'" + notALabel);
    }
    assertRefused(
        script("release-snapshot.sh"),
        "release-snapshot.sh: usage: release-snapshot.sh LABEL | --list");
    assertRefused(
        script("release-snapshot.sh", "a", "b"),
        "release-snapshot.sh: usage: release-snapshot.sh LABEL | --list");
    Script list = script("release-snapshot.sh", "--list");
    assertThat(list.output().strip().lines().map(line -> line.split("\t")[0]).toList())
        .containsExactly("v1.0.0");
  }

  private static void assertRefused(Script script, String message) {
    assertThat(script.exitCode()).as(script.output()).isEqualTo(2);
    assertThat(script.output().strip()).isEqualTo(message);
  }

  private static PgServer restore(String name, String... arguments) throws Exception {
    List<String> all = new ArrayList<>(List.of(arguments));
    all.add(2, root.resolve(name).toString());
    Script restore = script("pitr-restore.sh", all.toArray(String[]::new));
    assertThat(restore.exitCode()).as(restore.output()).isZero();
    PgServer server = PgServer.restored(root, name, List.of());
    restored.add(server);
    return server;
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  /** Twenty trees, a health record on every other one and an edit of every fifth, by the API. */
  private static void writeBatch(String name, List<String> externalIds) {
    for (int i = 0; i < 20; i++) {
      String externalId = String.format("pitr-%s-%02d", name, i);
      Api.Response created =
          api.post(
              "/api/v1/trees",
              "{\"externalId\":\""
                  + externalId
                  + "\",\"location\":{\"lat\":40.7"
                  + i
                  + ",\"lng\":-73.9},\"status\":\"alive\",\"dbhCm\":"
                  + (10 + i)
                  + ",\"tags\":[\"pitr\"]}");
      assertThat(created.status()).as("%s", created).isEqualTo(201);
      String id = created.json().getString("id");
      if (i % 5 == 0) {
        Api.Response patched =
            api.patch(
                "/api/v1/trees/" + id,
                "{\"notes\":\"pruned in batch " + name + "\"}",
                "Content-Type",
                "application/merge-patch+json",
                "If-Match",
                created.header("ETag"));
        assertThat(patched.status()).as("%s", patched).isEqualTo(200);
      }
      if (i % 2 == 0) {
        Api.Response record =
            api.post(
                "/api/v1/trees/" + id + "/health-records",
                "{\"inspectedAt\":\"2026-11-0"
                    + (1 + i % 9)
                    + "T10:00:00Z\",\"healthStatus\":\"needs_attention\",\"crownDieback\":"
                    + i
                    + "}");
        assertThat(record.status()).as("%s", record).isEqualTo(201);
      }
      externalIds.add(externalId);
    }
  }

  private static List<String> externalIds(PgServer server) throws Exception {
    String ids =
        server.query(
            "SELECT string_agg(external_id, ',' ORDER BY external_id) FROM tree"
                + " WHERE external_id LIKE 'pitr-%'");
    return ids == null ? List.of() : List.of(ids.split(","));
  }

  /** Per table: its row count and the MD5 of all its rows as text, in a fixed order. */
  private static Map<String, String> checksums(PgServer server) throws Exception {
    Map<String, String> sums = new LinkedHashMap<>();
    for (String table : TABLES) {
      sums.put(
          table,
          server.query(
              "SELECT count(*) || ' ' || coalesce(md5(string_agg(r::text, E'\\n' ORDER BY"
                  + " r::text)), '-') FROM "
                  + table
                  + " r"));
    }
    return sums;
  }

  private record Script(int exitCode, String output) {}

  /** One of the scripts, as the database's user, with this test's pgBackRest configuration. */
  private static Script script(String name, String... arguments) throws Exception {
    List<String> command = new ArrayList<>(serverUser());
    command.add(root.resolve("bin").resolve(name).toString());
    command.addAll(List.of(arguments));
    Process process =
        new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(300, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    return new Script(process.exitValue(), output);
  }

  private static String pgbackrest(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(serverUser());
    command.add("pgbackrest");
    command.add("--stanza=" + STANZA);
    command.addAll(List.of(arguments));
    return PgServer.run(command);
  }

  private static List<String> serverUser() {
    List<String> command = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.addAll(
        List.of(
            "env",
            "PGBACKREST_CONFIG=" + root.resolve("pgbackrest.conf"),
            "PGBACKREST_CONFIG_INCLUDE_PATH=" + root.resolve("conf.d")));
    return command;
  }

  private static String random(int bytes) {
    byte[] value = new byte[bytes];
    new SecureRandom().nextBytes(value);
    return HexFormat.of().formatHex(value);
  }
}
