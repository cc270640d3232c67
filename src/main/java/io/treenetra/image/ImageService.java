package io.treenetra.image;

import io.treenetra.auth.Caller;
import io.treenetra.auth.Callers;
import io.treenetra.job.JobQueue;
import io.treenetra.job.Worker;
import io.treenetra.platform.persistence.AuditActor;
import io.treenetra.platform.persistence.Clocks;
import io.treenetra.platform.persistence.Jdbc;
import io.treenetra.platform.web.ApiException;
import io.treenetra.platform.web.ErrorCode;
import io.treenetra.platform.web.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.FileUploadSizeException;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Receives a photo: streamed to a temporary file as it arrives (reading stops at the size limit),
 * judged by its bytes, stored in the object store under its SHA-256, and only then recorded, with
 * the job that makes its thumbnail, in one transaction.
 */
@ApplicationScoped
public class ImageService {

  static final String THUMBNAIL_JOB = "thumbnail";
  private static final int MAX_CAPTION = 500;
  private static final int MAX_FILE_NAME = 255;

  @Inject Clocks clocks;
  @Inject ImageRepository images;
  @Inject Jdbc jdbc;
  @Inject ObjectStore store;
  @Inject JobQueue queue;
  @Inject Worker worker;

  @Inject
  @ConfigProperty(name = "treenetra.image.max-bytes")
  long maxBytes;

  @Inject
  @ConfigProperty(name = "treenetra.image.max-pixels")
  long maxPixels;

  /**
   * A page of a tree's photos in order, after {@code after}; a 404 for a tree that is not there.
   */
  public List<ImageRepository.Image> ofTree(UUID treeId, ImageRepository.Image after, int limit) {
    try {
      if (!images.treeExists(treeId)) {
        throw ApiException.notFound("No tree " + treeId);
      }
      return images.ofTree(treeId, after, limit);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read the photos of tree " + treeId, e);
    }
  }

  /** The photo, or a 404. */
  public ImageRepository.Image get(UUID id) {
    try {
      return images.find(id).orElseThrow(() -> ApiException.notFound("No image " + id));
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read image " + id, e);
    }
  }

  /** Deletes the photo (its bytes go with the next sweep), or a 404. */
  public void delete(UUID id, Caller caller) {
    try {
      if (!images.delete(id, caller)) {
        throw ApiException.notFound("No image " + id);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not delete image " + id, e);
    }
  }

  public ImageRepository.Image upload(UUID treeId, HttpServletRequest request) {
    try {
      if (!images.treeExists(treeId)) {
        throw ApiException.notFound("No tree " + treeId);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    if (request.getContentLengthLong() > maxBytes + 64 * 1024) {
      throw tooLarge();
    }
    Path file = null;
    try {
      file = Files.createTempFile("treenetra-upload-", ".bin");
      Received received = receive(request, file);
      ImageInspector.Inspected inspected = ImageInspector.inspect(file, maxPixels);
      String key = "images/" + received.sha256();
      ImageRepository.Image image =
          new ImageRepository.Image(
              UUID.randomUUID(),
              treeId,
              inspected.contentType(),
              received.sizeBytes(),
              inspected.width(),
              inspected.height(),
              received.caption(),
              received.fileName(),
              key,
              null,
              clocks.now());
      Path stored = file;
      jdbc.transaction(
          connection -> {
            // The object first, then the row: under the key's lock, so the sweep cannot remove an
            // object that an identical earlier photo left behind just as this upload records it
            // again.
            AuditActor.bind(connection, Caller.actor(Callers.current().orElse(null)));
            ImageRepository.lock(connection, key);
            store.put(key, stored, inspected.contentType());
            images.insert(connection, image);
            queue.enqueue(connection, THUMBNAIL_JOB, image.id());
            return null;
          });
      worker.wake();
      return image;
    } catch (ImageInspector.Refused refused) {
      if (refused.unsupported()) {
        throw new ApiException(
            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            "file " + refused.getMessage(),
            List.of(new FieldError("file", refused.getMessage())),
            Map.of());
      }
      throw ApiException.invalid("file", refused.getMessage());
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("Could not store an image of tree " + treeId, e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // a temporary file; the system cleans its temporary directory
        }
      }
    }
  }

  private record Received(long sizeBytes, String sha256, String caption, String fileName) {}

  /**
   * Reads the multipart body: the part {@code file} to disk, the part {@code caption} as text;
   * nothing else is kept.
   */
  private Received receive(HttpServletRequest request, Path file) throws IOException {
    JakartaServletFileUpload<?, ?> upload = new JakartaServletFileUpload<>();
    upload.setFileSizeMax(maxBytes);
    upload.setSizeMax(maxBytes + 64 * 1024);
    String caption = null;
    String fileName = null;
    long size = -1;
    String sha256 = null;
    try {
      FileItemInputIterator parts = upload.getItemIterator(request);
      while (parts.hasNext()) {
        FileItemInput part = parts.next();
        if (part.getFieldName() == null) {
          continue;
        }
        if (part.getFieldName().equals("caption") && part.isFormField()) {
          try (InputStream in = part.getInputStream()) {
            byte[] text = in.readNBytes(MAX_CAPTION * 4 + 1);
            caption = new String(text, StandardCharsets.UTF_8);
            if (caption.length() > MAX_CAPTION) {
              throw ApiException.invalid(
                  "caption", "must be at most " + MAX_CAPTION + " characters");
            }
          }
        } else if (part.getFieldName().equals("file") && !part.isFormField() && sha256 == null) {
          MessageDigest digest = sha256();
          try (InputStream in = part.getInputStream();
              OutputStream out = new DigestOutputStream(Files.newOutputStream(file), digest)) {
            size = in.transferTo(out);
          }
          sha256 = HexFormat.of().formatHex(digest.digest());
          fileName = safeName(clientName(part));
        }
      }
    } catch (FileUploadSizeException e) {
      throw tooLarge();
    } catch (FileUploadException e) {
      if (e.getCause() instanceof FileUploadSizeException) {
        throw tooLarge();
      }
      throw ApiException.invalid("file", "the multipart body cannot be read: " + e.getMessage());
    }
    if (sha256 == null) {
      throw ApiException.invalid(
          "file", "is required: send the photo as the multipart part named file");
    }
    if (size == 0) {
      throw ApiException.invalid("file", "is empty");
    }
    return new Received(
        size, sha256, caption == null || caption.isBlank() ? null : caption.strip(), fileName);
  }

  /**
   * The name the client gave the file; FileUpload refuses to return one with a NUL, which is data
   * all the same.
   */
  private static String clientName(FileItemInput part) {
    try {
      return part.getName();
    } catch (java.nio.file.InvalidPathException e) {
      return e.getInput();
    }
  }

  /**
   * The client's file name, kept as data only (never a path): no control characters, at most 255
   * characters.
   */
  static String safeName(String name) {
    if (name == null) {
      return null;
    }
    String clean =
        name.codePoints()
            .filter(c -> !Character.isISOControl(c))
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString()
            .strip();
    if (clean.isEmpty()) {
      return null;
    }
    return clean.length() <= MAX_FILE_NAME ? clean : clean.substring(0, MAX_FILE_NAME);
  }

  private ApiException tooLarge() {
    return new ApiException(
        ErrorCode.PAYLOAD_TOO_LARGE,
        "A photo may have at most " + maxBytes + " bytes",
        List.of(new FieldError("file", "is larger than " + maxBytes + " bytes")),
        Map.of());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
