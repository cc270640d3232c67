package io.treenetra.platform.cache;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * How this instance joins the cache cluster and how big each cache may grow, from MicroProfile
 * Config (so {@code TREENETRA_CLUSTER_MODE} in the environment sets {@code
 * treenetra.cluster.mode}). Read without CDI: Hibernate builds its second-level cache before any
 * bean exists.
 */
public record CacheSettings(
    Mode mode,
    String clusterName,
    String bindAddress,
    int bindPort,
    String peers,
    String dnsQuery,
    EntityMode entityMode,
    Map<String, Bounds> bounds) {

  /**
   * Alone (the run command's default), a static list of peers over TCP, or DNS discovery in
   * Kubernetes.
   */
  public enum Mode {
    LOCAL,
    TCP,
    KUBERNETES
  }

  /**
   * How Hibernate's entity regions keep instances coherent (see docs/design.md for the
   * measurement).
   */
  public enum EntityMode {
    INVALIDATION,
    DISTRIBUTION
  }

  /** A cache's bounds: at most {@code maxEntries}, each kept at most {@code expiry}. */
  public record Bounds(long maxEntries, Duration expiry) {}

  public static CacheSettings load() {
    Config config = ConfigProvider.getConfig(CacheSettings.class.getClassLoader());
    String modeName = config.getValue("treenetra.cluster.mode", String.class);
    Mode mode = parse(Mode.class, "treenetra.cluster.mode", modeName);
    Map<String, Bounds> bounds = new HashMap<>();
    for (String cache : CacheCluster.BOUNDED) {
      bounds.put(
          cache,
          new Bounds(
              config.getValue("treenetra.cache." + cache + ".max-entries", Long.class),
              Duration.ofSeconds(
                  config.getValue("treenetra.cache." + cache + ".expiry-seconds", Long.class))));
    }
    String entityMode = config.getValue("treenetra.cache.entity-mode", String.class);
    CacheSettings settings =
        new CacheSettings(
            mode,
            config.getValue("treenetra.cluster.name", String.class),
            config.getValue("treenetra.cluster.bind-address", String.class),
            config.getValue("treenetra.cluster.bind-port", Integer.class),
            // No default: unset is none (an empty value is unset to MicroProfile Config).
            config.getOptionalValue("treenetra.cluster.peers", String.class).orElse(""),
            config.getOptionalValue("treenetra.cluster.dns-query", String.class).orElse(""),
            parse(EntityMode.class, "treenetra.cache.entity-mode", entityMode),
            Map.copyOf(bounds));
    if (mode == Mode.TCP && settings.peers().isBlank()) {
      throw new IllegalStateException(
          "treenetra.cluster.mode=tcp needs treenetra.cluster.peers (TREENETRA_CLUSTER_PEERS), e.g. 10.0.0.5[7800],10.0.0.6[7800]");
    }
    if (mode == Mode.KUBERNETES && settings.dnsQuery().isBlank()) {
      throw new IllegalStateException(
          "treenetra.cluster.mode=kubernetes needs treenetra.cluster.dns-query (TREENETRA_CLUSTER_DNS_QUERY), the headless Service's name");
    }
    return settings;
  }

  public boolean clustered() {
    return mode != Mode.LOCAL;
  }

  /**
   * {@code treenetra.cache.<name>.max-entries} and {@code .expiry-seconds}; every cache has both.
   */
  public Bounds bounds(String cache) {
    Bounds found = bounds.get(cache);
    if (found == null) {
      throw new IllegalArgumentException("no bounds for the cache " + cache);
    }
    return found;
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String key, String value) {
    try {
      return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          key
              + " is '"
              + value
              + "'; expected one of "
              + java.util.Arrays.stream(type.getEnumConstants())
                  .map(c -> c.name().toLowerCase(Locale.ROOT))
                  .toList(),
          e);
    }
  }

  /** The values the JGroups stack file refers to as {@code ${treenetra.cluster.*}}. */
  Map<String, String> stackVariables() {
    return Map.of(
        "treenetra.cluster.bind-address", bindAddress,
        "treenetra.cluster.bind-port", Integer.toString(bindPort),
        "treenetra.cluster.peers", peers,
        "treenetra.cluster.dns-query", dnsQuery);
  }
}
