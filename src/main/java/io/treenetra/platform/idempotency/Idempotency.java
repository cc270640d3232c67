package io.treenetra.platform.idempotency;

import io.treenetra.platform.cache.CacheCluster;
import io.treenetra.platform.cache.Caches;
import io.treenetra.platform.persistence.ActorSource;
import io.treenetra.platform.persistence.AfterCommit;
import io.treenetra.platform.persistence.Clocks;
import io.treenetra.platform.persistence.Jdbc;
import io.treenetra.platform.web.ApiException;
import io.treenetra.platform.web.ErrorCode;
import io.treenetra.platform.web.FieldError;
import io.treenetra.platform.web.JsonConfig;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.infinispan.Cache;

/**
 * {@code Idempotency-Key} on POST: the first successful response is stored with the key in the same
 * transaction as the write, and replayed to every retry with the same request. A concurrent retry
 * waits on the key's row until the first commits, then replays it: one key, one resource.
 *
 * <p>One way for both kinds of POST: {@link #claim} the key in the write's transaction, write, then
 * record the answer ({@link #answered}). A JSON create does the three in {@link #once}; an import,
 * whose file is streamed rather than parsed, calls the two itself around storing the file.
 *
 * <p>PostgreSQL keeps the records, so no instance's death loses one; once committed, a record is
 * also put in the cluster's {@code idempotency} cache, from which any instance replays a retry
 * without touching the database.
 */
@ApplicationScoped
public class Idempotency {

  public static final String HEADER = "Idempotency-Key";
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";
  private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

  @Inject Jdbc jdbc;
  @Inject Clocks clocks;
  @Inject ActorSource actors;
  @Inject Caches caches;

  @Resource TransactionSynchronizationRegistry transactions;

  @Inject
  @ConfigProperty(name = "treenetra.idempotency.ttl-hours")
  int ttlHours;

  /** What a successful POST answers, before it becomes a response. */
  public record Created(int status, Object entity, URI location, String etag) {}

  /** The first answer to a key, as it was recorded, to be sent again. */
  public record Replay(int status, String location, String etag, String body) {

    public Response toResponse() {
      Response.ResponseBuilder response =
          Response.status(status)
              .type(MediaType.APPLICATION_JSON_TYPE)
              .entity(body)
              .header(REPLAYED_HEADER, "true");
      if (location != null) {
        response.header("Location", location);
      }
      if (etag != null) {
        response.header("ETag", etag);
      }
      return response.build();
    }
  }

  /** A key's committed record: who made it (the request's hash), its answer, and when. */
  private record Recorded(String requestHash, Replay answer, Instant createdAt) {

    /** As the cluster's cache keeps it: plain strings, which every instance can read. */
    String[] cached() {
      return new String[] {
        requestHash,
        Integer.toString(answer.status()),
        answer.location(),
        answer.etag(),
        answer.body()
      };
    }

    static Recorded ofCached(String[] cached) {
      return new Recorded(
          cached[0],
          new Replay(Integer.parseInt(cached[1]), cached[2], cached[3], cached[4]),
          null);
    }

    /** The answer, if this request is the one that was answered (else a 409). */
    Replay replayTo(String hash) {
      if (!hash.equals(requestHash)) {
        throw new ApiException(
            ErrorCode.CONFLICT,
            "This Idempotency-Key was already used with a different request body",
            List.of(new FieldError(HEADER, "was already used with a different request body")),
            Map.of());
      }
      return answer;
    }
  }

  /**
   * Runs {@code action} once per key: the first request with a key runs it and its answer is
   * recorded in the same transaction; a retry with the same body gets that answer again, a retry
   * with another body a 409. Without a key the action simply runs.
   */
  @Transactional
  public Response once(String key, String scope, JsonObject body, Supplier<Created> action) {
    if (key == null) {
      return toResponse(action.get());
    }
    String hash = sha256(body.toString());
    String cacheKey = ownScope(scope) + '\n' + key;
    Cache<String, String[]> answered = caches.get(CacheCluster.IDEMPOTENCY);
    String[] cached = answered.get(cacheKey);
    if (cached != null) {
      return Recorded.ofCached(cached).replayTo(hash).toResponse();
    }
    try {
      Optional<Recorded> earlier = jdbc.transaction(c -> claimOrRead(c, key, scope, hash));
      if (earlier.isPresent()) {
        Recorded recorded = earlier.get();
        // Cached no longer than the record itself lives in the database.
        long leftMillis =
            Duration.between(clocks.now(), recorded.createdAt().plus(Duration.ofHours(ttlHours)))
                .toMillis();
        if (leftMillis > 0) {
          answered.put(cacheKey, recorded.cached(), leftMillis, TimeUnit.MILLISECONDS);
        }
        return recorded.replayTo(hash).toResponse();
      }
      Created created = action.get();
      Replay answer =
          jdbc.transaction(
              c ->
                  record(
                      c,
                      key,
                      scope,
                      created.status(),
                      created.location(),
                      created.etag(),
                      created.entity()));
      Recorded recorded = new Recorded(hash, answer, clocks.now());
      AfterCommit.run(
          transactions, () -> answered.put(cacheKey, recorded.cached(), ttlHours, TimeUnit.HOURS));
      return toResponse(created);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not keep the Idempotency-Key " + key, e);
    }
  }

