package io.treenetra.image;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The object store this instance uses: {@code TREENETRA_STORAGE_TYPE} is {@code filesystem} (the
 * default) or {@code s3}.
 */
@ApplicationScoped
public class ObjectStores {

  private static final Logger LOG = Logger.getLogger(ObjectStores.class.getName());

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
      case "filesystem" -> {
        // A relative data directory is the server process's working directory's (the run
        // command's: the project folder; a Payara Server's: its domain's config folder).
        Path objects = Path.of(dataDir, "objects").toAbsolutePath().normalize();
        LOG.info(() -> "Photos stored under " + objects);
        yield new FileSystemObjectStore(objects);
      }
      case "s3" -> new S3ObjectStore(bucket, region, endpoint.orElse("").strip(), pathStyle);
      default ->
          throw new IllegalStateException(
              "TREENETRA_STORAGE_TYPE must be filesystem or s3, not '" + type + "'");
    };
  }
}
