package io.treenetra.image;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The object store this instance uses: {@code TREENETRA_STORAGE_TYPE} is {@code filesystem} (the
 * default) or {@code s3}.
 */
@ApplicationScoped
public class ObjectStores {

  @Inject
  @ConfigProperty(name = "treenetra.storage.type", defaultValue = "filesystem")
  String type;

  @Inject
  @ConfigProperty(name = "treenetra.data-dir", defaultValue = "./data")
  String dataDir;

  @Inject
  @ConfigProperty(name = "treenetra.storage.s3.bucket", defaultValue = "treenetra")
  String bucket;

  @Inject
  @ConfigProperty(name = "treenetra.storage.s3.region", defaultValue = "us-east-1")
  String region;

  @Inject
  @ConfigProperty(name = "treenetra.storage.s3.endpoint", defaultValue = " ")
  String endpoint;

  @Inject
  @ConfigProperty(name = "treenetra.storage.s3.path-style", defaultValue = "false")
  boolean pathStyle;

  @Produces
  @ApplicationScoped
  ObjectStore store() {
    return switch (type.strip()) {
      case "filesystem" -> new FileSystemObjectStore(Path.of(dataDir, "objects"));
      case "s3" -> new S3ObjectStore(bucket, region, endpoint.strip(), pathStyle);
      default ->
          throw new IllegalStateException(
              "TREENETRA_STORAGE_TYPE must be filesystem or s3, not '" + type + "'");
    };
  }
}
