package io.treenetra.platform.cache;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.infinispan.commons.ThreadGroups;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.configuration.global.ShutdownHookBehavior;
import org.infinispan.jboss.marshalling.core.JBossUserMarshaller;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.manager.EmbeddedCacheManager;
import org.infinispan.remoting.transport.jgroups.JGroupsTransport;
import org.jgroups.JChannel;

/**
 * The one Infinispan cache manager of this instance, shared by Hibernate's second-level cache and
 * the application's caches. Hibernate builds its regions while the persistence unit deploys, before
 * any CDI bean exists, so the manager is owned here, outside CDI: whoever needs it first starts it,
 * and it stops (leaving the cluster) when the last user lets go.
 */
public final class CacheCluster {

  /** Hibernate regions (see {@code @Cache(region = ...)} on the entities). */
  public static final String TREES = "trees";

  public static final String SPECIES = "species";

  /** Completed {@code Idempotency-Key} answers, for every instance. */
  public static final String IDEMPOTENCY = "idempotency";

  /** Results of the analytics endpoints, keyed by the data generation they were computed from. */
  public static final String ANALYTICS = "analytics";

  /** The current data generation: replicated, tiny, never evicted. */
  public static final String GENERATIONS = "generations";

  /** Per-minute request counters of the rate limits. */
  public static final String RATE_LIMITS = "rate-limits";

  /**
   * Natural keys (a tree's externalId, a species' name) to ids; checked against the entity on every
   * use.
   */
  public static final String LOOKUPS = "lookups";

  /**
   * Every cache with its own bounds in the configuration (treenetra.cache.NAME.*), for the metrics
   * too.
   */
  /**
   * Each user's last write position on the primary (a WAL LSN), so that any instance sends that
   * user's reads to a replica only once it has replayed past it.
   */
  public static final String WRITE_POSITIONS = "write-positions";

  public static final List<String> BOUNDED =
      List.of(TREES, SPECIES, IDEMPOTENCY, ANALYTICS, RATE_LIMITS, LOOKUPS, WRITE_POSITIONS);

  /** Hibernate's template for entity regions when they distribute instead of invalidating. */
  static final String DISTRIBUTED_ENTITY_TEMPLATE = "treenetra-distributed-entity";

