package io.treenetra.platform.cache;

import io.treenetra.platform.persistence.AfterCommit;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.UUID;
import org.infinispan.Cache;

/**
 * The generation of the inventory's data, shared by the cluster: a new random token after every
 * committed change to trees, species or inspections. Cached analytics are keyed by the generation
 * they were computed from, so a write makes every older result unreachable on every instance at
 * once, without scanning the cache. The token changes after the commit and before the write's
 * response, so a client never reads a result older than its own acknowledged write.
 */
@ApplicationScoped
public class DataGeneration {

  private static final String KEY = "inventory";
  private static final Object MARK = DataGeneration.class;

  @Inject Caches caches;

  @Resource TransactionSynchronizationRegistry transactions;

  /** The current generation; read it before computing anything that will be cached under it. */
  public String current() {
    Cache<String, String> generations = caches.get(CacheCluster.GENERATIONS);
    String token = generations.get(KEY);
    return token == null ? "initial" : token;
  }

  /**
   * Starts a new generation now, after a change committed outside a JTA transaction (a bulk
   * import's batch).
   */
  public void changed() {
    caches.<String, String>get(CacheCluster.GENERATIONS).put(KEY, UUID.randomUUID().toString());
  }

  /**
   * Starts a new generation when the current transaction commits (once, however many changes it
   * makes).
   */
  public void changedOnCommit() {
    if (transactions.getResource(MARK) != null) {
      return;
    }
    transactions.putResource(MARK, Boolean.TRUE);
    AfterCommit.run(
        transactions,
        () ->
            caches
                .<String, String>get(CacheCluster.GENERATIONS)
                .put(KEY, UUID.randomUUID().toString()));
  }
}
