package io.treenetra.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.Api;
import io.treenetra.support.LaunchedServer;
import io.treenetra.support.S3Server;
import io.treenetra.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.jclouds.blobstore.BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server configured for S3 (TREENETRA_STORAGE_TYPE=s3, an endpoint override, path-style access,
 * credentials from the environment as the AWS SDK's default chain reads them) against S3Proxy: the
 * photo and its thumbnail land in the bucket and are served from it.
 */
class S3PhotosIT {

  private static final String BUCKET = "city-photos";
  private static S3Server s3;
  private static LaunchedServer server;

  @BeforeAll
  static void start(@TempDir Path blobDir) throws Exception {
    TestEnvironment.start();
    s3 = new S3Server(blobDir, BUCKET, "photo-access-key", "photo-secret-key");
    Map<String, String> environment = new HashMap<>();
    environment.put("DB_URL", TestEnvironment.freshDatabase("photos"));
    environment.put("DB_USER", "postgres");
    environment.put("DB_PASSWORD", "test");
    environment.put("TREENETRA_STORAGE_TYPE", "s3");
    environment.put("TREENETRA_STORAGE_S3_BUCKET", BUCKET);
    environment.put("TREENETRA_STORAGE_S3_REGION", "eu-west-1");
    environment.put("TREENETRA_STORAGE_S3_ENDPOINT", s3.endpoint().toString());
    environment.put("TREENETRA_STORAGE_S3_PATH_STYLE", "true");
    environment.put("AWS_ACCESS_KEY_ID", "photo-access-key");
    environment.put("AWS_SECRET_ACCESS_KEY", "photo-secret-key");
    server = new LaunchedServer(LaunchedServer.freePort(), environment).start().awaitReady();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.kill();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void aPhotoAndItsThumbnailLiveInTheBucket() throws Exception {
    Api api = server.api();
    String tree =
        api.post(
                "/api/v1/trees",
                "{\"location\": {\"lat\": 48.85, \"lng\": 2.35}, \"status\": \"alive\"}")
            .json()
            .getString("id");
    byte[] photo = TestImages.picture("jpeg", 640, 480);
    Api.Response created =
        api.send(
            "POST",
            "/api/v1/trees/" + tree + "/images",
            TestImages.multipart("b0undary", "file", "plane-tree.jpg", "image/jpeg", photo),
            "Content-Type",
            "multipart/form-data; boundary=b0undary");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonObject image = created.json();
    String id = image.getString("id");

    BlobStore bucket = s3.blobs();
    String key = "images/" + ImagesIT.sha256(photo);
    assertThat(bucket.blobExists(BUCKET, key)).isTrue();
    try (InputStream in = bucket.getBlob(BUCKET, key).getPayload().openStream()) {
      assertThat(in.readAllBytes()).isEqualTo(photo);
    }
    assertThat(bucket.blobMetadata(BUCKET, key).getContentMetadata().getContentType())
        .isEqualTo("image/jpeg");
    HttpResponse<byte[]> content = api.getBytes("/api/v1/images/" + id + "/content");
    assertThat(content.statusCode()).isEqualTo(200);
    assertThat(content.body()).isEqualTo(photo);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    HttpResponse<byte[]> thumbnail = api.getBytes("/api/v1/images/" + id + "/thumbnail");
    while (thumbnail.statusCode() == 404) {
      assertThat(System.nanoTime()).as("thumbnail within 60 s").isLessThan(deadline);
      Thread.sleep(100);
      thumbnail = api.getBytes("/api/v1/images/" + id + "/thumbnail");
    }
    assertThat(thumbnail.statusCode()).isEqualTo(200);
    var small = ImageIO.read(new ByteArrayInputStream(thumbnail.body()));
    assertThat(small.getWidth()).isEqualTo(320);
    assertThat(small.getHeight()).isEqualTo(240);
    String thumbnailKey = "thumbnails/" + ImagesIT.sha256(thumbnail.body()) + ".jpg";
    assertThat(bucket.blobExists(BUCKET, thumbnailKey)).isTrue();
  }
}
