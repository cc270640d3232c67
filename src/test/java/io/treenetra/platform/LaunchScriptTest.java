package io.treenetra.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * payara/launch.sh unpacks Payara's runtime (about 100 MiB) into a fresh directory at every start;
 * a start removes the directories of servers that have ended, and only those. Without this, every
 * start of the service (and every test run) left its 100 MiB behind.
 */
class LaunchScriptTest {

  @Test
  void aStartRemovesTheRootDirectoriesOfEndedServersAndKeepsLiveOnes(@TempDir Path tmp)
      throws Exception {
    Path ended = Files.createDirectory(tmp.resolve("treenetra-payara.ended"));
    Files.writeString(ended.resolve("server.pid"), Long.toString(endedProcessId()) + "\n");
    Files.createDirectories(ended.resolve("runtime")).resolve("some.jar").toFile().createNewFile();
    Path live = Files.createDirectory(tmp.resolve("treenetra-payara.live"));
    Files.writeString(live.resolve("server.pid"), ProcessHandle.current().pid() + "\n");
    Path foreign = Files.createDirectory(tmp.resolve("treenetra-payara.nopid"));

    // A missing Payara jar ends the launched JVM at once, after the script has done its
    // preparation.
    ProcessBuilder launch = new ProcessBuilder("bash", "payara/launch.sh");
    launch.environment().put("TMPDIR", tmp.toString());
    launch.environment().put("PAYARA_MICRO_JAR", tmp.resolve("absent.jar").toString());
    launch.environment().put("PORT", "1");
    launch.redirectErrorStream(true).redirectOutput(tmp.resolve("out.txt").toFile());
    Process process = launch.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isNotZero();

    assertThat(ended).doesNotExist();
    assertThat(live.resolve("server.pid")).exists();
    assertThat(foreign).exists();
    try (Stream<Path> roots = Files.list(tmp)) {
      // The three above but the ended one, and the new root of this start, holding the launched
      // JVM's id.
      Path[] started =
          roots
              .filter(p -> p.getFileName().toString().startsWith("treenetra-payara."))
              .filter(p -> !p.equals(live) && !p.equals(foreign))
              .toArray(Path[]::new);
      assertThat(started).hasSize(1);
      assertThat(Files.readString(started[0].resolve("server.pid")).trim())
          .isEqualTo(Long.toString(process.pid()));
    }
  }

  /** The id of a process that has ended: a short-lived `true`, waited for. */
  private static long endedProcessId() throws IOException, InterruptedException {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    return gone.pid();
  }
}
