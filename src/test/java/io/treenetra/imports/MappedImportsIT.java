package io.treenetra.imports;

import static io.treenetra.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.treenetra.support.Api;
import io.treenetra.support.ApiIT;
import io.treenetra.support.Imports;
import io.treenetra.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A county's own file, as a GIS analyst receives it (State Plane feet, inch and foot classes,
 * condition words, common names in upper case with typos, vacant sites, no ids), imported through a
 * stored mapping; GeoJSON with a crs member; and every wrong mapping or parameter refused.
 */
class MappedImportsIT extends ApiIT {

  private static final String HEADER = "X,Y,SPECIES,DBH,HEIGHT,CONDITION,ADDRESS";

  private static String run() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String mapping(String name, String prefix) {
    return """
        {"name": "%s", "description": "County street trees, 2024 survey", "srid": 2263,
         "fields": {
           "externalId": {"hash": ["X", "Y"], "prefix": "%s:"},
           "x": {"column": "X"}, "y": {"column": "Y"},
           "address": {"column": "ADDRESS"},
           "scientificName": {"column": "SPECIES"},
           "dbhCm": {"column": "DBH", "unit": "in", "classes": "midpoint"},
           "heightM": {"column": "HEIGHT", "unit": "ft", "classes": "midpoint"},
           "status": {"column": "CONDITION", "values": {"Dead": "dead", "*": "alive"}},
           "healthStatus": {"column": "CONDITION", "values": {"Excellent": "healthy",
             "Good": "healthy", "Fair": "needs_attention", "Poor": "critical", "Dead": "dead"}},
           "tags": {"constant": ["county-survey"]}
         },
         "skip": {"column": "SPECIES", "values": ["STUMP REMOVED"]},
         "plantingSites": {"column": "SPECIES", "values": ["VACANT SITE"]}}
        """
        .formatted(name, prefix);
  }

  /** A point of eastern Long Island for row i, apart from any other test's trees. */
  private static double[] place(double base, int i) {
    return new double[] {base + i * 0.001, -72.70 - i * 0.001};
  }

  private static String feet(double[] latLng) {
    double[] xy = StatePlane.feet(latLng[0], latLng[1]);
    return String.format(Locale.ROOT, "%.3f,%.3f", xy[0], xy[1]);
  }

  private static String externalId(String prefix, String cells) throws Exception {
    String[] xy = cells.split(",");
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest(utf8(xy[0] + "\u001f" + xy[1] + "\u001f"));
    return prefix + ":" + HexFormat.of().formatHex(digest, 0, 8);
  }

  private static List<String> speciesNames(JsonObject job) {
    return job.getJsonArray("speciesNames").getValuesAs(JsonObject.class).stream()
        .map(
            n ->
                n.getString("name")
                    + " "
                    + n.getString("match")
                    + " "
                    + n.getJsonNumber("rows")
                    + " "
                    + (n.isNull("scientificName") ? "-" : n.getString("scientificName"))
                    + (n.isNull("similarity") ? "" : " " + n.getJsonNumber("similarity")))
        .toList();
  }

  /** The tree written from an address, as one comparable line. */
  private static String tree(String address) {
    return TestEnvironment.queryString(
        "SELECT concat_ws('|', t.external_id, t.status, coalesce(t.health_status, '-'),"
            + " coalesce(s.scientific_name, '-'), coalesce(t.dbh_cm::text, '-'),"
            + " coalesce(t.height_m::text, '-'), array_to_string(t.tags, ';'))"
            + " FROM tree t LEFT JOIN species s ON s.id = t.species_id"
            + " WHERE t.address = ? AND t.deleted_at IS NULL",
        address);
  }

  private static double coordinate(String column, String address) {
    return Double.parseDouble(
        TestEnvironment.queryString(
            "SELECT " + column + "::text FROM tree WHERE address = ? AND deleted_at IS NULL",
            address));
  }

