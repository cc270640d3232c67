package io.treenetra.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.Api;
import io.treenetra.support.ApiIT;
import io.treenetra.support.Imports;
import io.treenetra.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Row by row: each bad row reported by its number and column, the good ones imported; atomic;
 * updates; warnings.
 */
class ImportRowsIT extends ApiIT {

  private static byte[] csv(String... lines) {
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static String run() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  /** A file of good and bad rows in the treenetra layout; the header is row 1. */
  private static byte[] mixed(String prefix) {
    return csv(
        "externalId,scientificName,lat,lng,status,healthStatus,dbhCm,tags,notes",
        prefix + "-1,Acer rubrum,10.5,20.5,alive,healthy,12.5,,",
        prefix + "-2,,95,20.5,alive,,,,",
        prefix + "-3,,10.5,20.5,,,,,",
        prefix + "-4,Quercus imaginaria,10.5,20.5,alive,,,,",
        prefix + "-5,,10.5,20.5,alive,,abc,,",
        prefix + "-6,,10.5,20.5",
        prefix + "-7,,10.5,20.5,alive,sick,,,",
        prefix + "-8,,10.5,20.5,alive,,-3,,",
        "\"" + prefix + "-9\",,10.5,20.5,alive,,,a|b,\"notes, with a comma\"",
        prefix + "-1,,10.6,20.6,alive,,,,");
  }

  @Test
  void eachBadRowIsReportedByNumberAndColumnAndTheGoodRowsAreImported() {
    String prefix = "mixed-" + run();
    JsonObject job = Imports.run(api(), "format=treenetra", "text/csv", mixed(prefix));
    // Rows 2 and 10 are new trees; row 11 repeats row 2's externalId and updates it (the last row
    // wins).
    assertThat(Imports.counts(job)).as(job.toString()).isEqualTo("succeeded 2/1/0/7");
    assertThat(job.getBoolean("partial")).isTrue();
    assertThat(job.getString("summary"))
        .isEqualTo(
            "7 of 10 rows failed (see errors); the other 3 were imported: inserted 2, updated 1,"
                + " skipped 0");
    assertThat(job.getInt("rowsTotal")).isEqualTo(10);
    assertThat(job.getInt("rowsProcessed")).isEqualTo(10);
    assertThat(Imports.messages(job, "errors"))
        .containsExactly(
            "3 INVALID_VALUE lat: must be between -90 and 90",
            // The row names a tree by its externalId: only a new tree needs a status.
            "4 MISSING_VALUE status: is required for a new tree, and no live tree has the"
                + " externalId "
                + prefix
                + "-3",
            "5 UNKNOWN_SPECIES scientificName: 'Quercus imaginaria' is neither a scientific nor a common"
                + " name of the species catalogue, nor close to one; create the species first, or"
                + " import with createSpecies=true",
            "6 INVALID_VALUE dbhCm: must be a number, not 'abc'",
            "7 INVALID_VALUE row: has 4 values where the header has 9 columns",
            "8 INVALID_VALUE healthStatus: must be one of healthy, needs_attention, critical, dead",
            "9 INVALID_VALUE dbhCm: must be greater than 0");
    assertThat(job.getJsonObject("errorsByCode").toString())
        .isEqualTo("{\"INVALID_VALUE\":5,\"MISSING_VALUE\":1,\"UNKNOWN_SPECIES\":1}");
    assertThat(Imports.messages(job, "warnings"))
        .containsExactly(
            "11 DUPLICATE_EXTERNAL_ID externalId: row 2 has the same externalId; this row changes"
                + " the tree that row wrote (the last row wins)");
    assertThat(job.getJsonObject("warningsByCode").toString())
        .isEqualTo("{\"DUPLICATE_EXTERNAL_ID\":1}");
    assertThat(
            TestEnvironment.queryLong(
                "SELECT count(*) FROM tree WHERE external_id LIKE ?", prefix + "-%"))
        .isEqualTo(2);
    JsonObject last = tree(prefix + "-1");
    assertThat(last.getJsonObject("location").getJsonNumber("lat").doubleValue()).isEqualTo(10.6);
    assertThat(last.isNull("species")).isTrue();
    assertThat(last.getInt("version")).isEqualTo(2);
    JsonObject quoted = tree(prefix + "-9");
    assertThat(quoted.getJsonArray("tags").toString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(quoted.getString("notes")).isEqualTo("notes, with a comma");
  }

  @Test
  void aFileWhoseEveryRowFailsEndsFailedAndSaysSo() {
    String prefix = "all-bad-" + run();
    byte[] file =
        csv(
            "externalId,lat,lng,status",
            prefix + "-1,95,20.5,alive",
            prefix + "-2,10.5,20.5,",
            prefix + "-3,10.5,200,alive");
    for (String dryRun : List.of("false", "true")) {
      JsonObject job = Imports.run(api(), "format=treenetra&dryRun=" + dryRun, "text/csv", file);
      assertThat(Imports.counts(job)).as(job.toString()).isEqualTo("failed 0/0/0/3");
      assertThat(job.getString("error"))
          .isEqualTo("Every one of the 3 rows failed, so nothing was imported; the errors say why");
      assertThat(job.getString("summary")).isEqualTo("Nothing was imported");
      assertThat(job.getBoolean("partial")).isFalse();
      assertThat(Imports.messages(job, "errors"))
          .containsExactly(
              "2 INVALID_VALUE lat: must be between -90 and 90",
              "3 MISSING_VALUE status: is required for a new tree, and no live tree has the"
                  + " externalId "
                  + prefix
                  + "-2",
              "4 INVALID_VALUE lng: must be between -180 and 180");
      assertThat(job.getJsonObject("errorsByCode").toString())
          .isEqualTo("{\"INVALID_VALUE\":2,\"MISSING_VALUE\":1}");
    }
    assertThat(
            TestEnvironment.queryLong(
                "SELECT count(*) FROM tree WHERE external_id LIKE ?", prefix + "-%"))
        .isZero();
    // One good row is enough for the import to succeed, with its failed rows counted.
    JsonObject partly =
        Imports.run(
            api(),
            "format=treenetra",
            "text/csv",
            csv("externalId,lat,lng,status", prefix + "-4,95,20.5,alive", prefix + "-5,1,2,alive"));
    assertThat(Imports.counts(partly)).as(partly.toString()).isEqualTo("succeeded 1/0/0/1");
    assertThat(partly.isNull("error")).isTrue();
  }

  @Test
  void aRowNamingAKnownTreeChangesOnlyTheColumnsItCarries() {
    String prefix = "partial-" + run();
    JsonObject created =
        Imports.run(
            api(),
            "format=treenetra",
            "text/csv",
            csv(
                "externalId,scientificName,lat,lng,status,healthStatus,dbhCm,heightM,notes",
                prefix + "-1,Acer rubrum,10.5,20.5,alive,healthy,12.5,6,first"));
    assertThat(Imports.counts(created)).as(created.toString()).isEqualTo("succeeded 1/0/0/0");

    // Only the height, for a tree the file names; a new externalId has no location or status.
    byte[] heights = csv("externalId,heightM", prefix + "-1,7.5", prefix + "-2,3");
    JsonObject update = Imports.run(api(), "format=treenetra", "text/csv", heights);
    assertThat(Imports.counts(update)).as(update.toString()).isEqualTo("succeeded 0/1/0/1");
    assertThat(Imports.messages(update, "errors"))
        .containsExactly(
            "3 MISSING_VALUE null: a new tree needs a location and a status, and no live tree"
                + " has the externalId "
                + prefix
                + "-2");
    JsonObject tree = tree(prefix + "-1");
    assertThat(tree.getJsonNumber("heightM").doubleValue()).isEqualTo(7.5);
    assertThat(tree.getJsonNumber("dbhCm").doubleValue()).isEqualTo(12.5);
    assertThat(tree.getString("status")).isEqualTo("alive");
    assertThat(tree.getString("healthStatus")).isEqualTo("healthy");
    assertThat(tree.getString("notes")).isEqualTo("first");
    assertThat(tree.getJsonObject("species").getString("scientificName")).isEqualTo("Acer rubrum");
    assertThat(tree.getJsonObject("location").getJsonNumber("lat").doubleValue()).isEqualTo(10.5);
    assertThat(tree.getJsonObject("location").getJsonNumber("lng").doubleValue()).isEqualTo(20.5);
    assertThat(tree.getInt("version")).isEqualTo(2);

    // The same file again: nothing changes and nothing is said twice.
    JsonObject again = Imports.run(api(), "format=treenetra", "text/csv", heights);
    assertThat(Imports.counts(again)).as(again.toString()).isEqualTo("succeeded 0/0/1/1");
    assertThat(again.getJsonArray("warnings")).isEmpty();

    // A move needs both coordinates; a status alone is a change of status.
    JsonObject moved =
        Imports.run(
            api(),
            "format=treenetra",
            "text/csv",
            csv("externalId,lat,lng,status", prefix + "-1,10.6,20.6,", prefix + "-1,10.7,,"));
    assertThat(Imports.counts(moved)).as(moved.toString()).isEqualTo("succeeded 0/1/0/1");
    assertThat(Imports.messages(moved, "errors"))
        .containsExactly("3 MISSING_VALUE lng: is required");
    tree = tree(prefix + "-1");
    assertThat(tree.getJsonObject("location").getJsonNumber("lat").doubleValue()).isEqualTo(10.6);
    assertThat(tree.getJsonObject("location").getJsonNumber("lng").doubleValue()).isEqualTo(20.6);
    assertThat(tree.getString("status")).isEqualTo("alive");
    assertThat(tree.getJsonNumber("heightM").doubleValue()).isEqualTo(7.5);
    assertThat(tree.getInt("version")).isEqualTo(3);

    // A GeoJSON feature without a geometry updates the tree its externalId names, where it is.
    String geoJson =
        "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"geometry\": null,"
            + " \"properties\": {\"externalId\": \""
            + prefix
            + "-1\", \"heightM\": 8}}, {\"type\": \"Feature\", \"geometry\": null,"
            + " \"properties\": {\"heightM\": 8, \"status\": \"alive\"}}]}";
    JsonObject features =
        Imports.run(
            api(),
            "format=geojson",
            "application/geo+json",
            geoJson.getBytes(StandardCharsets.UTF_8));
    assertThat(Imports.counts(features)).as(features.toString()).isEqualTo("succeeded 0/1/0/1");
    assertThat(Imports.messages(features, "errors"))
        .containsExactly(
            "2 INVALID_VALUE geometry: must be a Point with coordinates [longitude, latitude]");
    tree = tree(prefix + "-1");
    assertThat(tree.getJsonNumber("heightM").doubleValue()).isEqualTo(8.0);
    assertThat(tree.getJsonObject("location").getJsonNumber("lat").doubleValue()).isEqualTo(10.6);
    assertThat(tree.getString("status")).isEqualTo("alive");
  }

  @Test
  void aRetriedUploadWithItsIdempotencyKeyQueuesNothingNew() {
    String prefix = "idem-" + run();
    String key = "import-" + prefix;
    byte[] file = csv("lat,lng,status,notes", "1,2,alive," + prefix, "3,4,alive," + prefix);
    long jobs = TestEnvironment.queryLong("SELECT count(*) FROM job");
    Api.Response first =
        api()
            .send(
                "POST",
                "/api/v1/imports?format=treenetra",
                file,
                "Content-Type",
                "text/csv",
                "Idempotency-Key",
                key);
    assertThat(first.status()).as(first.toString()).isEqualTo(202);
    String id = first.json().getString("id");
    JsonObject done = Imports.awaitEnd(api(), id);
    assertThat(Imports.counts(done)).isEqualTo("succeeded 2/0/0/0");

    Api.Response retry =
        api()
            .send(
                "POST",
                "/api/v1/imports?format=treenetra",
                file,
                "Content-Type",
                "text/csv",
                "Idempotency-Key",
                key);
    assertThat(retry.status()).as(retry.toString()).isEqualTo(202);
    assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
    assertThat(retry.json().getString("id")).isEqualTo(id);
    assertThat(TestEnvironment.queryLong("SELECT count(*) FROM job")).isEqualTo(jobs + 1);
    // The rows have no externalId: a second import would have planted them twice.
    assertThat(TestEnvironment.queryLong("SELECT count(*) FROM tree WHERE notes = ?", prefix))
        .isEqualTo(2);

    Api.Response other =
        api()
            .send(
                "POST",
                "/api/v1/imports?format=treenetra&dryRun=true",
                file,
                "Content-Type",
                "text/csv",
                "Idempotency-Key",
                key);
    io.treenetra.support.ProblemAssert.assertProblem(
        other, 409, "CONFLICT", List.of("Idempotency-Key"));
    assertThat(TestEnvironment.queryLong("SELECT count(*) FROM job")).isEqualTo(jobs + 1);
  }

  @Test
  void nycRowsAreReportedByTheirCensusColumns() {
    String header = "tree_id,latitude,longitude,status,health,spc_latin,tree_dbh,address";
    String id = Integer.toString(900_000_000 + new Random().nextInt(90_000_000));
    JsonObject job =
        Imports.run(
            api(),
            "format=nyc-2015",
            "text/csv",
            csv(
                header,
                id + ",40.7,-73.9,Alive,Good,Acer rubrum,4,1 MAIN STREET",
                ",40.7,-73.9,Alive,Good,,4,",
                (id + 1) + ",,-73.9,Alive,Good,,4,",
                (id + 2) + ",40.7,-73.9,Sick,,,4,",
                (id + 3) + ",40.7,-73.9,Alive,Excellent,,4,",
                (id + 4) + ",40.7,-73.9,Alive,Fair,,-2,",
                (id + 5) + ",40.7,-73.9,Alive,Poor,Acer rubrum,x,",
                (id + 6) + ",40.7,-73.9,Stump,,,0,"));
    assertThat(Imports.counts(job)).as(job.toString()).isEqualTo("succeeded 2/0/0/6");
    assertThat(Imports.messages(job, "errors"))
        .containsExactly(
            "3 MISSING_VALUE tree_id: is required",
            "4 MISSING_VALUE latitude: is required",
            "5 INVALID_VALUE status: must be Alive, Dead or Stump, not 'Sick'",
            "6 INVALID_VALUE health: must be Good, Fair, Poor or empty, not 'Excellent'",
            "7 INVALID_VALUE tree_dbh: must be greater than 0",
            "8 INVALID_VALUE tree_dbh: must be a number, not 'x'");
    JsonObject first = tree("nyc-2015:" + id);
    assertThat(first.getJsonNumber("dbhCm").doubleValue()).isEqualTo(10.2);
    assertThat(first.getString("healthStatus")).isEqualTo("healthy");
    JsonObject stump = tree("nyc-2015:" + id + 6);
    assertThat(stump.getString("status")).isEqualTo("stump");
    assertThat(stump.isNull("healthStatus")).isTrue();
    assertThat(stump.isNull("dbhCm")).isTrue();
  }

  @Test
  void anAtomicImportWithABadRowWritesNothing() {
    String prefix = "atomic-" + run();
    JsonObject failed =
        Imports.run(api(), "format=treenetra&atomic=true", "text/csv", mixed(prefix));
    assertThat(Imports.counts(failed)).as(failed.toString()).isEqualTo("failed 0/0/0/7");
    assertThat(failed.getBoolean("atomic")).isTrue();
    assertThat(failed.getString("error"))
        .isEqualTo(
            "7 of 10 rows are invalid; an atomic import writes nothing unless every row is valid");
    assertThat(failed.getJsonArray("errors")).hasSize(7);
    assertThat(
            TestEnvironment.queryLong(
                "SELECT count(*) FROM tree WHERE external_id LIKE ?", prefix + "-%"))
        .isZero();

    JsonObject good =
        Imports.run(
            api(),
            "format=treenetra&atomic=true",
            "text/csv",
            csv(
                "externalId,lat,lng,status",
                prefix + "-a,1,2,alive",
                prefix + "-b,1.5,2.5,planned"));
    assertThat(Imports.counts(good)).as(good.toString()).isEqualTo("succeeded 2/0/0/0");
    assertThat(
            TestEnvironment.queryLong(
                "SELECT count(*) FROM tree WHERE external_id LIKE ?", prefix + "-%"))
        .isEqualTo(2);
  }

  @Test
  void anUpdateChangesOnlyTheColumnsTheFileHasAndEveryInstanceSeesItAtOnce() {
    String tag = "upd-" + run();
    Api.Response created =
        api()
            .post(
                "/api/v1/trees",
                "{\"externalId\": \""
                    + tag
                    + "\", \"scientificName\": \"Acer rubrum\","
                    + " \"location\": {\"lat\": 12.5, \"lng\": 33.25}, \"status\": \"alive\", \"dbhCm\": 10, \"notes\": \"keep me\","
                    + " \"tags\": [\""
                    + tag
                    + "\"]}");
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().getString("id");
    assertThat(api().get("/api/v1/trees/" + id).json().getInt("version")).isEqualTo(1);

    byte[] file = csv("externalId,lat,lng,status,dbhCm", tag + ",12.5,33.25,alive,20");
    JsonObject job = Imports.run(api(), "format=treenetra", "text/csv", file);
    assertThat(Imports.counts(job)).as(job.toString()).isEqualTo("succeeded 0/1/0/0");
    JsonObject tree = api().get("/api/v1/trees/" + id).json();
    assertThat(tree.getJsonNumber("dbhCm").doubleValue()).isEqualTo(20.0);
    assertThat(tree.getString("notes")).isEqualTo("keep me");
    assertThat(tree.getJsonArray("tags").getString(0)).isEqualTo(tag);
    assertThat(tree.getJsonObject("species").getString("scientificName")).isEqualTo("Acer rubrum");
    assertThat(tree.getInt("version")).isEqualTo(2);

    JsonObject again = Imports.run(api(), "format=treenetra", "text/csv", file);
    assertThat(Imports.counts(again)).as(again.toString()).isEqualTo("succeeded 0/0/1/0");
    assertThat(api().get("/api/v1/trees/" + id).json().getInt("version")).isEqualTo(2);
  }

  @Test
  void aDeletedTreeAndATakenExternalIdAreReportedNotOverwritten() {
    String tag = "taken-" + run();
    String deleted =
        api()
            .post(
                "/api/v1/trees", "{\"location\": {\"lat\": 1, \"lng\": 1}, \"status\": \"alive\"}")
            .json()
            .getString("id");
    assertThat(api().delete("/api/v1/trees/" + deleted).status()).isEqualTo(204);
    String owner =
        api()
            .post(
                "/api/v1/trees",
                "{\"externalId\": \""
                    + tag
                    + "\", \"location\": {\"lat\": 1, \"lng\": 1},"
                    + " \"status\": \"alive\"}")
            .json()
            .getString("id");
    String fresh = UUID.randomUUID().toString();
    JsonObject job =
        Imports.run(
            api(),
            "format=treenetra",
            "text/csv",
            csv(
                "id,externalId,lat,lng,status",
                deleted + ",,1,1,alive",
                fresh + "," + tag + ",1,1,alive"));
    assertThat(Imports.counts(job)).as(job.toString()).isEqualTo("failed 0/0/0/2");
    assertThat(Imports.messages(job, "errors"))
        .containsExactly(
            "2 TREE_DELETED id: the tree with this id was deleted; remove the id to plant a new tree",
            "3 EXTERNAL_ID_TAKEN externalId: tree " + owner + " already has the externalId " + tag);
    assertThat(api().get("/api/v1/trees/" + deleted).status()).isEqualTo(404);
    assertThat(api().get("/api/v1/trees/" + fresh).status()).isEqualTo(404);
  }

  @Test
  void aTreeWithinAMetreOfAnotherOfItsSpeciesIsAWarning() {
    String prefix = "near-" + run();
    Random random = new Random();
    double lat = -50 - random.nextDouble() * 10;
    double lng = -170 + random.nextDouble() * 100;
    double halfMetre = 0.5 / 111_195.08;
    JsonObject job =
        Imports.run(
            api(),
            "format=treenetra",
            "text/csv",
            csv(
                "externalId,scientificName,lat,lng,status",
                prefix + "-a,Acer rubrum," + lat + "," + lng + ",alive",
                prefix + "-b,Acer rubrum," + (lat + halfMetre) + "," + lng + ",alive",
                prefix + "-c,Quercus palustris," + lat + "," + lng + ",alive",
                prefix + "-d,Acer rubrum," + (lat + 5 * halfMetre) + "," + lng + ",alive"));
    assertThat(Imports.counts(job)).as(job.toString()).isEqualTo("succeeded 4/0/0/0");
    assertThat(job.getInt("warned")).isEqualTo(1);
    assertThat(Imports.messages(job, "warnings"))
        .containsExactly(
            "3 NEAR_SAME_SPECIES null: within 0.50 m of tree "
                + tree(prefix + "-a").getString("id")
                + " (externalId "
                + prefix
                + "-a) of the same species");
  }

  /**
   * A file of three batches (2,000 rows each, written on two connections at once): rows of the
   * second batch that name trees of the first update them, after it; a row of the third batch a few
   * centimetres from a tree of the second is warned about, though nothing ties the two batches.
   */
  @Test
  void batchesWrittenAtOnceKeepTheFilesOrder() {
    String prefix = "order-" + run();
    double lat = -40 - new Random().nextDouble() * 5;
    double step = 10 / 111_195.08;
    List<String> lines =
        new java.util.ArrayList<>(List.of("externalId,scientificName,lat,lng,status,notes"));
    for (int i = 0; i < 4500; i++) {
      String name = prefix + "-" + i;
      double at = lat + i * step;
      String notes = "row " + (i + 2);
      if (i == 2000) {
        name =
            prefix + "-1999"; // the first batch's last tree, named again first thing in the second
        // batch
      } else if (i == 2500) {
        name = prefix + "-10";
      } else if (i == 4100) {
        at =
            lat + 3900 * step + 0.25 / 111_195.08; // a quarter of a metre from the tree of row 3902
      }
      lines.add(name + ",Acer rubrum," + at + ",-60," + "alive," + notes);
    }
    JsonObject job =
        Imports.run(api(), "format=treenetra", "text/csv", csv(lines.toArray(String[]::new)));
    assertThat(Imports.counts(job)).as(job.toString()).isEqualTo("succeeded 4498/2/0/0");
    assertThat(job.getString("summary"))
        .isEqualTo("All 4500 rows imported: inserted 4498, updated 2, skipped 0");
    assertThat(job.getBoolean("partial")).isFalse();
    assertThat(job.getInt("rowsProcessed")).isEqualTo(4500);
    assertThat(
            TestEnvironment.queryLong(
                "SELECT count(*) FROM tree WHERE external_id LIKE ?", prefix + "-%"))
        .isEqualTo(4498);
    assertThat(tree(prefix + "-1999").getString("notes")).isEqualTo("row 2002");
    assertThat(tree(prefix + "-1999").getInt("version")).isEqualTo(2);
    assertThat(tree(prefix + "-10").getString("notes")).isEqualTo("row 2502");
    assertThat(Imports.messages(job, "warnings"))
        .containsExactly(
            "2002 DUPLICATE_EXTERNAL_ID externalId: row 2001 has the same externalId; this row"
                + " changes the tree that row wrote (the last row wins)",
            "2502 DUPLICATE_EXTERNAL_ID externalId: row 12 has the same externalId; this row"
                + " changes the tree that row wrote (the last row wins)",
            "4102 NEAR_SAME_SPECIES null: within 0.25 m of tree "
                + tree(prefix + "-3900").getString("id")
                + " (externalId "
                + prefix
                + "-3900) of the same species");
  }

  @Test
  void badFeaturesOfAGeoJsonFileAreReportedByFeatureNumber() {
    String prefix = "geo-" + run();
    String good =
        "{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [-3.5, 51.25]},"
            + " \"properties\": {\"externalId\": \""
            + prefix
            + "-%s\", \"status\": \"alive\", \"scientificName\": \"Acer rubrum\","
            + " \"address\": \"1 High Street\", \"tags\": [\"x\"]}}";
    String file =
        "{\"type\": \"FeatureCollection\", \"features\": ["
            + String.format(good, "1")
            + ","
            + "{\"type\": \"Feature\", \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[0, 0], [1, 1], [1, 0], [0, 0]]]},"
            + " \"properties\": {\"status\": \"alive\"}},"
            + "\"not a feature\","
            + "{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [1, 2]}, \"properties\": {\"status\": \"alive\", \"dbhCm\": \"big\"}},"
            + "{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [1, 2]}, \"properties\": {\"status\": \"alive\", \"colour\": \"red\"}},"
            + String.format(good, "6")
            + "], \"name\": \"after the features\"}";
    JsonObject job =
        Imports.run(api(), "", "application/geo+json", file.getBytes(StandardCharsets.UTF_8));
    assertThat(Imports.counts(job)).as(job.toString()).isEqualTo("succeeded 2/0/0/4");
    assertThat(job.getString("format")).isEqualTo("geojson");
    assertThat(Imports.messages(job, "errors"))
        .containsExactly(
            "2 INVALID_VALUE geometry: must be a Point with coordinates [longitude, latitude]",
            "3 INVALID_VALUE type: each element of features must be an object of type Feature",
            "4 INVALID_VALUE properties.dbhCm: must be a number",
            "5 INVALID_VALUE properties.colour: is not a field of this resource");
    JsonObject tree = tree(prefix + "-6");
    assertThat(tree.getJsonObject("location").toString())
        .isEqualTo("{\"lat\":51.25,\"lng\":-3.5,\"address\":\"1 High Street\"}");
    assertThat(tree.getJsonObject("species").getString("scientificName")).isEqualTo("Acer rubrum");
  }

  private JsonObject tree(String externalId) {
    String id =
        TestEnvironment.queryString(
            "SELECT id::text FROM tree WHERE external_id = ? AND deleted_at IS NULL", externalId);
    Api.Response response = api().get("/api/v1/trees/" + id);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json();
  }
}
