package io.treenetra.platform.ratelimit;

import io.treenetra.platform.cache.CacheCluster;
import io.treenetra.platform.cache.Caches;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.infinispan.Cache;

/**
 * {@link RateLimiter} on the cluster's {@code rate-limits} cache: one counter per key and window,
 * incremented with compare-and-set on the key's owner, so that two instances never both grant the
 * last request of a window. A counter lives two windows, then expires.
 */
@ApplicationScoped
public class ClusterRateLimiter implements RateLimiter {

  private static final int MAX_ATTEMPTS = 100;

  private final Cache<String, Long> counters;
  private final Clock clock;
  private final long windowMillis;

  @Inject
  public ClusterRateLimiter(
      Caches caches,
      @ConfigProperty(name = "treenetra.ratelimit.window-seconds") long windowSeconds) {
    this(
        caches.get(CacheCluster.RATE_LIMITS), Clock.systemUTC(), Duration.ofSeconds(windowSeconds));
  }

  public ClusterRateLimiter(Cache<String, Long> counters, Clock clock, Duration window) {
    if (window.toMillis() < 1000) {
      throw new IllegalArgumentException("A rate-limit window is at least one second: " + window);
    }
    this.counters = counters;
    this.clock = clock;
    this.windowMillis = window.toMillis();
  }

  /** For CDI's proxy. */
  protected ClusterRateLimiter() {
    this.counters = null;
    this.clock = null;
    this.windowMillis = 0;
  }

  @Override
  public Duration window() {
    return Duration.ofMillis(windowMillis);
  }

  @Override
  public Decision acquire(String key, long limit) {
    long window = clock.millis() / windowMillis;
    Instant resetAt = Instant.ofEpochMilli((window + 1) * windowMillis);
    String counter = window + ":" + key;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Long count = counters.get(counter);
      if (count == null) {
        if (counters.putIfAbsent(counter, 1L, 2 * windowMillis, TimeUnit.MILLISECONDS) == null) {
          return new Decision(limit >= 1, limit, Math.max(0, limit - 1), resetAt);
        }
      } else if (count >= limit) {
        return new Decision(false, limit, 0, resetAt);
      } else if (counters.replace(
          counter, count, count + 1, 2 * windowMillis, TimeUnit.MILLISECONDS)) {
        return new Decision(true, limit, limit - count - 1, resetAt);
      }
    }
    // Extreme contention on one key: refuse rather than over-grant.
    return new Decision(false, limit, 0, resetAt);
  }
}
