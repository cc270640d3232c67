package io.treenetra.platform.idempotency;

import io.treenetra.platform.cache.CacheCluster;
import io.treenetra.platform.cache.Caches;
import io.treenetra.platform.persistence.ActorSource;
import io.treenetra.platform.persistence.AfterCommit;
import io.treenetra.platform.web.ApiException;
import io.treenetra.platform.web.ErrorCode;
import io.treenetra.platform.web.JsonConfig;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.query.NativeQuery;
import org.infinispan.Cache;

/**
 * {@code Idempotency-Key} on POST: the first successful response is stored with the key in the same
 * transaction as the write, and replayed to every retry with the same body. A concurrent retry
 * waits on the key's row until the first commits, then replays it: one key, one resource.
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

  @PersistenceContext EntityManager em;

  @Inject ActorSource actors;

  @Inject Caches caches;

  @Resource TransactionSynchronizationRegistry transactions;

  @Inject
  @ConfigProperty(name = "treenetra.idempotency.ttl-hours", defaultValue = "24")
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

  @Transactional
  public Response once(String key, String scope, JsonObject body, Supplier<Created> action) {
    if (key == null) {
      return toResponse(action.get());
    }
    scope = ownScope(scope);
    if (!VALID_KEY.matcher(key).matches()) {
      throw ApiException.invalid(HEADER, "must be 1 to 255 printable ASCII characters");
    }
    String hash = sha256(body.toString());
    String cacheKey = scope + '\n' + key;
    Cache<String, String[]> answered = caches.get(CacheCluster.IDEMPOTENCY);
    String[] record = answered.get(cacheKey);
    if (record != null) {
      return replay(record, hash);
    }
    sql("DELETE FROM idempotency_key WHERE scope = ?1 AND idem_key = ?2"
            + " AND created_at < now() - make_interval(hours => ?3)")
        .setParameter(1, scope)
        .setParameter(2, key)
        .setParameter(3, ttlHours)
        .executeUpdate();
    int claimed =
        sql("INSERT INTO idempotency_key (scope, idem_key, request_hash) VALUES (?1, ?2, ?3)"
                + " ON CONFLICT DO NOTHING")
            .setParameter(1, scope)
            .setParameter(2, key)
            .setParameter(3, hash)
            .executeUpdate();
    if (claimed == 1) {
      Created created = action.get();
      String json = JsonConfig.jsonb().toJson(created.entity());
      String[] answer = {
        hash,
        Integer.toString(created.status()),
        created.location() == null ? null : created.location().toString(),
        created.etag(),
        json
      };
      AfterCommit.run(transactions, () -> answered.put(cacheKey, answer, ttlHours, TimeUnit.HOURS));
      sql("UPDATE idempotency_key SET status_code = ?1, location = ?2, etag = ?3, body = ?4"
              + " WHERE scope = ?5 AND idem_key = ?6")
          .setParameter(1, created.status())
          .setParameter(2, created.location() == null ? null : created.location().toString())
          .setParameter(3, created.etag())
          .setParameter(4, json)
          .setParameter(5, scope)
          .setParameter(6, key)
          .executeUpdate();
      return toResponse(created);
    }
    Object[] row = stored(scope, key);
    String[] stored = Arrays.copyOf(row, 5, String[].class);
    // Cached no longer than the record itself lives in the database.
    long leftMillis =
        Duration.between(Instant.now(), ((Instant) row[5]).plus(Duration.ofHours(ttlHours)))
            .toMillis();
    if (leftMillis > 0) {
      answered.put(cacheKey, stored, leftMillis, TimeUnit.MILLISECONDS);
    }
    return replay(stored, hash);
  }

  /**
   * For a POST whose body is streamed rather than parsed (an import file), in the caller's JDBC
   * transaction, after the body was read: empty when this request holds the key now (it must then
   * call {@link #answered} in the same transaction), else the first response to replay, and the
   * caller rolls back what it wrote. {@code hash} identifies the request (its body and parameters).
   */
  public java.util.Optional<Replay> claim(
      java.sql.Connection connection, String key, String scope, String hash)
      throws java.sql.SQLException {
    scope = ownScope(scope);
    if (!VALID_KEY.matcher(key).matches()) {
      throw ApiException.invalid(HEADER, "must be 1 to 255 printable ASCII characters");
    }
    try (java.sql.PreparedStatement expired =
            connection.prepareStatement(
                "DELETE FROM idempotency_key WHERE scope = ? AND idem_key = ? AND created_at < now() - make_interval(hours => ?)");
        java.sql.PreparedStatement claim =
            connection.prepareStatement(
                "INSERT INTO idempotency_key (scope, idem_key, request_hash) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
      expired.setString(1, scope);
      expired.setString(2, key);
      expired.setInt(3, ttlHours);
      expired.executeUpdate();
      claim.setString(1, scope);
      claim.setString(2, key);
      claim.setString(3, hash);
      if (claim.executeUpdate() == 1) {
        return java.util.Optional.empty();
      }
    }
    // Another request holds the key: its transaction has ended (the insert waited for it).
    try (java.sql.PreparedStatement stored =
        connection.prepareStatement(
            "SELECT request_hash, status_code::text, location, etag, body FROM idempotency_key WHERE scope = ? AND idem_key = ?")) {
      stored.setString(1, scope);
      stored.setString(2, key);
      try (java.sql.ResultSet row = stored.executeQuery()) {
        if (!row.next() || row.getString(2) == null) {
          throw ApiException.conflict(
              HEADER, "A request with this Idempotency-Key is still in progress; retry shortly");
        }
        return java.util.Optional.of(
            recorded(
                new String[] {
                  row.getString(1),
                  row.getString(2),
                  row.getString(3),
                  row.getString(4),
                  row.getString(5)
                },
                hash));
      }
    }
  }

  /** Records the response of a request that {@link #claim}ed its key, in the same transaction. */
  public void answered(
      java.sql.Connection connection,
      String key,
      String scope,
      int status,
      URI location,
      Object entity)
      throws java.sql.SQLException {
    scope = ownScope(scope);
    try (java.sql.PreparedStatement answer =
        connection.prepareStatement(
            "UPDATE idempotency_key SET status_code = ?, location = ?, body = ? WHERE scope = ? AND idem_key = ?")) {
      answer.setInt(1, status);
      answer.setString(2, location == null ? null : location.toString());
      answer.setString(3, JsonConfig.jsonb().toJson(entity));
      answer.setString(4, scope);
      answer.setString(5, key);
      answer.executeUpdate();
    }
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
   * The committed record of this key: hash, status, location, ETag, body (as the cache keeps them),
   * then its creation time.
   */
  private Object[] stored(String scope, String key) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        sql("SELECT request_hash, status_code::text, location, etag, body, (extract(epoch FROM created_at) * 1000)::bigint FROM idempotency_key"
                + " WHERE scope = ?1 AND idem_key = ?2")
            .setParameter(1, scope)
            .setParameter(2, key)
            .getResultList();
    if (rows.isEmpty() || rows.get(0)[1] == null) {
      throw ApiException.conflict(
          HEADER, "A request with this Idempotency-Key is still in progress; retry shortly");
    }
    Object[] row = rows.get(0);
    row[5] = Instant.ofEpochMilli(((Number) row[5]).longValue());
    return row;
  }

  private static Response replay(String[] row, String hash) {
    return recorded(row, hash).toResponse();
  }

  /** The recorded answer, when this request is the one that was answered. */
  private static Replay recorded(String[] row, String hash) {
    if (!hash.equals(row[0])) {
      throw new ApiException(
          ErrorCode.CONFLICT,
          "This Idempotency-Key was already used with a different request body",
          List.of(
              new io.treenetra.platform.web.FieldError(
                  HEADER, "was already used with a different request body")),
          java.util.Map.of());
    }
    return new Replay(Integer.parseInt(row[1]), row[2], row[3], row[4]);
  }

  /**
   * A native statement on idempotency_key only: Hibernate must not empty the entity caches for it.
   */
  private Query sql(String statement) {
    return em.createNativeQuery(statement)
        .unwrap(NativeQuery.class)
        .addSynchronizedQuerySpace("idempotency_key");
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
