package io.treenetra.analytics;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * Folds the deltas that writes append to the statistics counts (V5 migration), the benefit counts
 * (V14) and the work-order counts (V17) into the totals every five seconds, so that reading the
 * whole inventory's statistics, benefits or work sums a few thousand rows. One instance folds at a
 * time (an advisory lock in {@code fold_tree_counts}); the others skip.
 */
@Singleton
public class TreeCountsFold {

  @PersistenceContext EntityManager em;

  @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
  void fold() {
    em.createNativeQuery("SELECT count(*) FROM (SELECT fold_tree_counts()) AS folded")
        .getSingleResult();
    em.createNativeQuery("SELECT count(*) FROM (SELECT fold_tree_benefit_counts()) AS folded")
        .getSingleResult();
    em.createNativeQuery("SELECT count(*) FROM (SELECT fold_work_order_counts()) AS folded")
        .getSingleResult();
  }
}