  private static final Logger LOG = Logger.getLogger(CacheCluster.class.getName());
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(treenetra\\.[a-z.-]+)}");

  private static EmbeddedCacheManager manager;
  private static CacheSettings settings;
  private static int users;

  private CacheCluster() {}

  /** The running manager, started on first use; pair every call with {@link #release()}. */
  public static synchronized EmbeddedCacheManager acquire() {
    if (manager == null) {
      CacheSettings loaded = CacheSettings.load();
      manager = start(loaded);
      settings = loaded;
    }
    users++;
    return manager;
  }

  /** Stops the manager, and leaves the cluster, when its last user lets go. */
  public static synchronized void release() {
    if (users > 0 && --users == 0) {
      LOG.info("Stopping the cache manager");
      manager.stop();
      manager = null;
      releaseThreads();
    }
  }

  /**
   * RxJava's scheduler threads and Infinispan's thread groups, when those libraries came with this
   * application: they never end on their own, and would keep the application's classes loaded after
   * an undeploy. Shared with the server (Payara Micro's --addLibs), they stay for the next
   * deployment.
   */
  private static void releaseThreads() {
    if (io.reactivex.rxjava3.schedulers.Schedulers.class.getClassLoader()
        == CacheCluster.class.getClassLoader()) {
      io.reactivex.rxjava3.schedulers.Schedulers.shutdown();
    }
    if (ThreadGroups.class.getClassLoader() == CacheCluster.class.getClassLoader()) {
      // Infinispan's two thread groups are children of the JVM's main group for good: made daemon,
      // each leaves it when its last thread has ended, and the application's classes with it.
      for (ThreadGroup group :
          List.of(ThreadGroups.NON_BLOCKING_GROUP, ThreadGroups.BLOCKING_GROUP)) {
        group.setDaemon(true);
        destroyIfEmpty(group);
      }
    }
  }

  @SuppressWarnings(
      "removal") // ThreadGroup.destroy: the one way out of the parent group on Java 17
  private static void destroyIfEmpty(ThreadGroup group) {
    try {
      if (!group.isDestroyed() && group.activeCount() == 0) {
        group.destroy();
      }
    } catch (IllegalThreadStateException e) {
      // a thread is still ending: the group goes when it has (daemon)
    }
  }

  /** The settings the running manager was started with. */
  public static synchronized CacheSettings settings() {
    if (settings == null) {
      throw new IllegalStateException("the cache manager is not running");
    }
    return settings;
  }

  /** A manager of its own, outside the shared one: for tests that need several nodes in one JVM. */
  static EmbeddedCacheManager start(CacheSettings settings) {
    ClassLoader classLoader = CacheCluster.class.getClassLoader();
    GlobalConfigurationBuilder global =
        settings.clustered()
            ? GlobalConfigurationBuilder.defaultClusteredBuilder()
            : new GlobalConfigurationBuilder().nonClusteredDefault();
    global
        .classLoader(classLoader)
        .cacheManagerName("treenetra")
        .shutdown()
        .hookBehavior(ShutdownHookBehavior.DONT_REGISTER)
        // Hibernate's cache entries are Java objects: the manager Hibernate shares must marshal
        // them.
        .serialization()
        .marshaller(new JBossUserMarshaller());
    global.jmx().disable();
    global.cacheContainer().statistics(true);
    if (settings.clustered()) {
      global
          .transport()
          .transport(new JGroupsTransport(channel(settings)))
          .clusterName(settings.clusterName())
          .nodeName(nodeName(settings));
    }
    DefaultCacheManager started = new DefaultCacheManager(global.build());
    boolean clustered = settings.clustered();
    started.defineConfiguration(
        IDEMPOTENCY,
        bounded(settings, IDEMPOTENCY, clustered ? CacheMode.DIST_SYNC : CacheMode.LOCAL));
    started.defineConfiguration(
        ANALYTICS, bounded(settings, ANALYTICS, clustered ? CacheMode.DIST_SYNC : CacheMode.LOCAL));
    started.defineConfiguration(
        RATE_LIMITS,
        bounded(settings, RATE_LIMITS, clustered ? CacheMode.DIST_SYNC : CacheMode.LOCAL));
    started.defineConfiguration(LOOKUPS, bounded(settings, LOOKUPS, CacheMode.LOCAL));
    started.defineConfiguration(
        WRITE_POSITIONS,
        bounded(settings, WRITE_POSITIONS, clustered ? CacheMode.DIST_SYNC : CacheMode.LOCAL));
    ConfigurationBuilder generations = objects(new ConfigurationBuilder());
    generations.clustering().cacheMode(clustered ? CacheMode.REPL_SYNC : CacheMode.LOCAL);
    started.defineConfiguration(GENERATIONS, generations.build());
    if (clustered) {
      ConfigurationBuilder entities = objects(new ConfigurationBuilder());
      entities.clustering().cacheMode(CacheMode.DIST_SYNC).hash().numOwners(2);
      entities.template(true);
      started.defineConfiguration(DISTRIBUTED_ENTITY_TEMPLATE, entities.build());
    }
    // Start the application's caches now: a node that joins late must take part in rebalancing.
    for (String name :
        List.of(IDEMPOTENCY, ANALYTICS, RATE_LIMITS, LOOKUPS, WRITE_POSITIONS, GENERATIONS)) {
      started.getCache(name);
    }
    LOG.info(
        () ->
            "Cache manager started: "
                + settings.mode().name().toLowerCase()
                + ", members "
                + started.getMembers());
    return started;
  }

  private static org.infinispan.configuration.cache.Configuration bounded(
      CacheSettings settings, String name, CacheMode mode) {
    CacheSettings.Bounds bounds = settings.bounds(name);
    ConfigurationBuilder builder = objects(new ConfigurationBuilder());
    builder.clustering().cacheMode(mode);
    if (mode.isDistributed()) {
      builder.clustering().hash().numOwners(2);
    }
    builder.memory().maxCount(bounds.maxEntries());
    builder.expiration().lifespan(bounds.expiry().toMillis()).wakeUpInterval(30_000);
    return builder.build();
  }

  /**
   * Values kept as Java objects in the heap, marshalled only to cross the network; statistics on.
   */
  private static ConfigurationBuilder objects(ConfigurationBuilder builder) {
    builder.encoding().mediaType("application/x-java-object");
    builder.statistics().enable();
    return builder;
  }

  private static JChannel channel(CacheSettings settings) {
    String file = settings.mode() == CacheSettings.Mode.TCP ? "tcp.xml" : "kubernetes.xml";
    try (InputStream in = CacheCluster.class.getResourceAsStream("/META-INF/jgroups/" + file)) {
      String stack =
          substitute(
              new String(in.readAllBytes(), StandardCharsets.UTF_8), settings.stackVariables());
      return new JChannel(new ByteArrayInputStream(stack.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the JGroups stack " + file, e);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot create the JGroups channel from " + file + ": " + e.getMessage(), e);
    }
  }

  static String substitute(String text, Map<String, String> variables) {
    Matcher matcher = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = variables.get(matcher.group(1));
      if (value == null) {
        throw new IllegalStateException(
            "no value for ${" + matcher.group(1) + "} in the JGroups stack");
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return matcher.appendTail(out).toString();
  }

  /** Host name and port: distinct for several instances on one machine, readable in the logs. */
  private static String nodeName(CacheSettings settings) {
    String host = System.getenv().getOrDefault("HOSTNAME", "treenetra");
    return host + ":" + settings.bindPort();
  }
}
