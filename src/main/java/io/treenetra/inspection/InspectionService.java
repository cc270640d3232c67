package io.treenetra.inspection;

import io.treenetra.platform.cache.DataGeneration;
import io.treenetra.platform.json.ApiEnums;
import io.treenetra.platform.persistence.Audited;
import io.treenetra.platform.persistence.Clocks;
import io.treenetra.platform.validation.RequestValidator;
import io.treenetra.platform.web.ApiException;
import io.treenetra.platform.web.Cursor;
import io.treenetra.platform.web.FieldError;
import io.treenetra.platform.web.Page;
import io.treenetra.tree.Tree;
import io.treenetra.work.WorkOrderService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class InspectionService {

  private static final String SORT = "-inspectedAt";

  @Inject InspectionRepository inspections;
  @Inject RequestValidator validator;
  @Inject DataGeneration generation;
  @Inject Clocks clocks;
  @Inject WorkOrderService workOrders;

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
    Tree tree =
        inspections
            .lockedLiveTree(treeId)
            .orElseThrow(() -> ApiException.notFound("No tree " + treeId));
    Inspection inspection = new Inspection(treeId, input.withInspector(defaultInspector), now);
    inspections.persist(inspection);
    tree.inspected(input.inspectedAt(), input.healthStatus(), input.dbhCm(), input.heightM(), now);
    if (input.risk() != null
        && tree.assessed(input.inspectedAt(), ApiEnums.json(input.risk().rating()), now)) {
      // Under the tree's row lock: two assessments at once open one order.
      workOrders.mitigate(tree, tree.riskRating(), inspection.id());
    }
    inspections.flush();
    return inspection;
  }

  /** A tree's records, newest first, a keyset page at a time. */
  public Page<InspectionResponse> list(UUID treeId, String cursor, int limit) {
    if (inspections.liveTree(treeId).isEmpty()) {
      throw ApiException.notFound("No tree " + treeId);
    }
    Cursor after = cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor, SORT);
    List<Inspection> found =
        inspections.newestFirst(
            treeId,
            after == null ? null : after.instant(),
            after == null ? null : after.uuid(),
            limit);
    return Page.keyset(
        found,
        limit,
        null,
        InspectionResponse::of,
        last -> new Cursor(SORT, last.inspectedAt().toString(), last.id().toString()));
  }
}
