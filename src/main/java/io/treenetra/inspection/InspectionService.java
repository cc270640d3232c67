package io.treenetra.inspection;

import io.treenetra.platform.cache.DataGeneration;
import io.treenetra.platform.persistence.Audited;
import io.treenetra.platform.persistence.Clocks;
import io.treenetra.platform.validation.RequestValidator;
import io.treenetra.platform.web.ApiException;
import io.treenetra.platform.web.Cursor;
import io.treenetra.platform.web.FieldError;
import io.treenetra.platform.web.Ids;
import io.treenetra.platform.web.Page;
import io.treenetra.tree.Tree;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.CacheRetrieveMode;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
public class InspectionService {

  private static final String SORT = "-inspectedAt";

  @PersistenceContext EntityManager em;
  @Inject RequestValidator validator;
  @Inject DataGeneration generation;
  @Inject Clocks clocks;

  /**
   * Stores a record and, when it is the tree's latest, makes it the tree's current condition. The
   * tree's row is locked for the transaction, so concurrent inspections of one tree apply one after
   * the other and the latest {@code inspectedAt} stays in force.
   */
  @Transactional
  @Audited
  public Inspection record(UUID treeId, JsonObject json, String defaultInspector) {
    generation.changedOnCommit();
    Instant now = clocks.now();
    List<FieldError> errors = new ArrayList<>();
    InspectionInput input = InspectionInput.read(json, now, errors);
    validator.check(input, errors);
    Tree tree = lockedTree(treeId);
    Inspection inspection = new Inspection(treeId, input.withInspector(defaultInspector), now);
    em.persist(inspection);
    tree.inspected(input.inspectedAt(), input.healthStatus(), input.dbhCm(), input.heightM(), now);
    em.flush();
    return inspection;
  }

  /** A tree's records, newest first, a keyset page at a time. */
  public Page<InspectionResponse> list(UUID treeId, String cursor, int limit) {
    Tree tree = em.find(Tree.class, treeId);
    if (tree == null || tree.deleted()) {
      throw ApiException.notFound("No tree " + treeId);
    }
    StringBuilder jpql = new StringBuilder("SELECT i FROM Inspection i WHERE i.treeId = :treeId");
    Instant afterTime = null;
    UUID afterId = null;
    if (cursor != null && !cursor.isBlank()) {
      Cursor after = Cursor.decode(cursor, SORT);
      try {
        afterTime = Instant.parse(after.value());
      } catch (DateTimeParseException | NullPointerException e) {
        throw ApiException.invalid("cursor", "is not a cursor this service returned");
      }
      afterId = Ids.parse("cursor", after.id());
      jpql.append(
          " AND (i.inspectedAt < :afterTime OR (i.inspectedAt = :afterTime AND i.id < :afterId))");
    }
    jpql.append(" ORDER BY i.inspectedAt DESC, i.id DESC");
    var query =
        em.createQuery(jpql.toString(), Inspection.class)
            .setParameter("treeId", treeId)
            .setMaxResults(limit + 1);
    if (afterId != null) {
      query.setParameter("afterTime", afterTime).setParameter("afterId", afterId);
    }
    return Page.keyset(
        query.getResultList(),
        limit,
        null,
        InspectionResponse::of,
        last -> new Cursor(SORT, last.inspectedAt().toString(), last.id().toString()));
  }

  /**
   * Locks the tree's row, then loads it. Locking first matters: with its species joined, Hibernate
   * would load the tree and lock it in a second statement with a version check, which fails
   * whenever another inspection commits in between.
   */
  private Tree lockedTree(UUID treeId) {
    boolean live =
        !em.createNativeQuery("SELECT id FROM tree WHERE id = ?1 AND deleted_at IS NULL FOR UPDATE")
            .setParameter(1, treeId)
            .getResultList()
            .isEmpty();
    if (!live) {
      throw ApiException.notFound("No tree " + treeId);
    }
    // The locked row, not a cached copy.
    return em.find(
        Tree.class,
        treeId,
        Map.of("jakarta.persistence.cache.retrieveMode", CacheRetrieveMode.BYPASS));
  }
}
