package io.treenetra.imports;

import static io.treenetra.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.Api;
import io.treenetra.support.ApiIT;
import io.treenetra.support.Imports;
import io.treenetra.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Files that are not what they claim fail their job with a clear reason and write nothing; requests
 * that are wrong in themselves get a problem at once and queue nothing.
 */
class ImportFilesIT extends ApiIT {

  /** The test server's limit (arquillian.xml sets treenetra.import.max-bytes). */
  private static final int MAX_BYTES = 16 * 1024 * 1024;

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private JsonObject failed(String query, String contentType, byte[] body) {
    long trees = TestEnvironment.queryLong("SELECT count(*) FROM tree");
    JsonObject job = Imports.run(api(), query, contentType, body);
    assertThat(job.getString("state")).as(job.toString()).isEqualTo("failed");
    assertThat(Imports.counts(job)).isEqualTo("failed 0/0/0/0");
    assertThat(TestEnvironment.queryLong("SELECT count(*) FROM tree")).isEqualTo(trees);
    assertThat(
            TestEnvironment.queryLong(
                "SELECT count(*) FROM job_file_chunk WHERE job_id = ?::uuid", job.getString("id")))
        .isZero();
    return job;
  }

  @Test
  void aFileThatIsNotTextFails() throws IOException {
    byte[] png = {
      (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'
    };
    assertThat(failed("format=treenetra", "text/csv", png).getString("error"))
        .isEqualTo(
            "The file is not text (it contains NUL bytes): send a UTF-8 CSV or GeoJSON file");
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
      gzip.write(utf8("lat,lng,status\n1,2,alive\n"));
    }
    assertThat(failed("format=treenetra", "text/csv", zipped.toByteArray()).getString("error"))
        .isEqualTo("The file is a compressed archive (gzip or ZIP); send the uncompressed file");
  }

  @Test
  void aFileInAnotherEncodingThanUtf8Fails() {
    byte[] latin1 =
        "lat,lng,status,address\n1,2,alive,Caf\u00e9 de la Paix\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    assertThat(failed("format=treenetra", "text/csv", latin1).getString("error"))
        .isEqualTo(
            "The file is not UTF-8 text: an invalid byte sequence at line 2, byte 37; save it as UTF-8 and import it again");
  }

  @Test
  void missingOrUnknownColumnsFail() {
    assertThat(failed("format=treenetra", "text/csv", utf8("lat,lng\n1,2\n")).getString("error"))
        .isEqualTo("The header lacks the column status of this layout (it has lat, lng)");
    assertThat(
            failed("format=treenetra", "text/csv", utf8("lat,lng,status,colour\n1,2,alive,red\n"))
                .getString("error"))
        .startsWith("Unknown column colour (this layout has ");
    assertThat(
            failed("format=nyc-2015", "text/csv", utf8("lat,lng,status\n1,2,alive\n"))
                .getString("error"))
        .isEqualTo(
            "The header lacks the columns tree_id, latitude, longitude, health, spc_latin, tree_dbh, address of this"
                + " layout (it has lat, lng, status)");
    assertThat(
            failed("format=treenetra", "text/csv", utf8("lat,lng,status,lat\n1,2,alive,3\n"))
                .getString("error"))
        .startsWith("The header row is not valid: ");
  }

  @Test
  void anEmptyFileAndAHeaderWithoutRowsFail() {
    assertThat(failed("format=treenetra", "text/csv", new byte[0]).getString("error"))
        .isEqualTo("The file is empty");
    assertThat(failed("format=treenetra", "text/csv", utf8("lat,lng,status\n")).getString("error"))
        .isEqualTo("The file has a header but no rows");
    assertThat(
            failed(
                    "",
                    "application/geo+json",
                    utf8("{\"type\": \"FeatureCollection\", \"features\": []}"))
                .getString("error"))
        .isEqualTo("The FeatureCollection has no features");
  }

