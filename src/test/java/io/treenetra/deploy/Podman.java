package io.treenetra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's podman, as the container checks drive it: installed with runc, uidmap and debootstrap
 * when missing (as root), and run with a containers.conf of the build's own (runc, cgroupfs, no
 * default ulimits: what this kind of machine needs, see STACK.md) instead of the machine's. The
 * image's bases come from {@code docker/bases/local.sh}, made once per machine and kept in podman's
 * storage.
 */
final class Podman {

  static final String BUILD_BASE = "localhost/treenetra-build-base:17";
  static final String RUNTIME_BASE = "localhost/treenetra-runtime-base:17";

  private static Path configuration;

  private Podman() {}

  /** podman and the tools the local bases need, and the build's containers.conf. */
  static synchronized void require() throws IOException, InterruptedException {
    if (configuration != null) {
      return;
    }
    for (String tool : List.of("podman", "runc", "debootstrap", "newuidmap")) {
      Tools.require(tool, tool.equals("newuidmap") ? "uidmap" : tool);
    }
    Path conf = Path.of("target", "podman", "containers.conf").toAbsolutePath();
    Files.createDirectories(conf.getParent());
    Files.writeString(
        conf,
        """
        [containers]
        default_ulimits = []
        [engine]
        cgroup_manager = "cgroupfs"
        runtime = "runc"
        """);
    configuration = conf;
  }

  /** Runs {@code podman args...} (at most {@code seconds}), its output and exit code. */
  static Tools.Result podman(int seconds, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("podman");
    command.addAll(List.of(args));
    return run(seconds, command);
  }

  /** Like {@link #podman} and asserts it succeeded; its output, trimmed. */
  static String ok(int seconds, String... args) throws IOException, InterruptedException {
    Tools.Result result = podman(seconds, args);
    assertThat(result.exitCode()).as("podman %s: %s", List.of(args), result.output()).isZero();
    return result.output().trim();
  }

  /** The two local bases ({@code docker/bases/local.sh}; kept when already made). */
  static void localBases() throws IOException, InterruptedException {
    Tools.Result made = run(600, List.of("bash", "docker/bases/local.sh"));
    assertThat(made.exitCode()).as("docker/bases/local.sh: %s", made.output()).isZero();
  }

  static Tools.Result run(int seconds, List<String> command)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile("podman", ".out");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
      builder.environment().put("CONTAINERS_CONF", configuration.toString());
      Process process = builder.start();
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(command + " did not finish within " + seconds + " s");
      }
      return new Tools.Result(
          process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.delete(output);
    }
  }
}