  /**
   * In the caller's transaction, after the request was read: empty when this request holds the key
   * now (it must then call {@link #answered} in the same transaction), else the first response to
   * replay, and the caller rolls back what it wrote. {@code hash} identifies the request (its body
   * and parameters).
   */
  public Optional<Replay> claim(Connection connection, String key, String scope, String hash)
      throws SQLException {
    return claimOrRead(connection, key, scope, hash).map(recorded -> recorded.replayTo(hash));
  }

  /** Records the response of a request that {@link #claim}ed its key, in the same transaction. */
  public void answered(
      Connection connection, String key, String scope, int status, URI location, Object entity)
      throws SQLException {
    record(connection, key, scope, status, location, null, entity);
  }

  /** The SHA-256 of these bytes, in hexadecimal: how requests are told apart. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Claims the key for this request (empty), or answers the record of the request that holds it. An
   * expired record is removed first, so its key is free again.
   */
  private Optional<Recorded> claimOrRead(
      Connection connection, String key, String scope, String hash) throws SQLException {
    if (!VALID_KEY.matcher(key).matches()) {
      throw ApiException.invalid(HEADER, "must be 1 to 255 printable ASCII characters");
    }
    String own = ownScope(scope);
    try (PreparedStatement expired =
            connection.prepareStatement(
                """
                DELETE FROM idempotency_key WHERE scope = ? AND idem_key = ?
                   AND created_at < now() - make_interval(hours => ?)""");
        PreparedStatement claim =
            connection.prepareStatement(
                """
                INSERT INTO idempotency_key (scope, idem_key, request_hash) VALUES (?, ?, ?)
                ON CONFLICT DO NOTHING""")) {
      expired.setString(1, own);
      expired.setString(2, key);
      expired.setInt(3, ttlHours);
      expired.executeUpdate();
      claim.setString(1, own);
      claim.setString(2, key);
      claim.setString(3, hash);
      if (claim.executeUpdate() == 1) {
        return Optional.empty();
      }
    }
    // Another request holds the key: its transaction has ended (the insert waited for it).
    try (PreparedStatement stored =
        connection.prepareStatement(
            """
            SELECT request_hash, status_code, location, etag, body, created_at
              FROM idempotency_key WHERE scope = ? AND idem_key = ?""")) {
      stored.setString(1, own);
      stored.setString(2, key);
      try (ResultSet row = stored.executeQuery()) {
        if (!row.next() || row.getObject(2) == null) {
          throw ApiException.conflict(
              HEADER, "A request with this Idempotency-Key is still in progress; retry shortly");
        }
        return Optional.of(
            new Recorded(
                row.getString(1),
                new Replay(row.getInt(2), row.getString(3), row.getString(4), row.getString(5)),
                row.getTimestamp(6).toInstant()));
      }
    }
  }

  private Replay record(
      Connection connection,
      String key,
      String scope,
      int status,
      URI location,
      String etag,
      Object entity)
      throws SQLException {
    Replay answer =
        new Replay(
            status,
            location == null ? null : location.toString(),
            etag,
            JsonConfig.jsonb().toJson(entity));
    try (PreparedStatement update =
        connection.prepareStatement(
            """
            UPDATE idempotency_key SET status_code = ?, location = ?, etag = ?, body = ?
             WHERE scope = ? AND idem_key = ?""")) {
      update.setInt(1, answer.status());
      update.setString(2, answer.location());
      update.setString(3, answer.etag());
      update.setString(4, answer.body());
      update.setString(5, ownScope(scope));
      update.setString(6, key);
      update.executeUpdate();
    }
    return answer;
  }

  private static Response toResponse(Created created) {
    Response.ResponseBuilder response = Response.status(created.status()).entity(created.entity());
    if (created.location() != null) {
      response.location(created.location());
    }
    if (created.etag() != null) {
      response.header("ETag", created.etag());
    }
    return response.build();
  }

  private static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Keys are each user's own: the same key from two users is two keys, and never replays one user's
   * answer to another.
   */
  private String ownScope(String scope) {
    return actors.current().map(actor -> scope + " @" + actor.id()).orElse(scope);
  }
}
