package io.treenetra.support;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * An admin access token signed with the test servers' key, for a client that must be authenticated
 * before any user can sign in (a server still waiting for its database).
 */
public final class TestTokens {

  private TestTokens() {}

  public static String admin() {
    Instant now = Instant.now();
    return sign(
        new JWTClaimsSet.Builder()
            .issuer("treenetra")
            .audience("treenetra-api")
            .subject(UUID.randomUUID().toString())
            .claim("upn", "admin")
            .claim("groups", List.of("admin"))
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(3600)))
            .jwtID(UUID.randomUUID().toString())
            .build());
  }

  /** The claims as an RS256 JWT signed with the servers' own key. */
  public static String sign(JWTClaimsSet claims) {
    return sign(claims, serverKey());
  }

  /** The claims as an RS256 JWT signed with {@code key}. */
  public static String sign(JWTClaimsSet claims, PrivateKey key) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static PrivateKey serverKey() {
    try {
      String pem =
          Files.readString(TestEnvironment.jwtKeyFile())
              .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
              .replaceAll("\\s", "");
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
