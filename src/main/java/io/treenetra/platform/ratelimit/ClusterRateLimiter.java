package io.treenetra.platform.ratelimit;

import io.treenetra.platform.cache.CacheCluster;
import io.treenetra.platform.cache.Caches;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.infinispan.Cache;

/**
 * {@link RateLimiter} on the cluster's {@code rate-limits} cache: one counter per key and minute,
 * incremented with compare-and-set on the key's owner, so that two instances never both grant the
 * last request of a window. A counter lives two minutes, then expires.
 */
@ApplicationScoped
public class ClusterRateLimiter implements RateLimiter {

  private static final long WINDOW_MILLIS = 60_000;
  private static final int MAX_ATTEMPTS = 100;

  private final Cache<String, Long> counters;
  private final Clock clock;

  @Inject
  public ClusterRateLimiter(Caches caches) {
    this(caches.get(CacheCluster.RATE_LIMITS), Clock.systemUTC());
  }

  public ClusterRateLimiter(Cache<String, Long> counters, Clock clock) {
    this.counters = counters;
    this.clock = clock;
  }

  /** For CDI's proxy. */
  protected ClusterRateLimiter() {
    this.counters = null;
    this.clock = null;
  }

  @Override
  public Decision acquire(String key, long limit) {
    long window = clock.millis() / WINDOW_MILLIS;
    Instant resetAt = Instant.ofEpochMilli((window + 1) * WINDOW_MILLIS);
    String counter = window + ":" + key;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Long count = counters.get(counter);
      if (count == null) {
        if (counters.putIfAbsent(counter, 1L, 2 * WINDOW_MILLIS, TimeUnit.MILLISECONDS) == null) {
          return new Decision(limit >= 1, limit, Math.max(0, limit - 1), resetAt);
        }
      } else if (count >= limit) {
        return new Decision(false, limit, 0, resetAt);
      } else if (counters.replace(
          counter, count, count + 1, 2 * WINDOW_MILLIS, TimeUnit.MILLISECONDS)) {
        return new Decision(true, limit, limit - count - 1, resetAt);
      }
    }
    // Extreme contention on one key: refuse rather than over-grant.
    return new Decision(false, limit, 0, resetAt);
  }
}
