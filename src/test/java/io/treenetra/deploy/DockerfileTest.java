package io.treenetra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The container image's invariants, read from docker/Dockerfile: it runs as a non-root user, starts
 * the server the one way it is started (payara/launch.sh, exec form), checks the service's real
 * health path on the port it exposes, ships every library the launch adds, and sets only
 * configuration the service reads (the README's table).
 */
class DockerfileTest {

  private static final Path DOCKERFILE = Path.of("docker/Dockerfile");

  private static String runtimeStage() throws IOException {
    String dockerfile = Files.readString(DOCKERFILE).replaceAll("\\\\\\n\\s*", " ");
    return dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
  }

  @Test
  void theServerRunsAsANonRootUser() throws IOException {
    Matcher user = Pattern.compile("\\nUSER (\\S+)").matcher(runtimeStage());
    String last = null;
    while (user.find()) {
      last = user.group(1);
    }
    assertThat(last).as("USER of the runtime stage").isNotNull();
    String name = last.split(":")[0];
    assertThat(name).isNotIn("root", "0");
    if (name.matches("\\d+")) {
      assertThat(Integer.parseInt(name)).isGreaterThan(0);
    }
  }

  @Test
  void theEntrypointIsTheRunCommandsLaunchInExecForm() throws IOException {
    assertThat(runtimeStage()).contains("\nENTRYPOINT [\"bash\", \"payara/launch.sh\"]");
    assertThat(Files.readString(Path.of("payara/launch.sh"))).contains("exec java ");
  }

  @Test
  void theHealthCheckAsksTheServicesHealthPathOnTheExposedPort() throws IOException {
    String stage = runtimeStage();
    Matcher port = Pattern.compile("PORT=(\\d+)").matcher(stage);
    assertThat(port.find()).isTrue();
    assertThat(stage).contains("\nEXPOSE " + port.group(1));
    // On PORT, the port the server serves on, also when it is set at run time.
    assertThat(stage)
        .containsPattern("HEALTHCHECK .* CMD curl -fs \"http://localhost:\\$\\{PORT\\}/health\" ");
    // The path is one of the service's operations paths (MicroProfile Health's liveness, answered
    // 200 by LaunchIT).
    assertThat(
            Files.readString(Path.of("src/main/java/io/treenetra/platform/web/RequestFilter.java")))
        .contains("\"/health\"");
  }

  @Test
  void everythingTheLaunchLoadsIsInTheImage() throws IOException {
    String stage = runtimeStage();
    List<String> copies =
        stage.lines().filter(line -> line.startsWith("COPY --from=build ")).toList();
    for (String shipped :
        List.of(
            "/src/payara",
            "/src/target/payara-micro.jar",
            "/src/target/treenetra.war",
            "/src/target/treenetra-logging.jar",
            "/src/target/lib",
            "/src/target/lib-s3")) {
      assertThat(copies)
          .as("a COPY of %s", shipped)
          .anyMatch(line -> List.of(line.split(" ")).contains(shipped));
    }
    assertThat(Files.readString(Path.of("payara/launch.properties")))
        .contains("--addLibs ${PAYARA_DIR}/../target/lib");
  }

  /**
   * The bases are build arguments defaulting to the public images (a user's machine pulls them;
   * docker/bases/local.sh makes stand-ins where no registry is reachable), the build context leaves
   * out what is not source, and the archive every start maps is made at build time.
   */
  @Test
  void theBasesAreBuildArgumentsAndTheArchiveIsMadeAtBuildTime() throws IOException {
    String dockerfile = Files.readString(DOCKERFILE);
    assertThat(dockerfile)
        .contains("\nARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17\n")
        .contains("\nARG RUNTIME_IMAGE=eclipse-temurin:17-jre\n")
        .contains("\nFROM ${BUILD_IMAGE} AS build\n")
        .contains("\nFROM ${RUNTIME_IMAGE}\n");
    assertThat(runtimeStage())
        .contains("bash payara/launch.sh --cds-archive")
        .contains("test -s target/treenetra.jsa");
    assertThat(Files.readString(Path.of("payara/launch.sh")))
        .contains("archive=\"${TREENETRA_CDS_ARCHIVE:-$here/../target/treenetra.jsa}\"");
    assertThat(Files.readAllLines(Path.of(".dockerignore")))
        .contains(".git", "target", "data", ".jqwik-database");
    for (String base : List.of("build", "runtime")) {
      assertThat(Files.readString(Path.of("docker/bases/" + base + ".Containerfile")))
          .startsWith("# A stand-in for ")
          .contains("FROM localhost/debian:bookworm");
    }
  }

  @Test
  void everyVariableItSetsIsOneTheServiceReads() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    Matcher env = Pattern.compile("\\nENV (.*)").matcher(runtimeStage());
    assertThat(env.find()).isTrue();
    for (String assignment : env.group(1).trim().split("\\s+")) {
      String name = assignment.split("=")[0];
      if (!name.equals("TMPDIR")) {
        assertThat(readme).as("README documents %s", name).contains("| `" + name + "` |");
      }
    }
  }
}
