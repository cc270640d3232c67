package io.treenetra.auth;

import io.treenetra.platform.persistence.Clocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refresh tokens: 256 random bits handed to the client once, stored only as their SHA-256. Runs
 * inside its callers' transactions.
 */
@ApplicationScoped
public class RefreshTokens {

  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject
  @ConfigProperty(name = "treenetra.jwt.refresh-token-days")
  long lifetimeDays;

  @Inject Clocks clocks;
  @PersistenceContext EntityManager em;

  /** What a presented token turned out to be: its row, locked, or nothing when unknown. */
  record Stored(
      byte[] hash, UUID familyId, UUID userId, Instant expiresAt, boolean used, boolean revoked) {}

  /**
   * A new token for {@code userId} in {@code familyId}; returns the token itself, the only time it
   * exists in clear.
   */
  String issue(UUID userId, UUID familyId) {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Instant now = clocks.now();
    em.createNativeQuery(
            "INSERT INTO refresh_token (token_hash, family_id, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)")
        .setParameter(1, hash(token))
        .setParameter(2, familyId)
        .setParameter(3, userId)
        .setParameter(4, Timestamp.from(now))
        .setParameter(5, Timestamp.from(now.plus(Duration.ofDays(lifetimeDays))))
        .executeUpdate();
    return token;
  }

  Optional<Stored> lock(String token) {
    byte[] hash = hash(token);
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT family_id, user_id, expires_at, used_at IS NOT NULL, revoked_at IS NOT NULL"
                    + " FROM refresh_token WHERE token_hash = ?1 FOR UPDATE")
            .setParameter(1, hash)
            .getResultList();
    return rows.stream()
        .findFirst()
        .map(
            row ->
                new Stored(
                    hash,
                    (UUID) row[0],
                    (UUID) row[1],
                    instant(row[2]),
                    (Boolean) row[3],
                    (Boolean) row[4]));
  }

  void markUsed(byte[] hash) {
    em.createNativeQuery("UPDATE refresh_token SET used_at = ?2 WHERE token_hash = ?1")
        .setParameter(1, hash)
        .setParameter(2, Timestamp.from(clocks.now()))
        .executeUpdate();
  }

  void revokeFamily(UUID familyId) {
    em.createNativeQuery(
            "UPDATE refresh_token SET revoked_at = ?2 WHERE family_id = ?1 AND revoked_at IS NULL")
        .setParameter(1, familyId)
        .setParameter(2, Timestamp.from(clocks.now()))
        .executeUpdate();
  }

  void revokeUser(UUID userId) {
    em.createNativeQuery(
            "UPDATE refresh_token SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL")
        .setParameter(1, userId)
        .setParameter(2, Timestamp.from(clocks.now()))
        .executeUpdate();
  }

  /** Tokens a day past their expiry are of no use to anyone, not even for reuse detection. */
  public int purgeExpired() {
    return em.createNativeQuery("DELETE FROM refresh_token WHERE expires_at < ?1")
        .setParameter(1, Timestamp.from(clocks.now().minus(Duration.ofDays(1))))
        .executeUpdate();
  }

  private static Instant instant(Object value) {
    if (value instanceof Timestamp timestamp) {
      return timestamp.toInstant();
    }
    if (value instanceof java.time.OffsetDateTime offset) {
      return offset.toInstant();
    }
    return (Instant) value;
  }

  static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
