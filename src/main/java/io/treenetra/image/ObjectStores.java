package io.treenetra.image;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The object store this instance uses: {@code TREENETRA_STORAGE_TYPE} is {@code filesystem} (the
 * default) or {@code s3}.
 */
@ApplicationScoped
public class ObjectStores {

  @Inject
  @ConfigProperty(name = "treenetra.storage.type")
  String type;

  @Inject
  @ConfigProperty(name = "treenetra.data-dir")
  String dataDir;

  @Inject
  @ConfigProperty(name = "treenetra.storage.s3.bucket")
  String bucket;

  @Inject
  @ConfigProperty(name = "treenetra.storage.s3.region")
  String region;

  @Inject
  @ConfigProperty(name = "treenetra.storage.s3.endpoint")
  Optional<String> endpoint;

  @Inject
  @ConfigProperty(name = "treenetra.storage.s3.path-style")
  boolean pathStyle;

  @Produces
  @ApplicationScoped
  ObjectStore store() {
    return switch (type.strip()) {
      case "filesystem" -> new FileSystemObjectStore(Path.of(dataDir, "objects"));
      case "s3" -> new S3ObjectStore(bucket, region, endpoint.orElse("").strip(), pathStyle);
      default ->
          throw new IllegalStateException(
              "TREENETRA_STORAGE_TYPE must be filesystem or s3, not '" + type + "'");
    };
  }
}
