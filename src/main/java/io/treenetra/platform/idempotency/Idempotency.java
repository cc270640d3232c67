package io.treenetra.platform.idempotency;

import io.treenetra.platform.web.ApiException;
import io.treenetra.platform.web.ErrorCode;
import io.treenetra.platform.web.JsonConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code Idempotency-Key} on POST: the first successful response is stored with the key in the
 * same transaction as the write, and replayed to every retry with the same body. A concurrent retry
 * waits on the key's row until the first commits, then replays it: one key, one resource.
 */
@ApplicationScoped
public class Idempotency {

  public static final String HEADER = "Idempotency-Key";
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";
  private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

  @PersistenceContext EntityManager em;

  @Inject
  @ConfigProperty(name = "treenetra.idempotency.ttl-hours", defaultValue = "24")
  int ttlHours;

  /** What a successful POST answers, before it becomes a response. */
  public record Created(int status, Object entity, URI location, String etag) {}

  @Transactional
  public Response once(String key, String scope, JsonObject body, Supplier<Created> action) {
    if (key == null) {
      return toResponse(action.get());
    }
    if (!VALID_KEY.matcher(key).matches()) {
      throw ApiException.invalid(HEADER, "must be 1 to 255 printable ASCII characters");
    }
    String hash = sha256(body.toString());
    em.createNativeQuery(
            "DELETE FROM idempotency_key WHERE scope = ?1 AND idem_key = ?2"
                + " AND created_at < now() - make_interval(hours => ?3)")
        .setParameter(1, scope).setParameter(2, key).setParameter(3, ttlHours)
        .executeUpdate();
    int claimed =
        em.createNativeQuery(
                "INSERT INTO idempotency_key (scope, idem_key, request_hash) VALUES (?1, ?2, ?3)"
                    + " ON CONFLICT DO NOTHING")
            .setParameter(1, scope).setParameter(2, key).setParameter(3, hash)
            .executeUpdate();
    if (claimed == 1) {
      Created created = action.get();
      String json = JsonConfig.jsonb().toJson(created.entity());
      em.createNativeQuery(
              "UPDATE idempotency_key SET status_code = ?1, location = ?2, etag = ?3, body = ?4"
                  + " WHERE scope = ?5 AND idem_key = ?6")
          .setParameter(1, created.status())
          .setParameter(2, created.location() == null ? null : created.location().toString())
          .setParameter(3, created.etag())
          .setParameter(4, json)
          .setParameter(5, scope).setParameter(6, key)
          .executeUpdate();
      return toResponse(created);
    }
    return replay(scope, key, hash);
  }

  private Response replay(String scope, String key, String hash) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT request_hash, status_code, location, etag, body FROM idempotency_key"
                    + " WHERE scope = ?1 AND idem_key = ?2")
            .setParameter(1, scope).setParameter(2, key)
            .getResultList();
    if (rows.isEmpty() || rows.get(0)[1] == null) {
      throw ApiException.conflict(HEADER, "A request with this Idempotency-Key is still in progress; retry shortly");
    }
    Object[] row = rows.get(0);
    if (!hash.equals(row[0])) {
      throw new ApiException(
          ErrorCode.CONFLICT,
          "This Idempotency-Key was already used with a different request body",
          List.of(new io.treenetra.platform.web.FieldError(HEADER, "was already used with a different request body")),
          java.util.Map.of());
    }
    Response.ResponseBuilder response =
        Response.status(((Number) row[1]).intValue())
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(row[4])
            .header(REPLAYED_HEADER, "true");
    if (row[2] != null) {
      response.header("Location", row[2]);
    }
    if (row[3] != null) {
      response.header("ETag", row[3]);
    }
    return response.build();
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
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
