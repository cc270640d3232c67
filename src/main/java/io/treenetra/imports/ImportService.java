package io.treenetra.imports;

import io.treenetra.job.JobQueue;
import io.treenetra.job.Worker;
import io.treenetra.platform.web.ApiException;
import io.treenetra.platform.web.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Accepts import files: the file is streamed into the database in chunks, in the same transaction
 * as its queued job, so an acknowledged import survives any instance; a worker takes it from there.
 */
@ApplicationScoped
public class ImportService {

  @Inject ImportRepository imports;
  @Inject JobQueue queue;
  @Inject Worker worker;

  @Inject
  @ConfigProperty(name = "treenetra.import.max-bytes", defaultValue = "536870912")
  long maxBytes;

  public ImportResponse create(InputStream body, Long contentLength, ImportFormat format, boolean dryRun, boolean atomic,
      String contentType) {
    if (contentLength != null && contentLength > maxBytes) {
      throw tooLarge();
    }
    UUID id;
    try (Connection connection = imports.dataSource().getConnection()) {
      connection.setAutoCommit(false);
      try {
        id = queue.enqueue(connection, ImportJob.KIND);
        imports.insert(connection, id, format, dryRun, atomic, contentType);
        long size = 0;
        int seq = 0;
        byte[] chunk = new byte[StoredFile.CHUNK_BYTES];
        for (int read = body.readNBytes(chunk, 0, chunk.length); read > 0; read = body.readNBytes(chunk, 0, chunk.length)) {
          size += read;
          // Stops reading at the limit: the rest of a file too large is never read.
          if (size > maxBytes) {
            throw tooLarge();
          }
          imports.chunk(connection, id, seq++, chunk, read);
        }
        imports.size(connection, id, size);
        connection.commit();
      } finally {
        connection.rollback();
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not store the import file", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the import file from the request", e);
    }
    worker.wake();
    return get(id);
  }

  public ImportResponse get(UUID id) {
    try {
      return imports.find(id).orElseThrow(() -> ApiException.notFound("No import " + id));
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read import " + id, e);
    }
  }

  /** Cancels a queued or running import; cancelling one already cancelled changes nothing; a finished one is a conflict. */
  public ImportResponse cancel(UUID id) {
    ImportResponse current = get(id);
    try {
      if (!queue.cancel(id) && !current.state().equals("cancelled")) {
        ImportResponse now = get(id);
        if (!now.state().equals("cancelled")) {
          throw ApiException.conflict(null, "Import " + id + " has already " + now.state() + "; only a queued or running import can be cancelled");
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not cancel import " + id, e);
    }
    return get(id);
  }

  private ApiException tooLarge() {
    return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "An import file may have at most " + maxBytes + " bytes",
        List.of(), Map.of());
  }
}
