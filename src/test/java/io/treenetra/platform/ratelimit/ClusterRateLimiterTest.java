package io.treenetra.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.platform.cache.CacheCluster;
import io.treenetra.platform.cache.TestClusters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.infinispan.manager.EmbeddedCacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rate-limit counters on two real Infinispan nodes clustered over TCP, configured exactly as
 * the server configures them: a limit holds for the cluster, not per instance.
 */
class ClusterRateLimiterTest {

  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-11-26T10:15:30Z"), ZoneOffset.UTC);

  private static List<EmbeddedCacheManager> nodes;

  @BeforeAll
  static void cluster() throws Exception {
    nodes = TestClusters.start(2);
  }

  @AfterAll
  static void stop() {
    TestClusters.stop(nodes);
  }

  private static ClusterRateLimiter limiter(int node, Clock clock) {
    return limiter(node, clock, Duration.ofMinutes(1));
  }

  private static ClusterRateLimiter limiter(int node, Clock clock, Duration window) {
    return new ClusterRateLimiter(
        nodes.get(node).getCache(CacheCluster.RATE_LIMITS), clock, window);
  }

  @Test
  void aShorterWindowResetsOnItsOwnBoundaries() {
    Duration tenSeconds = Duration.ofSeconds(10);
    RateLimiter.Decision first = limiter(0, NOW, tenSeconds).acquire("user:short", 2);
    assertThat(first.resetAt()).isEqualTo(Instant.parse("2026-11-26T10:15:40Z"));
    assertThat(limiter(1, NOW, tenSeconds).acquire("user:short", 2).remaining()).isZero();
    RateLimiter.Decision refused = limiter(0, NOW, tenSeconds).acquire("user:short", 2);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfterSeconds(NOW.instant())).isEqualTo(10);
    Clock nextWindow = Clock.offset(NOW, Duration.ofSeconds(10));
    assertThat(limiter(1, nextWindow, tenSeconds).acquire("user:short", 2).remaining())
        .isEqualTo(1);
    assertThat(limiter(0, NOW, tenSeconds).windowInWords()).isEqualTo("10 s");
    assertThat(limiter(0, NOW).windowInWords()).isEqualTo("a minute");
  }

  @Test
  void aLimitHoldsForTheWholeClusterEvenUnderConcurrentRequests() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Callable<Boolean>> requests = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      ClusterRateLimiter limiter = limiter(i % 2, NOW);
      requests.add(() -> limiter.acquire("user:ana", 120).allowed());
    }
    long allowed = 0;
    for (Future<Boolean> result : pool.invokeAll(requests)) {
      allowed += result.get() ? 1 : 0;
    }
    pool.shutdown();
    assertThat(allowed).isEqualTo(120);
    RateLimiter.Decision refused = limiter(0, NOW).acquire("user:ana", 120);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.remaining()).isZero();
    assertThat(refused.resetAt()).isEqualTo(Instant.parse("2026-11-26T10:16:00Z"));
    assertThat(refused.retryAfterSeconds(NOW.instant())).isEqualTo(30);
  }

  @Test
  void remainingCountsDownAcrossNodesAndANewMinuteStartsAfresh() {
    assertThat(limiter(0, NOW).acquire("role:viewer", 3).remaining()).isEqualTo(2);
    assertThat(limiter(1, NOW).acquire("role:viewer", 3).remaining()).isEqualTo(1);
    assertThat(limiter(0, NOW).acquire("role:viewer", 3).remaining()).isZero();
    assertThat(limiter(1, NOW).acquire("role:viewer", 3).allowed()).isFalse();
    Clock nextMinute = Clock.offset(NOW, Duration.ofSeconds(30));
    RateLimiter.Decision fresh = limiter(1, nextMinute).acquire("role:viewer", 3);
    assertThat(fresh.allowed()).isTrue();
    assertThat(fresh.remaining()).isEqualTo(2);
    // Other keys are counted apart.
    assertThat(limiter(0, NOW).acquire("role:manager", 3).remaining()).isEqualTo(2);
  }
}