  @Test
  void aCountyFileImportsThroughAStoredMappingAndAgainChangesNothing() throws Exception {
    String id = run();
    String prefix = "county-" + id;
    Api.Response stored = api().post("/api/v1/imports/mappings", mapping(prefix, prefix));
    assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
    assertThat(stored.header("Location")).endsWith("/api/v1/imports/mappings/" + prefix);
    double base = 40.80 + Math.random() * 0.05;
    String[] xy = new String[12];
    for (int i = 2; i <= 11; i++) {
      xy[i] = feet(place(base, i));
    }
    String a = id + " Main St";
    String file =
        String.join(
                "\n",
                HEADER,
                xy[2] + ",RED MAPLE,07-12,16-30,Excellent,2 " + a,
                xy[3] + ",HONEYLOCUS,31+,31-45,Fair,3 " + a,
                xy[4] + ",Acer platanoides 'Emerald Queen',0-6,0-15,Poor,4 " + a,
                xy[5] + ",PIN OAK,13-18,46+,Dead,5 " + a,
                xy[6] + ",VACANT SITE,,,,6 " + a,
                xy[7] + ",STUMP REMOVED,,,,7 " + a,
                xy[8] + ",OXYDENDRUM ARBOREUM,07-12,16-30,Good,8 " + a,
                xy[9] + ",Pyrus calleryana,19-24,16-30,Excelent,9 " + a,
                xy[10] + ",Acer spp.,07-12,,Good,10 " + a,
                "-73.95,40.78,RED MAPLE,07-12,16-30,Good,11 " + a)
            + "\n";
    JsonObject job = Imports.run(api(), "mapping=" + prefix, "text/csv", utf8(file));
    assertThat(Imports.counts(job)).as(job.toString()).isEqualTo("succeeded 6/0/1/3");
    assertThat(job.getString("format")).isEqualTo("csv");
    assertThat(job.getString("mapping")).isEqualTo(prefix);
    assertThat(job.getInt("srid")).isEqualTo(2263);
    assertThat(job.getBoolean("partial")).isTrue();
    assertThat(job.getString("summary"))
        .isEqualTo(
            "3 of 10 rows failed (see errors); the other 7 were imported: inserted 6, updated 0,"
                + " skipped 1");
    String unknown =
        "'OXYDENDRUM ARBOREUM' is neither a scientific nor a common name of the species"
            + " catalogue, nor close to one; create the species first, or import with"
            + " createSpecies=true";
    List<String> errors =
        List.of(
            "8 UNKNOWN_SPECIES SPECIES: " + unknown,
            "9 INVALID_VALUE CONDITION: 'Excelent' is not one of the values the mapping knows"
                + " (excellent, good, fair, poor, dead)",
            "11 INVALID_VALUE X: the point X and Y (-73.95, 40.78) lies outside the area of"
                + " EPSG:2263 (Lambert Conformal Conic)");
    assertThat(Imports.messages(job, "errors")).containsExactlyElementsOf(errors);
    assertThat(Imports.messages(job, "warnings")).isEmpty();
    List<String> names =
        List.of(
            // The most rows first (row 11 fails for its point, but names the species too).
            "RED MAPLE commonName 2 Acer rubrum",
            "Acer platanoides 'Emerald Queen' normalized 1 Acer platanoides",
            "Acer spp. normalized 1 Acer",
            "HONEYLOCUS similar 1 Gleditsia triacanthos var. inermis 0.769",
            "OXYDENDRUM ARBOREUM unknown 1 -",
            "PIN OAK commonName 1 Quercus palustris");
    assertThat(speciesNames(job)).containsExactlyElementsOf(names);

    // Classes at their midpoints (an open class at its lower bound), inches to cm to 0.1, feet to
    // m to 0.01; condition words to status and health; a vacant site is a planned tree.
    assertThat(tree("2 " + a))
        .isEqualTo(
            externalId(prefix, xy[2]) + "|alive|healthy|Acer rubrum|24.1|7.01|county-survey");
    assertThat(tree("3 " + a))
        .isEqualTo(
            externalId(prefix, xy[3])
                + "|alive|needs_attention|Gleditsia triacanthos var. inermis|78.7|11.58|county-survey");
    assertThat(tree("4 " + a))
        .isEqualTo(
            externalId(prefix, xy[4]) + "|alive|critical|Acer platanoides|7.6|2.29|county-survey");
    assertThat(tree("5 " + a))
        .isEqualTo(
            externalId(prefix, xy[5]) + "|dead|dead|Quercus palustris|39.4|14.02|county-survey");
    assertThat(tree("6 " + a))
        .isEqualTo(externalId(prefix, xy[6]) + "|planned|-|-|-|-|county-survey");
    assertThat(tree("10 " + a))
        .isEqualTo(externalId(prefix, xy[10]) + "|alive|healthy|Acer|24.1|-|county-survey");
    assertThat(TestEnvironment.queryLong("SELECT count(*) FROM tree WHERE address = ?", "7 " + a))
        .isZero();
    for (int i : new int[] {2, 3, 4, 5, 6, 10}) {
      double[] expected = place(base, i);
      assertThat(coordinate("lat", i + " " + a)).isCloseTo(expected[0], within(1e-7));
      assertThat(coordinate("lng", i + " " + a)).isCloseTo(expected[1], within(1e-7));
    }

    // The same file again: nothing new, the same errors and no warnings.
    JsonObject again = Imports.run(api(), "mapping=" + prefix, "text/csv", utf8(file));
    assertThat(Imports.counts(again)).as(again.toString()).isEqualTo("succeeded 0/0/7/3");
    assertThat(Imports.messages(again, "errors")).containsExactlyElementsOf(errors);
    assertThat(Imports.messages(again, "warnings")).isEmpty();
    assertThat(speciesNames(again)).containsExactlyElementsOf(names);

    // A dry run that would create the unknown species creates nothing.
    JsonObject dry =
        Imports.run(
            api(), "mapping=" + prefix + "&createSpecies=true&dryRun=true", "text/csv", utf8(file));
    assertThat(Imports.counts(dry)).as(dry.toString()).isEqualTo("succeeded 1/0/7/2");
    assertThat(dry.getString("summary"))
        .isEqualTo(
            "2 of 10 rows failed (see errors); the other 8 are valid: would have inserted 1,"
                + " updated 0, skipped 7");
    assertThat(speciesNames(dry)).contains("OXYDENDRUM ARBOREUM created 1 Oxydendrum arboreum");
    // The dry run shows its rows as they would be written: converted, reprojected, matched.
    List<JsonObject> preview = dry.getJsonArray("preview").getValuesAs(JsonObject.class);
    assertThat(preview.stream().map(r -> r.getInt("row")).toList())
        .containsExactly(2, 3, 4, 5, 6, 8, 10);
    JsonObject second = preview.get(0);
    assertThat(second.getString("externalId")).isEqualTo(externalId(prefix, xy[2]));
    assertThat(second.getString("scientificName")).isEqualTo("Acer rubrum");
    assertThat(second.getJsonNumber("dbhCm").doubleValue()).isEqualTo(24.1);
    assertThat(second.getJsonNumber("heightM").doubleValue()).isEqualTo(7.01);
    assertThat(second.getString("status")).isEqualTo("alive");
    assertThat(second.getString("healthStatus")).isEqualTo("healthy");
    assertThat(second.getJsonArray("tags").toString()).isEqualTo("[\"county-survey\"]");
    JsonObject location = second.getJsonObject("location");
    assertThat(location.getString("address")).isEqualTo("2 " + a);
    assertThat(location.getJsonNumber("lat").doubleValue())
        .isCloseTo(place(base, 2)[0], within(1e-7));
    assertThat(location.getJsonNumber("lng").doubleValue())
        .isCloseTo(place(base, 2)[1], within(1e-7));
    JsonObject site = preview.get(4);
    assertThat(site.getString("status")).isEqualTo("planned");
    assertThat(site.isNull("speciesId")).isTrue();
    assertThat(site.isNull("dbhCm")).isTrue();
    assertThat(preview.get(5).getString("scientificName")).isEqualTo("Oxydendrum arboreum");
    assertThat(job.isNull("preview")).isTrue();
    String cladrastis =
        "SELECT count(*) FROM species WHERE lower(scientific_name) = 'oxydendrum arboreum'";
    assertThat(TestEnvironment.queryLong(cladrastis)).isZero();

    // With createSpecies=true the unknown name becomes a species, once.
    JsonObject created =
        Imports.run(api(), "mapping=" + prefix + "&createSpecies=true", "text/csv", utf8(file));
    assertThat(Imports.counts(created)).as(created.toString()).isEqualTo("succeeded 1/0/7/2");
    assertThat(TestEnvironment.queryLong(cladrastis)).isEqualTo(1);
    assertThat(tree("8 " + a))
        .isEqualTo(
            externalId(prefix, xy[8])
                + "|alive|healthy|Oxydendrum arboreum|24.1|7.01|county-survey");
    JsonObject known =
        Imports.run(api(), "mapping=" + prefix + "&createSpecies=true", "text/csv", utf8(file));
    assertThat(Imports.counts(known)).as(known.toString()).isEqualTo("succeeded 0/0/8/2");
    assertThat(TestEnvironment.queryLong(cladrastis)).isEqualTo(1);
  }

