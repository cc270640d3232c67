package io.treenetra.auth;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Gives MicroProfile JWT the public key to verify access tokens with: the public half of {@link
 * SigningKey}, so the one configured private key is all an operator sets. Below the default
 * ordinal, so that an explicit {@code mp.jwt.verify.publickey} still wins.
 */
public class JwtKeyConfigSource implements ConfigSource {

  static final String PUBLIC_KEY = "mp.jwt.verify.publickey";

  @Override
  public Set<String> getPropertyNames() {
    return Set.of(PUBLIC_KEY);
  }

  @Override
  public Map<String, String> getProperties() {
    return Map.of(PUBLIC_KEY, SigningKey.current().publicKeyPem());
  }

  @Override
  public String getValue(String propertyName) {
    return PUBLIC_KEY.equals(propertyName) ? SigningKey.current().publicKeyPem() : null;
  }

  @Override
  public String getName() {
    return "treenetra-jwt-signing-key";
  }

  @Override
  public int getOrdinal() {
    return 50;
  }
}
