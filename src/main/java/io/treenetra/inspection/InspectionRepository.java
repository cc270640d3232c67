package io.treenetra.inspection;

import io.treenetra.tree.Tree;
import io.treenetra.tree.TreeRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Health records and the tree row they lock. */
@ApplicationScoped
public class InspectionRepository {

  @Inject TreeRepository trees;

  @PersistenceContext EntityManager em;

  void persist(Inspection inspection) {
    em.persist(inspection);
  }

  void flush() {
    em.flush();
  }

  /** The tree, unless it is missing or deleted. */
  Optional<Tree> liveTree(UUID treeId) {
    Tree tree = em.find(Tree.class, treeId);
    return tree == null || tree.deleted() ? Optional.empty() : Optional.of(tree);
  }

  /**
   * The tree, unless it is missing or deleted, its row locked ({@link TreeRepository#lockedLive}).
   */
  Optional<Tree> lockedLiveTree(UUID treeId) {
    return trees.lockedLive(treeId);
  }

  /**
   * A tree's records newest first, after ({@code afterTime}, {@code afterId}) when given; one more
   * than {@code limit}.
   */
  List<Inspection> newestFirst(UUID treeId, Instant afterTime, UUID afterId, int limit) {
    String after =
        afterId == null
            ? ""
            : " AND (i.inspectedAt < :afterTime OR (i.inspectedAt = :afterTime AND i.id < :afterId))";
    var query =
        em.createQuery(
                "SELECT i FROM Inspection i WHERE i.treeId = :treeId"
                    + after
                    + " ORDER BY i.inspectedAt DESC, i.id DESC",
                Inspection.class)
            .setParameter("treeId", treeId)
            .setMaxResults(limit + 1);
    if (afterId != null) {
      query.setParameter("afterTime", afterTime).setParameter("afterId", afterId);
    }
    return query.getResultList();
  }
}
