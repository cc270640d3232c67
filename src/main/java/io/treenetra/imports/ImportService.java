package io.treenetra.imports;

import io.treenetra.auth.Caller;
import io.treenetra.job.JobQueue;
import io.treenetra.job.JobState;
import io.treenetra.job.Worker;
import io.treenetra.platform.idempotency.Idempotency;
import io.treenetra.platform.persistence.Jdbc;
import io.treenetra.platform.web.ApiException;
import io.treenetra.platform.web.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Accepts import files: the file is streamed into the database in chunks, in the same transaction
 * as its queued job, so an acknowledged import survives any instance; a worker takes it from there.
 */
@ApplicationScoped
public class ImportService {

  @Inject ImportRepository imports;
  @Inject Jdbc jdbc;
  @Inject JobQueue queue;
  @Inject Worker worker;
  @Inject Idempotency idempotency;

  private static final String SCOPE = "POST /imports";

  @Inject
  @ConfigProperty(name = "treenetra.import.max-bytes")
  long maxBytes;

  /** A file to import, as {@code POST /imports} received it. */
  public record Submission(
      InputStream body,
      Long contentLength,
      ImportFormat format,
      boolean dryRun,
      boolean atomic,
      String contentType,
      String idempotencyKey,
      Caller submitter,
      ImportRepository.Options options) {

    /** What tells two submissions apart for an Idempotency-Key: the parameters and the file. */
    String request(byte[] fileSha256) {
      return String.join(
          "|",
          format.value,
          Boolean.toString(dryRun),
          Boolean.toString(atomic),
          contentType,
          String.valueOf(options.srid()),
          Boolean.toString(options.createSpecies()),
          String.valueOf(options.mapping()),
          HexFormat.of().formatHex(fileSha256));
    }
  }

  /** The queued import, or the first answer to the same Idempotency-Key to send again. */
  public record Created(ImportResponse job, URI location, Idempotency.Replay replayed) {}

  /**
   * Stores the file and queues its import, in one transaction. With an Idempotency-Key, a retry of
   * the same file and parameters queues nothing and answers the first response (the whole file is
   * read again to tell it is the same). {@code locationOf} names an import by its id.
   */
  public Created create(Submission submission, Function<UUID, URI> locationOf) {
    if (submission.contentLength() != null && submission.contentLength() > maxBytes) {
      throw tooLarge();
    }
    UUID id;
    URI location;
    try {
      Stored stored = jdbc.transaction(connection -> store(connection, submission, locationOf));
      if (stored.replayed() != null) {
        return new Created(null, null, stored.replayed());
      }
      id = stored.id();
      location = stored.location();
    } catch (SQLException e) {
      throw new IllegalStateException("Could not store the import file", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the import file from the request", e);
    }
    worker.wake();
    return new Created(get(id), location, null);
  }

  private record Stored(UUID id, URI location, Idempotency.Replay replayed) {}

  /**
   * In the caller's transaction: the job, the import, the file in chunks, the key's answer. A
   * replayed key rolls back what this request wrote before it returns (the first request's import
   * stands), so the transaction then commits nothing.
   */
  private Stored store(Connection connection, Submission submission, Function<UUID, URI> locationOf)
      throws SQLException, IOException {
    UUID id = queue.enqueue(connection, ImportJob.KIND);
    URI location = locationOf.apply(id);
    imports.insert(
        connection,
        id,
        submission.format(),
        submission.dryRun(),
        submission.atomic(),
        submission.contentType(),
        submission.submitter(),
        submission.options());
    MessageDigest digest = sha256();
    long size = 0;
    int seq = 0;
    byte[] chunk = new byte[StoredFile.CHUNK_BYTES];
    InputStream body = submission.body();
    for (int read = body.readNBytes(chunk, 0, chunk.length);
        read > 0;
        read = body.readNBytes(chunk, 0, chunk.length)) {
      size += read;
      // Stops reading at the limit: the rest of a file too large is never read.
      if (size > maxBytes) {
        throw tooLarge();
      }
      digest.update(chunk, 0, read);
      imports.chunk(connection, id, seq++, chunk, read);
    }
    imports.size(connection, id, size);
    String key = submission.idempotencyKey();
    if (key != null) {
      String request = submission.request(digest.digest());
      Optional<Idempotency.Replay> replay =
          idempotency.claim(
              connection, key, SCOPE, Idempotency.sha256(request.getBytes(StandardCharsets.UTF_8)));
      if (replay.isPresent()) {
        connection.rollback();
        return new Stored(null, null, replay.get());
      }
      idempotency.answered(
          connection, key, SCOPE, 202, location, imports.find(connection, id).orElseThrow());
    }
    return new Stored(id, location, null);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public ImportResponse get(UUID id) {
    try {
      return imports.find(id).orElseThrow(() -> ApiException.notFound("No import " + id));
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read import " + id, e);
    }
  }

  /**
   * Cancels a queued or running import; cancelling one already cancelled changes nothing; a
   * finished one is a conflict.
   */
  public ImportResponse cancel(UUID id) {
    ImportResponse current = get(id);
    try {
      if (!queue.cancel(id) && !JobState.CANCELLED.is(current.state())) {
        ImportResponse now = get(id);
        if (!JobState.CANCELLED.is(now.state())) {
          throw ApiException.conflict(
              null,
              "Import "
                  + id
                  + " has already "
                  + now.state()
                  + "; only a queued or running import can be cancelled");
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not cancel import " + id, e);
    }
    return get(id);
  }

  private ApiException tooLarge() {
    return new ApiException(
        ErrorCode.PAYLOAD_TOO_LARGE,
        "An import file may have at most " + maxBytes + " bytes",
        List.of(),
        Map.of());
  }
}
