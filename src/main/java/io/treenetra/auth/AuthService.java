package io.treenetra.auth;

import io.treenetra.platform.persistence.Clocks;
import io.treenetra.platform.ratelimit.RateLimiter;
import io.treenetra.platform.web.ApiException;
import io.treenetra.platform.web.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Sign-in, refresh with rotation and reuse detection, sign-out. */
@ApplicationScoped
public class AuthService {

  private static final Logger LOG = Logger.getLogger(AuthService.class.getName());

  @Inject Clocks clocks;
  @Inject UserService users;
  @Inject AccessTokens accessTokens;
  @Inject RefreshTokens refreshTokens;
  @Inject RateLimiter limiter;

  @Inject
  @ConfigProperty(name = "treenetra.auth.login-attempts-per-minute")
  long attemptsPerName;

  @Inject
  @ConfigProperty(name = "treenetra.auth.login-attempts-per-address-per-minute")
  long attemptsPerAddress;

  @JsonbPropertyOrder({"accessToken", "refreshToken", "tokenType", "expiresIn"})
  public record Tokens(String accessToken, String refreshToken, String tokenType, long expiresIn) {}

  @Transactional
  public Tokens login(String username, char[] password, String clientAddress) {
    // Both counters are taken before the password is checked: guessing is slowed for one name from
    // many addresses and for one address trying many names.
    throttle("login-address:" + clientAddress, attemptsPerAddress);
    throttle("login-name:" + username.toLowerCase(Locale.ROOT), attemptsPerName);
    Optional<User> user = users.byName(username);
    boolean valid = PasswordHasher.verify(password, user.map(User::passwordHash).orElse(null));
    java.util.Arrays.fill(password, '\0');
    if (!valid) {
      LOG.info(() -> "Failed sign-in for a user name from " + clientAddress);
      throw unauthorized("Wrong user name or password");
    }
    return tokens(user.get(), UUID.randomUUID());
  }

  /**
   * A new pair for a refresh token that is current; the presented token is used up. A token that
   * was used already means it was copied: the whole family is revoked, and that revocation stays
   * although the request fails.
   */
  @Transactional(dontRollbackOn = ApiException.class)
  public Tokens refresh(String token) {
    RefreshTokens.Stored stored =
        refreshTokens.lock(token).orElseThrow(() -> unauthorized("Unknown refresh token"));
    if (stored.revoked()) {
      throw unauthorized("This refresh token was revoked");
    }
    if (stored.used()) {
      refreshTokens.revokeFamily(stored.familyId());
      LOG.warning(
          () ->
              "A refresh token was presented a second time; its sign-in is revoked (user "
                  + stored.userId()
                  + ")");
      throw unauthorized("This refresh token was used already; its sign-in is revoked");
    }
    if (stored.expiresAt().isBefore(clocks.now())) {
      throw unauthorized("This refresh token has expired");
    }
    refreshTokens.markUsed(stored.hash());
    User user = users.get(stored.userId());
    return tokens(user, stored.familyId());
  }

  /** Ends the sign-in a refresh token belongs to; an unknown token ends nothing and is no error. */
  @Transactional
  public void logout(String token) {
    refreshTokens.lock(token).ifPresent(stored -> refreshTokens.revokeFamily(stored.familyId()));
  }

  private Tokens tokens(User user, UUID familyId) {
    String refresh = refreshTokens.issue(user.id(), familyId);
    return new Tokens(accessTokens.issue(user), refresh, "Bearer", accessTokens.lifetimeSeconds());
  }

  private void throttle(String key, long limit) {
    RateLimiter.Decision decision = limiter.acquire(key, limit);
    if (!decision.allowed()) {
      throw new ApiException(
          ErrorCode.RATE_LIMIT_EXCEEDED,
          "Too many sign-in attempts; try again later",
          List.of(),
          Map.of("Retry-After", Long.toString(decision.retryAfterSeconds(clocks.now()))));
    }
  }

  static ApiException unauthorized(String detail) {
    return new ApiException(
        ErrorCode.AUTHENTICATION_ERROR, detail, List.of(), Map.of("WWW-Authenticate", "Bearer"));
  }
}