  @Test
  void brokenCsvAndJsonFail() {
    assertThat(
            failed("format=treenetra", "text/csv", utf8("lat,lng,status\n1,2,\"alive\"x\n"))
                .getString("error"))
        .startsWith("Row 2 is not valid CSV: ");
    assertThat(
            failed(
                    "",
                    "application/geo+json",
                    utf8("{\"type\": \"FeatureCollection\", \"features\": ["))
                .getString("error"))
        .startsWith("The file is not valid JSON (line 1, column ");
    assertThat(failed("", "application/geo+json", utf8("[1, 2]")).getString("error"))
        .isEqualTo(
            "The file is not a GeoJSON FeatureCollection: it does not start with a JSON object");
    assertThat(
            failed("", "application/geo+json", utf8("{\"type\": \"Feature\", \"geometry\": null}"))
                .getString("error"))
        .isEqualTo("The file is not a GeoJSON FeatureCollection: its type is Feature");
    assertThat(
            failed("", "application/json", utf8("{\"features\": [{}], \"type\": \"Topology\"}"))
                .getString("error"))
        .isEqualTo("The file is not a GeoJSON FeatureCollection: its type is Topology");
  }

  @Test
  void aRowOfMoreThanAMegabyteFailsWithoutFillingTheHeap() {
    byte[] huge = new byte[3 * 1024 * 1024];
    Arrays.fill(huge, (byte) 'a');
    byte[] file = concat(utf8("lat,lng,status,notes\n1,2,alive,\""), huge, utf8("\"\n"));
    assertThat(failed("format=treenetra", "text/csv", file).getString("error"))
        .isEqualTo("Row 2 is longer than 1024 KiB; no tree needs that much");
  }

  @Test
  void aFileOverTheLimitIsRefusedAtOnceAndNothingIsQueued() {
    long jobs = TestEnvironment.queryLong("SELECT count(*) FROM job");
    byte[] file = new byte[MAX_BYTES + 1];
    Arrays.fill(file, (byte) 'a');
    Api.Response response = Imports.post(api(), "format=treenetra", "text/csv", file);
    assertProblem(response, 413, "PAYLOAD_TOO_LARGE", List.of());
    assertThat(response.json().getString("detail"))
        .isEqualTo("An import file may have at most " + MAX_BYTES + " bytes");
    assertThat(TestEnvironment.queryLong("SELECT count(*) FROM job")).isEqualTo(jobs);
  }

  @Test
  void wrongParametersAndContentTypesAreProblems() {
    long jobs = TestEnvironment.queryLong("SELECT count(*) FROM job");
    byte[] csv = utf8("lat,lng,status\n1,2,alive\n");
    assertProblem(
        Imports.post(api(), "format=xml", "text/csv", csv),
        400,
        "VALIDATION_ERROR",
        List.of("format"));
    assertProblem(
        Imports.post(api(), "dryRun=yes", "text/csv", csv),
        400,
        "VALIDATION_ERROR",
        List.of("dryRun"));
    assertProblem(
        Imports.post(api(), "atomic=1", "text/csv", csv),
        400,
        "VALIDATION_ERROR",
        List.of("atomic"));
    assertProblem(
        Imports.post(api(), "format=nyc-2015", "application/geo+json", csv),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        List.of());
    assertProblem(
        Imports.post(api(), "format=geojson", "text/csv", csv),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        List.of());
    assertProblem(
        Imports.post(api(), "", "text/plain", csv), 415, "UNSUPPORTED_MEDIA_TYPE", List.of());
    assertProblem(
        Imports.post(api(), "", "text/csv; charset=ISO-8859-1", csv),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        List.of());
    assertThat(TestEnvironment.queryLong("SELECT count(*) FROM job")).isEqualTo(jobs);
  }

  @Test
  void unknownImportsAreNotFoundAndAFinishedOneCannotBeCancelled() {
    assertProblem(api().get("/api/v1/imports/nope"), 400, "VALIDATION_ERROR", List.of("id"));
    assertProblem(api().get("/api/v1/imports/" + UUID.randomUUID()), 404, "NOT_FOUND", List.of());
    assertProblem(
        api().delete("/api/v1/imports/" + UUID.randomUUID()), 404, "NOT_FOUND", List.of());
    JsonObject done =
        Imports.run(
            api(), "format=treenetra&dryRun=true", "text/csv", utf8("lat,lng,status\n1,2,alive\n"));
    assertThat(Imports.counts(done)).isEqualTo("succeeded 1/0/0/0");
    Api.Response cancel = api().delete("/api/v1/imports/" + done.getString("id"));
    assertProblem(cancel, 409, "CONFLICT", List.of());
    assertThat(cancel.json().getString("detail"))
        .isEqualTo(
            "Import "
                + done.getString("id")
                + " has already succeeded; only a queued or running import can be cancelled");
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      all.writeBytes(part);
    }
    return all.toByteArray();
  }
}
