package io.treenetra.auth;

import io.treenetra.platform.persistence.Clocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.lang.reflect.Constructor;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies access tokens with MicroProfile JWT: Payara's implementation of it (its identity store,
 * configured by the {@code mp.jwt.*} properties that {@link JwtKeyConfigSource} gives) checks the
 * signature, issuer, audience and expiry. A token that verified is remembered until it expires, so
 * later requests with the same token cost a map lookup instead of an RSA verification; a token that
 * failed is never remembered, so a bad token is checked, and refused, every time.
 *
 * <p>The service calls the verifier itself, from {@link AuthenticationFilter}, instead of
 * installing MicroProfile JWT as the container's authentication mechanism: through the container,
 * every request also went through Jakarta Authentication's bridge and the JACC checks, which cost
 * more than a third of a GET by id's throughput (docs/benchmarks.md). Payara publishes its
 * MicroProfile JWT module to no Maven repository, so its two classes are found by name, once;
 * verification goes through Jakarta Security's own {@link IdentityStore} interface.
 */
@ApplicationScoped
public class AccessTokenVerifier {

  /**
   * Tokens remembered at most; past it the memory starts over (a token costs one verification
   * more).
   */
  static final int MAX_TOKENS = 5_000;

  /** A verified token: MicroProfile JWT's principal and the caller it names. */
  public record Verified(
      JsonWebToken token, Caller caller, Set<String> groups, long expiresAtMillis) {}

  @Inject Clocks clocks;

  private final Map<String, Verified> verified = new ConcurrentHashMap<>();
  private static final String PAYARA_JWT = "fish.payara.microprofile.jwtauth.eesecurity.";

  private volatile IdentityStore store;
  private volatile Constructor<? extends Credential> credential;

  /** The verified token, or empty when MicroProfile JWT refuses it or it names no user of ours. */
  public Optional<Verified> verify(String token) {
    Verified known = verified.get(token);
    if (known != null) {
      if (known.expiresAtMillis() > clocks.clock().millis()) {
        return Optional.of(known);
      }
      verified.remove(token);
    }
    CredentialValidationResult result = store().validate(credential(token));
    if (result.getStatus() != CredentialValidationResult.Status.VALID
        || !(result.getCallerPrincipal() instanceof JsonWebToken jwt)
        || jwt.getExpirationTime() <= 0) {
      return Optional.empty();
    }
    Optional<Caller> caller = Caller.of(jwt);
    if (caller.isEmpty()) {
      return Optional.empty();
    }
    Verified fresh =
        new Verified(
            jwt,
            caller.get(),
            Set.copyOf(result.getCallerGroups()),
            jwt.getExpirationTime() * 1000);
    if (verified.size() >= MAX_TOKENS) {
      verified.clear();
    }
    verified.put(token, fresh);
    return Optional.of(fresh);
  }

  /**
   * MicroProfile JWT's identity store, made at first use, when the application's configuration is
   * in place.
   */
  private IdentityStore store() {
    IdentityStore current = store;
    if (current == null) {
      synchronized (this) {
        current = store;
        if (current == null) {
          try {
            current =
                (IdentityStore)
                    payaraClass("SignedJWTIdentityStore").getConstructor().newInstance();
            credential =
                payaraClass("SignedJWTCredential")
                    .asSubclass(Credential.class)
                    .getConstructor(String.class);
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Payara's MicroProfile JWT is not available", e);
          }
          store = current;
        }
      }
    }
    return current;
  }

  private Credential credential(String token) {
    try {
      return credential.newInstance(token);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Payara's MicroProfile JWT is not available", e);
    }
  }

  private static Class<?> payaraClass(String name) throws ClassNotFoundException {
    return Class.forName(PAYARA_JWT + name, true, AccessTokenVerifier.class.getClassLoader());
  }
}
