package io.treenetra.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.logging.Logger;

/**
 * The RSA key that signs access tokens, and its public half that MicroProfile JWT verifies them
 * with. From {@code TREENETRA_JWT_PRIVATE_KEY} (a PKCS#8 PEM) or {@code
 * TREENETRA_JWT_PRIVATE_KEY_FILE} (a mounted secret); without either, a development key is made
 * once and kept under the data directory, with a warning: every instance must sign with the same
 * key, so production sets one.
 *
 * <p>Read from the environment and system properties directly, not through MicroProfile Config:
 * {@link JwtKeyConfigSource} is itself a config source and is asked while Config is being built.
 */
public final class SigningKey {

  private static final Logger LOG = Logger.getLogger(SigningKey.class.getName());
  private static volatile SigningKey current;

  private final RSAPrivateCrtKey privateKey;
  private final RSAPublicKey publicKey;

  private SigningKey(RSAPrivateCrtKey privateKey) {
    this.privateKey = privateKey;
    try {
      this.publicKey =
          (RSAPublicKey)
              KeyFactory.getInstance("RSA")
                  .generatePublic(
                      new RSAPublicKeySpec(
                          privateKey.getModulus(), privateKey.getPublicExponent()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot derive the public key of the JWT signing key", e);
    }
  }

  public static SigningKey current() {
    SigningKey key = current;
    if (key == null) {
      synchronized (SigningKey.class) {
        key = current;
        if (key == null) {
          key = load();
          current = key;
        }
      }
    }
    return key;
  }

  public RSAPrivateCrtKey privateKey() {
    return privateKey;
  }

  public RSAPublicKey publicKey() {
    return publicKey;
  }

  /** The public key as PEM, the form {@code mp.jwt.verify.publickey} takes. */
  public String publicKeyPem() {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(publicKey.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  private static SigningKey load() {
    String pem = setting("treenetra.jwt.private-key", "TREENETRA_JWT_PRIVATE_KEY");
    if (pem != null && !pem.isBlank()) {
      return new SigningKey(parse(pem, "TREENETRA_JWT_PRIVATE_KEY"));
    }
    String file = setting("treenetra.jwt.private-key-file", "TREENETRA_JWT_PRIVATE_KEY_FILE");
    if (file != null && !file.isBlank()) {
      return new SigningKey(parse(read(Path.of(file)), file));
    }
    String dataDir = setting("treenetra.data-dir", "TREENETRA_DATA_DIR");
    Path path =
        Path.of(
            dataDir == null || dataDir.isBlank() ? "./data" : dataDir,
            "secrets",
            "jwt-signing-key.pem");
    LOG.warning(
        () ->
            "No JWT signing key configured (TREENETRA_JWT_PRIVATE_KEY_FILE): using the development key "
                + path.toAbsolutePath().normalize()
                + ". Tokens verify only on instances that share it; set a key in production.");
    if (!Files.exists(path)) {
      generate(path);
    }
    return new SigningKey(parse(read(path), path.toString()));
  }

  /**
   * A setting read as MicroProfile Config would (system property, then environment): the key is
   * needed by {@link JwtKeyConfigSource}, a config source itself, which cannot ask Config.
   */
  private static String setting(String property, String environment) {
    String value = System.getProperty(property);
    return value != null ? value : System.getenv(environment);
  }

  private static String read(Path path) {
    try {
      return Files.readString(path, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the JWT signing key " + path, e);
    }
  }

  static RSAPrivateCrtKey parse(String pem, String source) {
    String body = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
    try {
      return (RSAPrivateCrtKey)
          KeyFactory.getInstance("RSA")
              .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
      throw new IllegalStateException(
          "The JWT signing key from " + source + " is not an RSA private key in PKCS#8 PEM", e);
    }
  }

  /** A new 2048-bit RSA key as PKCS#8 PEM, readable by its owner only. */
  static void generate(Path path) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      byte[] encoded = generator.generateKeyPair().getPrivate().getEncoded();
      String pem =
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(encoded)
              + "\n-----END PRIVATE KEY-----\n";
      Files.createDirectories(path.getParent());
      Path temporary =
          Files.createTempFile(
              path.getParent(),
              "jwt",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(
          temporary, pem, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
      try {
        // Two instances starting together on one data directory: the first key wins, both use it.
        Files.createLink(path, temporary);
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // the other instance's key
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Cannot create the development JWT signing key " + path, e);
    }
  }
}
