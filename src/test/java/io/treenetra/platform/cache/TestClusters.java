package io.treenetra.platform.cache;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.infinispan.manager.EmbeddedCacheManager;

/**
 * Several real cache nodes in one JVM, clustered over TCP on loopback with the server's own stack
 * and caches.
 */
public final class TestClusters {

  private TestClusters() {}

  public static List<EmbeddedCacheManager> start(int count) throws Exception {
    List<Integer> ports = new ArrayList<>();
    for (int port = 9000 + (int) (Math.random() * 4000); ports.size() < count; port++) {
      if (free(port) && free(port + 50_000)) {
        ports.add(port);
      }
    }
    String peers = ports.stream().map(p -> "127.0.0.1[" + p + "]").collect(Collectors.joining(","));
    Map<String, CacheSettings.Bounds> bounds = new HashMap<>();
    for (String cache : CacheCluster.BOUNDED) {
      bounds.put(cache, new CacheSettings.Bounds(1000, Duration.ofMinutes(5)));
    }
    List<EmbeddedCacheManager> nodes = new ArrayList<>();
    for (int port : ports) {
      nodes.add(
          CacheCluster.start(
              new CacheSettings(
                  CacheSettings.Mode.TCP,
                  "test-" + ports.get(0),
                  "127.0.0.1",
                  port,
                  peers,
                  "",
                  CacheSettings.EntityMode.INVALIDATION,
                  bounds)));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (nodes.stream().anyMatch(node -> node.getMembers().size() < count)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the test cluster did not form: " + nodes.get(0).getMembers());
      }
      Thread.sleep(100);
    }
    return nodes;
  }

  public static void stop(List<EmbeddedCacheManager> nodes) {
    if (nodes != null) {
      nodes.forEach(EmbeddedCacheManager::stop);
    }
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
