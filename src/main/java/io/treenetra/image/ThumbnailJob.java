package io.treenetra.image;

import io.treenetra.job.JobContext;
import io.treenetra.job.JobHandler;
import io.treenetra.job.JobState;
import io.treenetra.platform.persistence.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Makes an image's thumbnail in the background: stored under its own content-addressed key, then
 * recorded on the image with the job's end, in one transaction under the job's lease. An image that
 * cannot be decoded fails its job; its thumbnail URL keeps answering 404.
 */
@ApplicationScoped
public class ThumbnailJob implements JobHandler {

  @Inject ImageRepository images;
  @Inject Jdbc jdbc;
  @Inject ObjectStore store;

  @Override
  public String kind() {
    return ImageService.THUMBNAIL_JOB;
  }

  @Override
  public void run(JobContext job) throws Exception {
    Optional<ImageRepository.Image> found = images.findAny(job.subject());
    if (found.isEmpty()) {
      end(job, JobState.SUCCEEDED, null, null, null);
      return;
    }
    ImageRepository.Image image = found.get();
    Path source = Files.createTempFile("treenetra-image-", ".bin");
    Path thumbnail = Files.createTempFile("treenetra-thumbnail-", ".jpg");
    try {
      Optional<ObjectStore.StoredObject> object = store.get(image.contentKey());
      if (object.isEmpty()) {
        end(
            job,
            JobState.FAILED,
            "The image's bytes are missing from the object store",
            null,
            null);
        return;
      }
      try (InputStream in = object.get().content()) {
        Files.copy(in, source, StandardCopyOption.REPLACE_EXISTING);
      }
      try {
        Thumbnails.make(source, image.contentType(), thumbnail);
      } catch (IOException | RuntimeException e) {
        end(job, JobState.FAILED, "The image cannot be decoded: " + e.getMessage(), null, null);
        return;
      }
      end(
          job,
          JobState.SUCCEEDED,
          null,
          new String[] {image.id().toString(), "thumbnails/" + sha256(thumbnail) + ".jpg"},
          thumbnail);
    } finally {
      Files.deleteIfExists(source);
      Files.deleteIfExists(thumbnail);
    }
  }

  /**
   * Ends the job; with a thumbnail, stores it (under its key's lock, as uploads do) and records it
   * on the image.
   */
  private void end(JobContext job, JobState state, String error, String[] thumbnail, Path file)
      throws Exception {
    jdbc.transaction(
        connection -> {
          job.checkpoint(connection);
          if (thumbnail != null) {
            ImageRepository.lock(connection, thumbnail[1]);
            store.put(thumbnail[1], file, "image/jpeg");
            images.thumbnail(connection, java.util.UUID.fromString(thumbnail[0]), thumbnail[1]);
          }
          job.finish(connection, state, error);
          return null;
        });
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
