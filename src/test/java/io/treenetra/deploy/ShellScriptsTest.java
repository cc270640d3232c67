package io.treenetra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every shell script of the project passes shellcheck, following the files they source. */
class ShellScriptsTest {

  private static final List<String> FOLDERS =
      List.of("bench", "docker", "k8s", "payara", "scripts", ".ci");

  @Test
  void everyScriptPassesShellcheck() throws IOException, InterruptedException {
    List<String> scripts = scripts();
    assertThat(scripts)
        .contains("payara/launch.sh", "scripts/restore.sh", "bench/run.sh", ".ci/run");

    Tools.require("shellcheck", "shellcheck");
    List<String> command = new ArrayList<>(List.of("shellcheck", "-x", "-f", "gcc"));
    command.addAll(scripts);
    Tools.Result result = Tools.run(command);

    assertThat(result.output()).as("shellcheck findings").isEmpty();
    assertThat(result.exitCode()).isZero();
  }

  /**
   * The *.sh files under the script folders, and the CI entry point (a script without a suffix).
   */
  private static List<String> scripts() throws IOException {
    List<String> scripts = new ArrayList<>();
    for (String folder : FOLDERS) {
      Path root = Path.of(folder);
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        files
            .filter(Files::isRegularFile)
            .map(Path::toString)
            .filter(name -> name.endsWith(".sh") || name.equals(".ci/run"))
            .sorted()
            .forEach(scripts::add);
      }
    }
    return scripts;
  }
}
