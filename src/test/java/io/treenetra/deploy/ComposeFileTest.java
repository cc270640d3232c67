package io.treenetra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker/docker-compose.yml, the development stack: two API instances and a worker of the image
 * that docker/Dockerfile builds, clustered with each other, on PostgreSQL 15 and an S3-compatible
 * store, configured only through variables the service reads, with no secret written down.
 */
class ComposeFileTest {

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> services() throws Exception {
    Map<String, Object> compose =
        new Yaml().load(Files.readString(Path.of("docker/docker-compose.yml")));
    return (Map<String, Map<String, Object>>) compose.get("services");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> environment(Map<String, Object> service) {
    return (Map<String, Object>) service.get("environment");
  }

  @Test
  void twoApiInstancesAndAWorkerClusteredOnPostgresql15AndS3() throws Exception {
    Map<String, Map<String, Object>> services = services();
    assertThat(services).containsKeys("api-1", "api-2", "worker", "postgres", "minio");
    assertThat(services.get("postgres").get("image")).isEqualTo("postgres:15.10");
    for (String name : List.of("api-1", "api-2", "worker")) {
      Map<String, Object> service = services.get(name);
      assertThat((Map<String, Object>) service.get("build"))
          .containsEntry("dockerfile", "docker/Dockerfile");
      Map<String, Object> environment = environment(service);
      assertThat(environment.get("TREENETRA_ROLE"))
          .isEqualTo(name.equals("worker") ? "worker" : "api");
      assertThat(environment.get("TREENETRA_CLUSTER_MODE")).isEqualTo("tcp");
      // Each instance is a peer of every other, on the image's exposed cluster port.
      assertThat(environment.get("TREENETRA_CLUSTER_PEERS"))
          .isEqualTo("api-1[7800],api-2[7800],worker[7800]");
      assertThat(service.get("hostname")).isEqualTo(name);
      assertThat((String) environment.get("DB_URL")).startsWith("jdbc:postgresql://postgres:5432/");
      assertThat(environment.get("TREENETRA_STORAGE_TYPE")).isEqualTo("s3");
      assertThat((String) environment.get("TREENETRA_STORAGE_S3_ENDPOINT"))
          .isEqualTo("http://minio:9000");
      // Longer than the worker's hand-back and Payara's stop: SIGTERM, not SIGKILL, ends it.
      assertThat(service.get("stop_grace_period")).isEqualTo("45s");
    }
    assertThat(services.get("api-1").get("ports")).isEqualTo(List.of("8080:8080"));
    assertThat(services.get("api-2").get("ports")).isEqualTo(List.of("8081:8080"));
  }

  /** No image floats: each names a release (a minor version or a dated one), never latest. */
  @Test
  @SuppressWarnings("unchecked")
  void everyImageIsPinnedToARelease() throws Exception {
    for (Map.Entry<String, Map<String, Object>> service : services().entrySet()) {
      String image = (String) service.getValue().get("image");
      assertThat(image).as(service.getKey()).isNotNull();
      if (service.getValue().containsKey("build")) {
        assertThat(image).as(service.getKey()).isEqualTo("treenetra:dev");
        Map<String, Object> args =
            (Map<String, Object>)
                ((Map<String, Object>) service.getValue().get("build")).get("args");
        assertThat(args)
            .containsEntry("BUILD_IMAGE", "${TREENETRA_BUILD_IMAGE:-maven:3.9-eclipse-temurin-17}")
            .containsEntry("RUNTIME_IMAGE", "${TREENETRA_RUNTIME_IMAGE:-eclipse-temurin:17-jre}");
        continue;
      }
      String tag = image.substring(image.lastIndexOf(':') + 1);
      assertThat(tag)
          .as("%s's tag", service.getKey())
          .matches("\\d+\\.\\d+|RELEASE\\.\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}Z");
    }
  }

  @Test
  void onlyVariablesTheServiceReadsAndNoSecretWrittenDown() throws Exception {
    for (String name : List.of("api-1", "api-2", "worker")) {
      Map<String, Object> environment = environment(services().get(name));
      for (Map.Entry<String, Object> variable : environment.entrySet()) {
        assertThat(Readme.documents(variable.getKey()))
            .as("README documents %s", variable.getKey())
            .isTrue();
        if (variable.getKey().matches(".*(PASSWORD|SECRET).*")) {
          assertThat(variable.getValue().toString())
              .as(variable.getKey())
              .matches("\\$\\{[A-Z0-9_]+:\\?[^}]+}");
        }
      }
    }
    Map<String, Object> postgres = environment(services().get("postgres"));
    assertThat(postgres.get("POSTGRES_PASSWORD").toString())
        .startsWith("${TREENETRA_DB_PASSWORD:?");
  }
}
