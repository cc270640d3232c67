package io.treenetra.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A TreeNetra server started exactly as the run command and the container image start it ({@code
 * payara/launch.sh}), with the environment a test gives it; its stdout is kept.
 */
public final class LaunchedServer {

  private final Map<String, String> environment;
  private final int port;
  private final List<String> stdout = new CopyOnWriteArrayList<>();
  private Process process;

  public LaunchedServer(int port, Map<String, String> environment) {
    this.port = port;
    this.environment = Map.copyOf(environment);
  }

  /** Starts the server, without waiting for it. */
  public LaunchedServer start() throws IOException {
    ProcessBuilder launch =
        new ProcessBuilder("bash", TestEnvironment.payaraDir().resolve("launch.sh").toString());
    launch
        .environment()
        .put("TREENETRA_JWT_PRIVATE_KEY_FILE", TestEnvironment.jwtKeyFile().toString());
    launch.environment().put("TREENETRA_ADMIN_PASSWORD", TestEnvironment.ADMIN_PASSWORD);
    launch
        .environment()
        .put("TREENETRA_RATELIMIT_WINDOW_SECONDS", Integer.toString(RateWindows.SECONDS));
    launch.environment().putAll(environment);
    launch.environment().put("PORT", Integer.toString(port));
    launch
        .environment()
        .put("TREENETRA_WAR", System.getProperty("treenetra.war", "target/treenetra.war"));
    launch.redirectError(ProcessBuilder.Redirect.DISCARD);
    process = launch.start();
    Process started = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  stdout.add(line);
                }
              } catch (IOException e) {
                // the server is gone
              }
            });
    reader.setDaemon(true);
    reader.start();
    return this;
  }

  /** Waits until {@code /ready} answers 200 (at most 180 s). */
  public LaunchedServer awaitReady() throws InterruptedException {
    Api api = api();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (true) {
      try {
        if (api.get("/ready").status() == 200) {
          return this;
        }
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      assertThat(process.isAlive()).as("server exited: %s", stdout).isTrue();
      assertThat(System.nanoTime()).as("ready within 180 s").isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  public Api api() {
    return new Api(URI.create("http://localhost:" + port));
  }

  public int port() {
    return port;
  }

  public Process process() {
    return process;
  }

  public List<String> stdout() {
    return stdout;
  }

  /** SIGKILL: no shutdown hook, no goodbye to the cluster. */
  public void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /**
   * SIGTERM, as an orchestrator stops a container; answers whether the process exited within {@code
   * seconds}.
   */
  public boolean terminate(int seconds) throws InterruptedException {
    process.destroy();
    return process.waitFor(seconds, TimeUnit.SECONDS);
  }

  public Map<String, String> environment() {
    return environment;
  }

  /** A port nobody listens on now. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** JGroups ports p with p and p + 50000 (failure detection) both free. */
  public static int[] clusterPorts(int count) throws IOException {
    int[] ports = new int[count];
    int found = 0;
    for (int port = 7800 + (int) (Math.random() * 5000); found < count && port < 15000; port++) {
      if (free(port) && free(port + 50_000)) {
        ports[found++] = port;
      }
    }
    assertThat(found).isEqualTo(count);
    return ports;
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
