package io.treenetra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The CI/CD workflow is YAML GitHub accepts (an unquoted "default: …" in a description once made
 * the whole file invalid), its test job runs the README's test command, and production takes a
 * release snapshot before the new version's migrations.
 */
class WorkflowTest {

  @SuppressWarnings("unchecked")
  private static Map<String, Object> workflow() throws Exception {
    return new Yaml().load(Files.readString(Path.of(".github/workflows/ci-cd.yml")));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> steps(String job) throws Exception {
    Map<String, Object> jobs = (Map<String, Object>) workflow().get("jobs");
    return (List<Map<String, Object>>) ((Map<String, Object>) jobs.get(job)).get("steps");
  }

  @Test
  void theTestJobRunsTheTestCommandAsRoot() throws Exception {
    assertThat(steps("test").stream().map(step -> step.get("run")))
        .contains("sudo --preserve-env=PATH,JAVA_HOME,MAVEN_OPTS bash .ci/run");
  }

  /**
   * A stock runner has none of the tools the tests install for themselves on Debian as root: the
   * test job installs every one of them (haproxy was missing once). kubectl comes with the runner.
   */
  @Test
  void theTestJobInstallsEveryToolTheTestsUse() throws Exception {
    Set<String> packages = new TreeSet<>();
    Pattern named =
        Pattern.compile("Tools\\.(?:require\\(\"[^\"]+\",\\s*|install\\()\"([a-z0-9.+-]+)\"");
    try (Stream<Path> sources = Files.walk(Path.of("src/test/java"))) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher matcher = named.matcher(Files.readString(source));
        while (matcher.find()) {
          packages.add(matcher.group(1));
        }
      }
    }
    // Podman's tools, required in a loop (Podman.require).
    packages.addAll(List.of("podman", "runc", "uidmap", "debootstrap"));
    packages.remove("kubernetes-client");
    assertThat(packages).contains("haproxy", "postgresql-15", "prometheus", "pgbackrest");
    String install =
        steps("test").stream()
            .map(step -> String.valueOf(step.get("run")))
            .filter(run -> run.contains("apt-get install"))
            .findFirst()
            .orElseThrow();
    List<String> installed =
        List.of(
            install
                .substring(install.lastIndexOf("--no-install-recommends") + 23)
                .trim()
                .split("\\s+"));
    assertThat(installed).containsAll(packages);
  }

  @Test
  void productionTakesAReleaseSnapshotBeforeTheRollingDeployMigratesTheDatabase() throws Exception {
    List<String> names =
        steps("production").stream()
            .map(step -> (String) step.get("name"))
            .filter(name -> name != null)
            .toList();
    assertThat(names).containsExactly("Release snapshot", "Rolling deploy (maxUnavailable 0)");
    String snapshot =
        (String)
            steps("production").stream()
                .filter(step -> "Release snapshot".equals(step.get("name")))
                .findFirst()
                .orElseThrow()
                .get("run");
    assertThat(snapshot)
        .isEqualTo(
            "kubectl -n treenetra exec -i statefulset/treenetra-db -c postgres -- bash -s --"
                + " \"$GITHUB_SHA-$GITHUB_RUN_ATTEMPT\" < scripts/release-snapshot.sh");
    assertThat(Path.of("scripts/release-snapshot.sh")).isExecutable();
    // A commit's 40 hex digits, '-' and the attempt: a label release-snapshot.sh accepts.
    assertThat("0123456789abcdef0123456789abcdef01234567-12")
        .matches(
            Files.readString(Path.of("scripts/release-snapshot.sh"))
                .lines()
                .filter(line -> line.contains("=~"))
                .map(line -> line.replaceAll(".*=~ \\^?(.*)\\$ \\]\\].*", "^$1\\$"))
                .findFirst()
                .orElseThrow());
  }
}
