package io.treenetra.platform.cache;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.infinispan.stats.Stats;

/**
 * Per cache, on {@code /metrics}: {@code cache_hits_total}, {@code cache_misses_total}, {@code
 * cache_evictions_total}, {@code cache_entries} (label {@code cache}); and {@code cluster_members}.
 * Read from Infinispan's own statistics when scraped.
 */
@ApplicationScoped
public class CacheMetrics {

  @Inject MetricRegistry registry;
  @Inject Caches caches;

  void register(@Observes @Initialized(ApplicationScoped.class) Object event) {
    for (String cache : CacheCluster.BOUNDED) {
      Tag tag = new Tag("cache", cache);
      gauge(
          "cache.hits.total",
          "Reads that found the entry in this instance's cache",
          cache,
          tag,
          Stats::getHits);
      gauge(
          "cache.misses.total", "Reads that did not find the entry", cache, tag, Stats::getMisses);
      gauge(
          "cache.evictions.total",
          "Entries evicted because the cache was full",
          cache,
          tag,
          Stats::getEvictions);
      gauge(
          "cache.entries",
          "Entries held in this instance's memory",
          cache,
          tag,
          Stats::getApproximateEntriesInMemory);
    }
    registry.gauge(
        Metadata.builder()
            .withName("cluster.members")
            .withDescription("Instances in the cache cluster, this one included")
            .build(),
        () -> caches.members().size());
  }

  private void gauge(
      String name, String description, String cache, Tag tag, ToLongFunction<Stats> value) {
    registry.gauge(
        Metadata.builder().withName(name).withDescription(description).build(),
        () ->
            caches.exists(cache)
                ? value.applyAsLong(caches.get(cache).getAdvancedCache().getStats())
                : 0L,
        tag);
  }
}