  @Test
  void aMappingIsStoredReadReplacedAndDeleted() {
    String name = "crud-" + run();
    String body = mapping(name, name);
    Api.Response created = api().post("/api/v1/imports/mappings", body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.header("ETag")).isEqualTo("\"1\"");
    JsonObject read = api().get("/api/v1/imports/mappings/" + name).json();
    assertThat(read.getString("name")).isEqualTo(name);
    assertThat(read.getInt("version")).isEqualTo(1);
    assertThat(read.getInt("srid")).isEqualTo(2263);
    assertThat(read.getJsonObject("fields").getJsonObject("dbhCm").getString("unit"))
        .isEqualTo("in");
    assertThat(
            api().get("/api/v1/imports/mappings").data().getValuesAs(JsonObject.class).stream()
                .map(m -> m.getString("name"))
                .toList())
        .contains(name);
    assertProblem(api().post("/api/v1/imports/mappings", body), 409, "CONFLICT", List.of("name"));
    // Sent back as read, it is accepted; the version moves on.
    Api.Response replaced =
        api().put("/api/v1/imports/mappings/" + name, read.toString(), "If-Match", "\"1\"");
    assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
    assertThat(replaced.json().getInt("version")).isEqualTo(2);
    assertProblem(
        api().put("/api/v1/imports/mappings/" + name, body, "If-Match", "\"1\""),
        412,
        "PRECONDITION_FAILED",
        List.of("If-Match"));
    assertProblem(
        api().put("/api/v1/imports/mappings/other-" + name, body),
        400,
        "VALIDATION_ERROR",
        List.of("name"));
    assertThat(api().delete("/api/v1/imports/mappings/" + name).status()).isEqualTo(204);
    assertProblem(api().get("/api/v1/imports/mappings/" + name), 404, "NOT_FOUND", List.of());
    assertProblem(api().delete("/api/v1/imports/mappings/" + name), 404, "NOT_FOUND", List.of());
  }

