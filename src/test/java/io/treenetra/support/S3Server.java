package io.treenetra.support;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 API server for the tests: S3Proxy in this JVM over a file-system blob store, one
 * bucket, requests signed with the given keys (AWS signature v2 or v4); over plain HTTP, or over
 * HTTPS with a certificate of its own ({@link #secure}) for clients that speak only TLS.
 */
public final class S3Server implements AutoCloseable {

  private static final String STORE_PASSWORD = "s3-test-keystore";

  private final BlobStoreContext blobs;
  private final S3Proxy proxy;
  private final URI endpoint;
  private final Path certificate;

  public S3Server(Path directory, String bucket, String accessKey, String secretKey)
      throws Exception {
    this(directory, bucket, accessKey, secretKey, null);
  }

  /**
   * An HTTPS server on 127.0.0.1 whose self-signed certificate (for that address) is written as PEM
   * to {@link #certificate}, for the client to trust.
   */
  public static S3Server secure(Path directory, String bucket, String accessKey, String secretKey)
      throws Exception {
    Path keys = Files.createDirectories(directory.resolveSibling(directory.getFileName() + "-tls"));
    Path store = keys.resolve("s3.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    PgServer.run(
        List.of(
            keytool,
            "-genkeypair",
            "-alias",
            "s3",
            "-keyalg",
            "RSA",
            "-keysize",
            "2048",
            "-validity",
            "2",
            "-dname",
            "CN=127.0.0.1",
            "-ext",
            "SAN=ip:127.0.0.1,dns:127.0.0.1,dns:localhost",
            "-storetype",
            "PKCS12",
            "-keystore",
            store.toString(),
            "-storepass",
            STORE_PASSWORD));
    PgServer.run(
        List.of(
            keytool,
            "-exportcert",
            "-rfc",
            "-alias",
            "s3",
            "-keystore",
            store.toString(),
            "-storepass",
            STORE_PASSWORD,
            "-file",
            keys.resolve("s3.pem").toString()));
    return new S3Server(directory, bucket, accessKey, secretKey, store);
  }

  private S3Server(Path directory, String bucket, String accessKey, String secretKey, Path keyStore)
      throws Exception {
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", directory.toString());
    blobs =
        ContextBuilder.newBuilder("filesystem").overrides(properties).build(BlobStoreContext.class);
    blobs.getBlobStore().createContainerInLocation(null, bucket);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    S3Proxy.Builder builder =
        S3Proxy.builder()
            .blobStore(blobs.getBlobStore())
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey);
    if (keyStore == null) {
      endpoint = URI.create("http://127.0.0.1:" + port);
      builder.endpoint(endpoint);
    } else {
      endpoint = URI.create("https://127.0.0.1:" + port);
      builder.secureEndpoint(endpoint).keyStore(keyStore.toString(), STORE_PASSWORD);
    }
    certificate = keyStore == null ? null : keyStore.resolveSibling("s3.pem");
    proxy = builder.build();
    proxy.start();
    while (!AbstractLifeCycle.STARTED.equals(proxy.getState())) {
      Thread.sleep(20);
    }
  }

  /** The HTTPS server's certificate (PEM), or null for plain HTTP. */
  public Path certificate() {
    return certificate;
  }

  public URI endpoint() {
    return endpoint;
  }

  /** The store behind the server, to look at what a client really wrote. */
  public BlobStore blobs() {
    return blobs.getBlobStore();
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
    blobs.close();
  }
}
