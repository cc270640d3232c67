package io.treenetra.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import io.treenetra.support.TestTokens;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Access tokens made by the tests themselves: good ones, and each way of being bad. */
final class Tokens {

  private Tokens() {}

  static JWTClaimsSet.Builder claims(UUID subject, String username, String role) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer("treenetra")
        .audience("treenetra-api")
        .subject(subject.toString())
        .claim("upn", username)
        .claim("groups", List.of(role))
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(600)))
        .jwtID(UUID.randomUUID().toString());
  }

  /** Signed with the servers' own key. */
  static String signed(JWTClaimsSet claims) {
    return TestTokens.sign(claims);
  }

  /** Signed with a key the servers never saw. */
  static String signedWithAnotherKey(JWTClaimsSet claims) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return TestTokens.sign(claims, generator.generateKeyPair().getPrivate());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** {"alg":"none"}: the claims, no signature at all. */
  static String unsigned(JWTClaimsSet claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes())
        + "."
        + b64.encodeToString(claims.toString().getBytes())
        + ".";
  }

  /** A good token whose payload was swapped for another one, keeping the old signature. */
  static String tampered(String token, JWTClaimsSet claims) {
    String[] parts = token.split("\\.");
    return parts[0]
        + "."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.toString().getBytes())
        + "."
        + parts[2];
  }
}
