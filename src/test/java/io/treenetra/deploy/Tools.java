package io.treenetra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The deployment checks' command-line tools: kubectl (its kustomize renders the manifests offline)
 * and promtool. On a Debian machine where they are missing and the build runs as root, the check
 * installs Debian's package itself; anywhere else it fails saying what to install.
 */
public final class Tools {

  private Tools() {}

  record Result(int exitCode, String output) {}

  static Result run(List<String> command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command)
            .directory(Path.of(".").toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(300, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    return new Result(process.exitValue(), output);
  }

  /**
   * Makes sure {@code command} is on the PATH, installing Debian's {@code debianPackage} if it can.
   */
  public static void require(String command, String debianPackage)
      throws IOException, InterruptedException {
    if (onPath(command)) {
      return;
    }
    install(debianPackage);
    assertThat(onPath(command))
        .as(
            "%s is needed by this check: install Debian's %s package (apt-get install %s)",
            command, debianPackage, debianPackage)
        .isTrue();
  }

  /**
   * Installs Debian's {@code debianPackage} when the build runs as root with apt-get, failing with
   * apt-get's output when that fails; elsewhere does nothing (the caller's check then says what is
   * missing).
   */
  public static void install(String debianPackage) {
    try {
      if (onPath("apt-get") && "root".equals(System.getProperty("user.name"))) {
        run(List.of("apt-get", "update", "-qq"));
        Result installed =
            run(
                List.of(
                    "env",
                    "DEBIAN_FRONTEND=noninteractive",
                    "apt-get",
                    "install",
                    "-y",
                    "-qq",
                    "--no-install-recommends",
                    debianPackage));
        assertThat(installed.exitCode())
            .as("apt-get install %s: %s", debianPackage, installed.output())
            .isZero();
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean onPath(String command) throws IOException, InterruptedException {
    return run(List.of("sh", "-c", "command -v " + command)).exitCode() == 0;
  }
}
