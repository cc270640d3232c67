package io.treenetra.support;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 API server for the tests: S3Proxy in this JVM over a file-system blob store, one
 * bucket, requests signed with the given keys (AWS signature v2 or v4).
 */
public final class S3Server implements AutoCloseable {

  private final BlobStoreContext blobs;
  private final S3Proxy proxy;
  private final URI endpoint;

  public S3Server(Path directory, String bucket, String accessKey, String secretKey)
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
    endpoint = URI.create("http://127.0.0.1:" + port);
    proxy =
        S3Proxy.builder()
            .blobStore(blobs.getBlobStore())
            .endpoint(endpoint)
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
            .build();
    proxy.start();
    while (!AbstractLifeCycle.STARTED.equals(proxy.getState())) {
      Thread.sleep(20);
    }
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