  @Test
  void aWrongMappingIsRefusedNamingEachMistake() {
    long before = TestEnvironment.queryLong("SELECT count(*) FROM import_mapping");
    assertProblem(
        api()
            .post(
                "/api/v1/imports/mappings",
                """
                {"name": "Bad Name", "srid": 999999, "colour": "red",
                 "fields": {"diameter": {"column": "D"},
                   "dbhCm": {"column": "DBH", "unit": "yards", "classes": "average"},
                   "status": {"column": "C", "constant": "alive"},
                   "healthStatus": {"column": "C", "values": {"Sick": "sick"}},
                   "heightM": {"column": "H", "values": {"tall": "20"}},
                   "x": {"column": "X"},
                   "plantedDate": {"column": "P", "dateFormat": "qqqq-bb"}},
                 "skip": {"column": "S"}}
                """),
        400,
        "VALIDATION_ERROR",
        List.of(
            "name",
            "srid",
            "colour",
            "fields.diameter",
            "fields.dbhCm.unit",
            "fields.dbhCm.classes",
            "fields.status",
            "fields.healthStatus.values.Sick",
            "fields.heightM.values",
            "fields.plantedDate.dateFormat",
            "fields",
            "skip"));
    assertProblem(
        api().post("/api/v1/imports/mappings", "{\"name\": \"empty\"}"),
        400,
        "VALIDATION_ERROR",
        List.of("fields"));
    assertProblem(
        api().post("/api/v1/imports/mappings", "[1]"), 400, "VALIDATION_ERROR", List.of("body"));
    assertThat(TestEnvironment.queryLong("SELECT count(*) FROM import_mapping")).isEqualTo(before);
  }

