package io.treenetra.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.treenetra.support.S3Server;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The S3 object store against a real S3 API server (S3Proxy, in this JVM, over a file-system blob
 * store), with signed requests, an endpoint override and path-style access as an S3-compatible
 * store needs them.
 */
class S3ObjectStoreIT {

  private static final String BUCKET = "treenetra-photos";
  private static S3Server server;
  private static S3ObjectStore store;

  @BeforeAll
  static void start(@TempDir Path blobDir) throws Exception {
    server = new S3Server(blobDir, BUCKET, "test-access-key", "test-secret-key");
    store =
        new S3ObjectStore(
            BUCKET,
            "us-east-1",
            server.endpoint().toString(),
            true,
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create("test-access-key", "test-secret-key")));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void storesReadsListsAndDeletesObjects(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("photo");
    byte[] bytes = "not really a JPEG, but bytes all the same".getBytes(StandardCharsets.UTF_8);
    Files.write(file, bytes);
    String key = "images/" + ImagesIT.sha256(bytes);
    store.put(key, file, "image/jpeg");

    ObjectStore.StoredObject object = store.get(key).orElseThrow();
    assertThat(object.sizeBytes()).isEqualTo(bytes.length);
    try (InputStream in = object.content()) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
    assertThat(store.olderThan(key, Instant.now().plus(1, ChronoUnit.MINUTES))).isTrue();
    assertThat(store.olderThan(key, Instant.now().minus(1, ChronoUnit.HOURS))).isFalse();
    List<String> listed = new ArrayList<>();
    store.forEachOlderThan(Instant.now().plus(1, ChronoUnit.MINUTES), listed::add);
    assertThat(listed).contains(key);
    listed.clear();
    store.forEachOlderThan(Instant.now().minus(1, ChronoUnit.HOURS), listed::add);
    assertThat(listed).doesNotContain(key);

    // Writing the same content-addressed key again is harmless.
    store.put(key, file, "image/jpeg");
    store.delete(key);
    assertThat(store.get(key)).isEmpty();
    assertThat(store.olderThan(key, Instant.now().plus(1, ChronoUnit.MINUTES))).isFalse();
    store.delete(key);
  }

  @Test
  void aKeyThatIsNotOursIsRefusedBeforeAnyRequest() {
    assertThatThrownBy(() -> store.get("../secrets")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.get("images/../../x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.get("Images/ABC")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void wrongCredentialsAreAnErrorNotAMissingObject() {
    S3ObjectStore stranger =
        new S3ObjectStore(
            BUCKET,
            "us-east-1",
            server.endpoint().toString(),
            true,
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create("test-access-key", "wrong-secret")));
    assertThatThrownBy(() -> stranger.get("images/abc")).isInstanceOf(java.io.IOException.class);
  }
}
