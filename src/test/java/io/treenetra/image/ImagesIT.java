package io.treenetra.image;

import static io.treenetra.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.Api;
import io.treenetra.support.ApiIT;
import jakarta.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Photos of trees on the file-system store of the shared server: upload, read, thumbnails,
 * deletion, hostile files.
 */
class ImagesIT extends ApiIT {

  private static final String BOUNDARY = "treenetra-test-boundary";
  private static final Path OBJECTS =
      Path.of(System.getProperty("treenetra.testData", "target/test-data"), "objects");

  private String tree() {
    Api.Response created =
        api()
            .post(
                "/api/v1/trees",
                "{\"location\": {\"lat\": 51.5, \"lng\": -0.1}, \"status\": \"alive\"}");
    assertThat(created.status()).isEqualTo(201);
    return created.json().getString("id");
  }

  private Api.Response upload(String treeId, Object... parts) {
    return api()
        .send(
            "POST",
            "/api/v1/trees/" + treeId + "/images",
            TestImages.multipart(BOUNDARY, parts),
            "Content-Type",
            "multipart/form-data; boundary=" + BOUNDARY);
  }

  @Test
  void aPhotoIsStoredServedWithItsHashAndThumbnailedUpright() throws Exception {
    String treeId = tree();
    byte[] photo = TestImages.withOrientation(TestImages.picture("jpeg", 1200, 800), 6);
    Api.Response created =
        upload(
            treeId,
            "caption",
            null,
            null,
            "North side, after pruning".getBytes(StandardCharsets.UTF_8),
            "file",
            "IMG_0042.JPG",
            "application/octet-stream",
            photo);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonObject image = created.json();
    String id = image.getString("id");
    assertThat(created.header("Location")).endsWith("/api/v1/images/" + id);
    assertThat(image.getString("treeId")).isEqualTo(treeId);
    assertThat(image.getString("contentType")).isEqualTo("image/jpeg");
    assertThat(image.getJsonNumber("sizeBytes").longValue()).isEqualTo(photo.length);
    assertThat(image.getInt("width")).isEqualTo(1200);
    assertThat(image.getInt("height")).isEqualTo(800);
    assertThat(image.getString("caption")).isEqualTo("North side, after pruning");
    assertThat(image.getString("fileName")).isEqualTo("IMG_0042.JPG");
    assertThat(image.getString("contentUrl")).endsWith("/api/v1/images/" + id + "/content");
    assertThat(image.getString("thumbnailUrl")).endsWith("/api/v1/images/" + id + "/thumbnail");
    assertThat(api().get("/api/v1/images/" + id).json()).isEqualTo(image);

    HttpResponse<byte[]> content = api().getBytes("/api/v1/images/" + id + "/content");
    assertThat(content.statusCode()).isEqualTo(200);
    assertThat(content.body()).isEqualTo(photo);
    String etag = "\"" + sha256(photo) + "\"";
    assertThat(content.headers().firstValue("ETag")).hasValue(etag);
    assertThat(content.headers().firstValue("Cache-Control"))
        .hasValue("private, max-age=31536000, immutable");
    assertThat(content.headers().firstValue("Content-Type")).hasValue("image/jpeg");
    assertThat(
            api().getBytes("/api/v1/images/" + id + "/content", "If-None-Match", etag).statusCode())
        .isEqualTo(304);
    assertThat(Files.exists(OBJECTS.resolve("images").resolve(sha256(photo)))).isTrue();

    // The thumbnail: made by the worker, 320 px on the long side, turned upright (the red top now
    // on the right).
    HttpResponse<byte[]> thumbnail = awaitThumbnail(id);
    assertThat(thumbnail.headers().firstValue("Content-Type")).hasValue("image/jpeg");
    assertThat(thumbnail.headers().firstValue("Cache-Control"))
        .hasValue("private, max-age=31536000, immutable");
    BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumbnail.body()));
    assertThat(small.getWidth()).isEqualTo(213);
    assertThat(small.getHeight()).isEqualTo(320);
    assertThat(isBlue(small.getRGB(50, 160))).as("left half blue").isTrue();
    assertThat(isRed(small.getRGB(160, 160))).as("right half red").isTrue();
    String thumbnailTag = thumbnail.headers().firstValue("ETag").orElseThrow();
    assertThat(
            api()
                .getBytes("/api/v1/images/" + id + "/thumbnail", "If-None-Match", thumbnailTag)
                .statusCode())
        .isEqualTo(304);

    List<JsonObject> listed =
        api().get("/api/v1/trees/" + treeId + "/images").data().getValuesAs(JsonObject.class);
    assertThat(listed).containsExactly(image);
  }

  @Test
  void pngAndWebpAreRecognisedByTheirBytes() throws Exception {
    String treeId = tree();
    Api.Response png =
        upload(treeId, "file", "photo.webp", "image/webp", TestImages.picture("png", 64, 48));
    assertThat(png.status()).as(png.toString()).isEqualTo(201);
    assertThat(png.json().getString("contentType")).isEqualTo("image/png");
    assertThat(png.json().getInt("width")).isEqualTo(64);
    assertThat(png.json().getInt("height")).isEqualTo(48);
    BufferedImage thumbnail =
        ImageIO.read(new ByteArrayInputStream(awaitThumbnail(png.json().getString("id")).body()));
    assertThat(thumbnail.getWidth()).as("never enlarged").isEqualTo(64);
    assertThat(thumbnail.getHeight()).isEqualTo(48);

    Api.Response webp = upload(treeId, "file", "photo.jpg", "image/jpeg", TestImages.WEBP);
    assertThat(webp.status()).as(webp.toString()).isEqualTo(201);
    assertThat(webp.json().getString("contentType")).isEqualTo("image/webp");
    assertThat(webp.json().getInt("width")).isEqualTo(1);
    assertThat(webp.json().getInt("height")).isEqualTo(1);
    assertThat(awaitThumbnail(webp.json().getString("id")).statusCode()).isEqualTo(200);
    assertThat(api().get("/api/v1/trees/" + treeId + "/images").data()).hasSize(2);
  }

  @Test
  void hostileAndWrongFilesAreRefusedAndStoreNothing() throws Exception {
    String treeId = tree();
    long objects = objectCount();
    Api.Response text =
        upload(
            treeId,
            "file",
            "tree.jpg",
            "image/jpeg",
            "this is not a photo".getBytes(StandardCharsets.UTF_8));
    assertProblem(text, 415, "UNSUPPORTED_MEDIA_TYPE", List.of("file"));

    byte[] jpeg = TestImages.picture("jpeg", 400, 300);
    Api.Response truncated =
        upload(treeId, "file", "cut.jpg", "image/jpeg", Arrays.copyOf(jpeg, jpeg.length - 200));
    assertProblem(truncated, 400, "VALIDATION_ERROR", List.of("file"));
    assertThat(truncated.json().getString("detail"))
        .isEqualTo("file: is truncated or damaged: the image/jpeg does not end where it should");

    Api.Response bomb =
        upload(treeId, "file", "bomb.png", "image/png", TestImages.pngDeclaring(30_000, 30_000));
    assertProblem(bomb, 400, "VALIDATION_ERROR", List.of("file"));
    assertThat(bomb.json().getString("detail"))
        .isEqualTo("file: declares 30000 x 30000 pixels; at most 50 megapixels are accepted");

    byte[] big = new byte[10 * 1024 * 1024 + 1];
    System.arraycopy(jpeg, 0, big, 0, jpeg.length);
    assertProblem(
        upload(treeId, "file", "big.jpg", "image/jpeg", big),
        413,
        "PAYLOAD_TOO_LARGE",
        List.of("file"));

    Api.Response noFile =
        upload(treeId, "caption", null, null, "no photo".getBytes(StandardCharsets.UTF_8));
    assertProblem(noFile, 400, "VALIDATION_ERROR", List.of("file"));
    assertProblem(
        upload(treeId, "file", "empty.jpg", "image/jpeg", new byte[0]),
        400,
        "VALIDATION_ERROR",
        List.of("file"));
    assertProblem(
        upload(
            treeId,
            "caption",
            null,
            null,
            "x".repeat(501).getBytes(StandardCharsets.UTF_8),
            "file",
            "a.jpg",
            "image/jpeg",
            jpeg),
        400,
        "VALIDATION_ERROR",
        List.of("caption"));
    assertThat(objectCount()).isEqualTo(objects);

    assertProblem(
        upload(UUID.randomUUID().toString(), "file", "a.jpg", "image/jpeg", jpeg),
        404,
        "NOT_FOUND",
        List.of());
    assertProblem(
        upload("not-a-tree", "file", "a.jpg", "image/jpeg", jpeg),
        400,
        "VALIDATION_ERROR",
        List.of("treeId"));
    String deleted = tree();
    assertThat(api().delete("/api/v1/trees/" + deleted).status()).isEqualTo(204);
    assertProblem(
        upload(deleted, "file", "a.jpg", "image/jpeg", jpeg), 404, "NOT_FOUND", List.of());
    assertProblem(api().get("/api/v1/trees/" + deleted + "/images"), 404, "NOT_FOUND", List.of());
    byte[] whole = TestImages.multipart(BOUNDARY, "file", "a.jpg", "image/jpeg", jpeg);
    Api.Response cut =
        api()
            .send(
                "POST",
                "/api/v1/trees/" + treeId + "/images",
                Arrays.copyOf(whole, whole.length - 40),
                "Content-Type",
                "multipart/form-data; boundary=" + BOUNDARY);
    assertProblem(cut, 400, "VALIDATION_ERROR", List.of("file"));
    Api.Response noBoundary =
        api()
            .send(
                "POST",
                "/api/v1/trees/" + treeId + "/images",
                whole,
                "Content-Type",
                "multipart/form-data");
    assertProblem(noBoundary, 400, "VALIDATION_ERROR", List.of("file"));
    assertThat(objectCount()).isEqualTo(objects);
    Api.Response plain =
        api()
            .send(
                "POST", "/api/v1/trees/" + treeId + "/images", jpeg, "Content-Type", "image/jpeg");
    assertProblem(plain, 415, "UNSUPPORTED_MEDIA_TYPE", List.of());
  }

  @Test
  void aFileNameIsKeptAsDataAndNeverUsedAsAPath() throws Exception {
    String treeId = tree();
    byte[] png = TestImages.picture("png", 10, 10);
    Api.Response created =
        upload(treeId, "file", "../../../etc/passwd\u0000.png", "image/png", png);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().getString("fileName")).isEqualTo("../../../etc/passwd.png");
    assertThat(Files.exists(OBJECTS.resolve("images").resolve(sha256(png)))).isTrue();
    try (var files = Files.walk(OBJECTS.getParent())) {
      assertThat(files.filter(path -> path.getFileName().toString().contains("passwd")).toList())
          .isEmpty();
    }
  }

  @Test
  void aDeletedPhotoIsGoneAndTheSweepRemovesOnlyObjectsNoImageNames() throws Exception {
    String treeId = tree();
    byte[] kept = TestImages.picture("png", 12, 12);
    byte[] dropped = TestImages.picture("png", 13, 13);
    String keptId = upload(treeId, "file", "kept.png", "image/png", kept).json().getString("id");
    String droppedId =
        upload(treeId, "file", "dropped.png", "image/png", dropped).json().getString("id");
    awaitThumbnail(keptId);
    assertThat(api().delete("/api/v1/images/" + droppedId).status()).isEqualTo(204);
    assertProblem(
        api().get("/api/v1/images/" + droppedId + "/content"), 404, "NOT_FOUND", List.of());
    assertProblem(api().delete("/api/v1/images/" + droppedId), 404, "NOT_FOUND", List.of());
    assertThat(
            api().get("/api/v1/trees/" + treeId + "/images").data().getValuesAs(JsonObject.class))
        .extracting(image -> image.getString("id"))
        .containsExactly(keptId);

    // Two hours old (the sweep spares objects younger than an hour here): an orphan, a deleted
    // photo's, a kept one's.
    Path orphan =
        OBJECTS
            .resolve("images")
            .resolve(sha256("never recorded".getBytes(StandardCharsets.UTF_8)));
    Files.createDirectories(orphan.getParent());
    Files.write(orphan, new byte[] {1, 2, 3});
    FileTime old = FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS));
    for (Path path :
        List.of(
            orphan,
            OBJECTS.resolve("images").resolve(sha256(dropped)),
            OBJECTS.resolve("images").resolve(sha256(kept)))) {
      Files.setLastModifiedTime(path, old);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (Files.exists(orphan)
        || Files.exists(OBJECTS.resolve("images").resolve(sha256(dropped)))) {
      assertThat(System.nanoTime()).as("swept within 30 s").isLessThan(deadline);
      Thread.sleep(200);
    }
    assertThat(Files.exists(OBJECTS.resolve("images").resolve(sha256(kept)))).isTrue();
    assertThat(api().getBytes("/api/v1/images/" + keptId + "/content").body()).isEqualTo(kept);
  }

  private HttpResponse<byte[]> awaitThumbnail(String id) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      HttpResponse<byte[]> thumbnail = api().getBytes("/api/v1/images/" + id + "/thumbnail");
      if (thumbnail.statusCode() == 200) {
        return thumbnail;
      }
      assertThat(thumbnail.statusCode()).as("404 until made, never 500").isEqualTo(404);
      assertThat(System.nanoTime()).as("thumbnail within 60 s").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static long objectCount() throws IOException {
    if (!Files.isDirectory(OBJECTS)) {
      return 0;
    }
    try (var files = Files.walk(OBJECTS)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  private static boolean isRed(int rgb) {
    return ((rgb >> 16) & 0xff) > 200 && ((rgb >> 8) & 0xff) < 60 && (rgb & 0xff) < 60;
  }

  private static boolean isBlue(int rgb) {
    return ((rgb >> 16) & 0xff) < 60 && ((rgb >> 8) & 0xff) < 60 && (rgb & 0xff) > 200;
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
