package io.treenetra.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.treenetra.platform.persistence.Clocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Issues the access tokens that MicroProfile JWT verifies on every request: RS256, with the issuer
 * and audience it is configured to accept ({@code mp.jwt.verify.issuer}, {@code
 * mp.jwt.verify.audiences}), the user's id as subject, name as {@code upn} and role as the only
 * group.
 */
@ApplicationScoped
public class AccessTokens {

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.issuer")
  String issuer;

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.audiences")
  String audience;

  @Inject
  @ConfigProperty(name = "treenetra.jwt.access-token-seconds")
  long lifetimeSeconds;

  @Inject Clocks clocks;

  public long lifetimeSeconds() {
    return lifetimeSeconds;
  }

  public String issue(User user) {
    Instant now = clocks.now();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .audience(List.of(audience.split(",")[0].trim()))
            .subject(user.id().toString())
            .claim("upn", user.username())
            .claim("groups", List.of(user.role().id()))
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(lifetimeSeconds)))
            .jwtID(UUID.randomUUID().toString())
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
    try {
      jwt.sign(new RSASSASigner(SigningKey.current().privateKey()));
    } catch (JOSEException e) {
      throw new IllegalStateException("Cannot sign an access token", e);
    }
    return jwt.serialize();
  }
}
