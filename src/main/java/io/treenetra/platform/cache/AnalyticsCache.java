package io.treenetra.platform.cache;

import io.treenetra.platform.web.JsonConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.infinispan.Cache;

/**
 * Analytics results as the JSON they are answered with, shared by the cluster and valid for one
 * data generation ({@link DataGeneration}); bounded by {@code treenetra.cache.analytics.*}. The
 * expiry also bounds how long a time-relative figure ("inspected in the last 12 months") can lag
 * behind the clock.
 */
@ApplicationScoped
public class AnalyticsCache {

  @Inject Caches caches;
  @Inject DataGeneration generation;

  /** false: every question is computed (benchmarks of the queries themselves, diagnosis). */
  @Inject
  @ConfigProperty(name = "treenetra.cache.analytics.enabled")
  boolean enabled;

  /**
   * The JSON of {@code compute}'s result for this question, computed at most once per generation.
   */
  public String json(String question, Supplier<Object> compute) {
    if (!enabled) {
      return JsonConfig.jsonb().toJson(compute.get());
    }
    Cache<String, String> cache = caches.get(CacheCluster.ANALYTICS);
    String key = generation.current() + '\n' + question;
    String cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    String json = JsonConfig.jsonb().toJson(compute.get());
    cache.putIfAbsent(key, json);
    return json;
  }
}