  @Test
  void wrongImportParametersAreRefusedAndQueueNothing() {
    String name = "params-" + run();
    assertThat(api().post("/api/v1/imports/mappings", mapping(name, name)).status()).isEqualTo(201);
    long jobs = TestEnvironment.queryLong("SELECT count(*) FROM import_job");
    byte[] file = utf8(HEADER + "\n1,2,RED MAPLE,1,1,Good,x\n");
    assertProblem(
        Imports.post(api(), "mapping=nope-" + name, "text/csv", file),
        400,
        "VALIDATION_ERROR",
        List.of("mapping"));
    assertProblem(
        Imports.post(api(), "format=csv", "text/csv", file),
        400,
        "VALIDATION_ERROR",
        List.of("mapping"));
    assertProblem(
        Imports.post(api(), "format=nyc-2015&mapping=" + name, "text/csv", file),
        400,
        "VALIDATION_ERROR",
        List.of("mapping"));
    for (String srid : List.of("abc", "0", "999999", "2263.5")) {
      assertProblem(
          Imports.post(api(), "mapping=" + name + "&srid=" + srid, "text/csv", file),
          400,
          "VALIDATION_ERROR",
          List.of("srid"));
    }
    assertProblem(
        Imports.post(api(), "format=treenetra&srid=2263", "text/csv", file),
        400,
        "VALIDATION_ERROR",
        List.of("srid"));
    assertProblem(
        Imports.post(api(), "mapping=" + name + "&createSpecies=yes", "text/csv", file),
        400,
        "VALIDATION_ERROR",
        List.of("createSpecies"));
    assertThat(TestEnvironment.queryLong("SELECT count(*) FROM import_job")).isEqualTo(jobs);
    // A CSV file lacking a column the mapping reads fails as a whole, naming it.
    JsonObject lacking =
        Imports.run(api(), "mapping=" + name, "text/csv", utf8("X,Y,SPECIES\n1,2,RED MAPLE\n"));
    assertThat(lacking.getString("state")).isEqualTo("failed");
    assertThat(lacking.getString("error"))
        .isEqualTo(
            "The header lacks the columns ADDRESS, DBH, HEIGHT, CONDITION that the mapping reads"
                + " (it has X, Y, SPECIES)");
  }

  private static String features(String crs, String prefix, double base) {
    StringBuilder features = new StringBuilder();
    for (int i = 1; i <= 2; i++) {
      double[] xy = StatePlane.feet(base + i * 0.001, -72.60 - i * 0.001);
      features
          .append(i == 1 ? "" : ",")
          .append(
              String.format(
                  Locale.ROOT,
                  "{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\":"
                      + " [%.4f, %.4f]}, \"properties\": {\"externalId\": \"%s-%d\", \"status\":"
                      + " \"alive\"}}",
                  xy[0],
                  xy[1],
                  prefix,
                  i));
    }
    return "{\"type\": \"FeatureCollection\", \"features\": [" + features + "]" + crs + "}";
  }

  @Test
  void geoJsonInStatePlaneFeetIsReprojectedByItsCrsMember() {
    String prefix = "crs-" + run();
    double base = 40.85 + Math.random() * 0.05;
    String crs =
        ", \"crs\": {\"type\": \"name\", \"properties\": {\"name\": \"urn:ogc:def:crs:EPSG::2263\"}}";
    // The crs member after the features: the first pass has read it before any row is written.
    JsonObject job =
        Imports.run(api(), "", "application/geo+json", utf8(features(crs, prefix, base)));
    assertThat(Imports.counts(job)).as(job.toString()).isEqualTo("succeeded 2/0/0/0");
    assertThat(job.getInt("srid")).isEqualTo(2263);
    assertThat(job.getBoolean("partial")).isFalse();
    assertThat(job.getString("summary"))
        .isEqualTo("All 2 rows imported: inserted 2, updated 0, skipped 0");
    for (int i = 1; i <= 2; i++) {
      String lat =
          TestEnvironment.queryString(
              "SELECT lat::text FROM tree WHERE external_id = ?", prefix + "-" + i);
      String lng =
          TestEnvironment.queryString(
              "SELECT lng::text FROM tree WHERE external_id = ?", prefix + "-" + i);
      // Four decimals of a foot: within 1e-7 degrees.
      assertThat(Double.parseDouble(lat)).isCloseTo(base + i * 0.001, within(1e-7));
      assertThat(Double.parseDouble(lng)).isCloseTo(-72.60 - i * 0.001, within(1e-7));
    }
    JsonObject mismatch =
        Imports.run(
            api(), "srid=32618", "application/geo+json", utf8(features(crs, prefix + "-m", base)));
    assertThat(mismatch.getString("state")).isEqualTo("failed");
    assertThat(mismatch.getString("error"))
        .isEqualTo(
            "The file's crs member names EPSG:2263, but the import reads EPSG:32618 (its srid=);"
                + " give the file's own system, or none");
    String utm = "utm-" + run();
    assertThat(
            api()
                .post(
                    "/api/v1/imports/mappings",
                    "{\"name\": \""
                        + utm
                        + "\", \"srid\": 32618, \"fields\": {\"status\": {\"constant\": \"alive\"}}}")
                .status())
        .isEqualTo(201);
    JsonObject mappedMismatch =
        Imports.run(
            api(),
            "mapping=" + utm,
            "application/geo+json",
            utf8(features(crs, prefix + "-n", base)));
    assertThat(mappedMismatch.getString("error"))
        .isEqualTo(
            "The file's crs member names EPSG:2263, but the import reads EPSG:32618 (its srid=, or"
                + " its mapping's srid); give the file's own system, or none");
    JsonObject unknown =
        Imports.run(
            api(),
            "",
            "application/geo+json",
            utf8(
                features(
                    ", \"crs\": {\"type\": \"name\", \"properties\": {\"name\": \"EPSG:999999\"}}",
                    prefix + "-u",
                    base)));
    assertThat(unknown.getString("error"))
        .isEqualTo(
            "The crs member names EPSG:999999: EPSG:999999 is not a coordinate reference system"
                + " Proj4J knows");
    assertThat(
            TestEnvironment.queryLong(
                "SELECT count(*) FROM tree WHERE external_id LIKE ?", prefix + "-%-%"))
        .isZero();
  }
}
