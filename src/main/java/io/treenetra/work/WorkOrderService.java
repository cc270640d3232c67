package io.treenetra.work;

import io.treenetra.auth.Caller;
import io.treenetra.auth.Role;
import io.treenetra.platform.cache.DataGeneration;
import io.treenetra.platform.json.JsonInput;
import io.treenetra.platform.persistence.Audited;
import io.treenetra.platform.persistence.Clocks;
import io.treenetra.platform.web.ApiException;
import io.treenetra.platform.web.ErrorCode;
import io.treenetra.platform.web.FieldError;
import io.treenetra.platform.web.Preconditions;
import io.treenetra.tree.HealthStatus;
import io.treenetra.tree.Tree;
import io.treenetra.tree.TreeRepository;
import io.treenetra.tree.TreeStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.CacheRetrieveMode;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Work orders: created, changed and closed out, each in one transaction. Completing an order
 * changes its tree in the same transaction (the tree locked, its state checked again), and the
 * tree's audit trail names the order.
 */
@ApplicationScoped
public class WorkOrderService {

  /** Clocks of field devices run a little ahead. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  static final BigDecimal MAX_COST = new BigDecimal("9999999999.99");
  static final BigDecimal MAX_HOURS = new BigDecimal("100000");

  private static final Set<String> CREATE_FIELDS =
      Set.of(
          "treeId",
          "location",
          "type",
          "priority",
          "status",
          "assigneeId",
          "crew",
          "dueDate",
          "scheduledDate",
          "estimatedCostUsd",
          "notes",
          "leavesStump",
          "source");

  private static final Set<String> PATCH_FIELDS =
      Set.of(
          "priority",
          "status",
          "assigneeId",
          "crew",
          "dueDate",
          "scheduledDate",
          "completedAt",
          "estimatedCostUsd",
          "actualCostUsd",
          "hours",
          "notes",
          "leavesStump");

  /** What an assignee who may not otherwise change orders may change on their own. */
  private static final Set<String> ASSIGNEE_FIELDS =
      Set.of("status", "completedAt", "actualCostUsd", "hours", "notes");

  /** The tree statuses each type of order may be made for (and completed on). */
  private static final Map<WorkType, Set<TreeStatus>> TREE_STATUSES =
      Map.of(
          WorkType.PLANT, Set.of(TreeStatus.PLANNED),
          WorkType.REMOVE, Set.of(TreeStatus.ALIVE, TreeStatus.DEAD),
          WorkType.STUMP_REMOVAL, Set.of(TreeStatus.STUMP),
          WorkType.PRUNE, Set.of(TreeStatus.ALIVE, TreeStatus.DEAD),
          WorkType.WATER, Set.of(TreeStatus.ALIVE),
          WorkType.TREAT, Set.of(TreeStatus.ALIVE),
          WorkType.INSPECT, Set.of(TreeStatus.ALIVE, TreeStatus.DEAD, TreeStatus.STUMP),
          WorkType.OTHER,
              Set.of(TreeStatus.PLANNED, TreeStatus.ALIVE, TreeStatus.DEAD, TreeStatus.STUMP));

  @PersistenceContext EntityManager em;
  @Inject Clocks clocks;
  @Inject DataGeneration generation;
  @Inject TreeRepository trees;

  public WorkOrder get(UUID id) {
    WorkOrder order = em.find(WorkOrder.class, id);
    if (order == null) {
      throw ApiException.notFound("No work order " + id);
    }
    return order;
  }

  @Transactional
  @Audited
  public WorkOrder create(JsonObject json, Caller caller) {
    generation.changedOnCommit();
    Instant now = clocks.now();
    JsonInput in = JsonInput.of(json);
    in.allowOnly(CREATE_FIELDS);
    WorkType type = in.choice("type", WorkType::parse, WorkType.ALLOWED);
    if (type == null && !in.has("type")) {
      in.reject("type", "is required");
    }
    UUID treeId = in.uuid("treeId");
    JsonInput location = in.object("location");
    Double lat = location == null ? null : location.number("lat");
    Double lng = location == null ? null : location.number("lng");
    String address = location == null ? null : location.string("address");
    if (location != null) {
      if (lat == null && !location.has("lat")) {
        location.reject("lat", "is required");
      } else if (lat != null && (lat < -90 || lat > 90)) {
        location.reject("lat", "must be between -90 and 90");
      }
      if (lng == null && !location.has("lng")) {
        location.reject("lng", "is required");
      } else if (lng != null && (lng < -180 || lng > 180)) {
        location.reject("lng", "must be between -180 and 180");
      }
      if (address != null && address.length() > 500) {
        location.reject("address", "must be at most 500 characters");
      }
      if (treeId != null) {
        in.reject("location", "is the tree's: give treeId or location, not both");
      }
    }
    if (type != null && treeId == null && location == null) {
      in.reject(
          "treeId",
          type == WorkType.PLANT
              ? "is required, or location, for a planting"
              : "is required for a " + type.json() + " order");
    }
    if (type != null && type != WorkType.PLANT && location != null) {
      in.reject("location", "is only for a planting without a tree; give treeId");
    }
    if (in.has("status")) {
      String status = in.string("status");
      if (status != null && !status.equals(WorkStatus.OPEN.json())) {
        in.reject("status", "must be open for a new order; move it on with PATCH");
      }
    }
    if (in.has("source")) {
      JsonInput source = in.object("source");
      if (source != null) {
        source.allowOnly(Set.of("kind", "id"));
        String kind = source.string("kind");
        if (kind != null && !kind.equals(SourceKind.MANUAL.json())) {
          source.reject("kind", "must be manual: the other kinds are set by TreeNetra");
        }
      }
    }
    Priority priority =
        in.has("priority") ? in.choice("priority", Priority::parse, Priority.ALLOWED) : null;
    UUID assigneeId = in.uuid("assigneeId");
    String crew = text(in, "crew", 200);
    String notes = text(in, "notes", 4000);
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    LocalDate dueDate = in.date("dueDate");
    if (dueDate != null && dueDate.isBefore(today)) {
      in.reject("dueDate", "must not be before today (" + today + ")");
    }
    LocalDate scheduledDate = in.date("scheduledDate");
    if (scheduledDate != null && scheduledDate.isBefore(today)) {
      in.reject("scheduledDate", "must not be before today (" + today + ")");
    }
    BigDecimal estimated = money(in, "estimatedCostUsd");
    Boolean leavesStump = in.flag("leavesStump");
    if (Boolean.TRUE.equals(leavesStump) && type != null && type != WorkType.REMOVE) {
      in.reject("leavesStump", "is only for a remove order");
    }
    if (assigneeId != null && !userExists(assigneeId)) {
      in.reject("assigneeId", "no user has the id " + assigneeId);
    }
    check(in);
    if (assigneeId != null && !manages(caller)) {
      throw forbidden("Only a manager or an admin assigns work orders");
    }

    WorkOrder order;
    UUID id = UUID.randomUUID();
    if (treeId != null) {
      Tree tree = lockedLiveTree(treeId);
      if (tree == null) {
        throw ApiException.invalid("treeId", "no live tree has the id " + treeId);
      }
      requireStatus(type, tree, "made");
      order = new WorkOrder(id, type, treeId, tree.lat(), tree.lng(), tree.address(), now);
    } else {
      order = new WorkOrder(id, type, null, lat, lng, address, now);
    }
    if (priority != null) {
      order.priority(priority);
    }
    order.assigneeId(assigneeId);
    order.crew(crew);
    order.notes(notes);
    order.dueDate(dueDate);
    order.scheduledDate(scheduledDate);
    order.estimatedCostUsd(estimated);
    order.leavesStump(Boolean.TRUE.equals(leavesStump));
    em.persist(order);
    em.flush();
    return order;
  }

  /**
   * The order for a high or extreme risk rating, unless the tree already has an open remove or
   * prune order: extreme opens an urgent removal, high a pruning of high priority. The caller holds
   * the tree's row lock, so two assessments at once open one order.
   */
  public WorkOrder mitigate(Tree tree, String rating, UUID inspectionId) {
    boolean extreme = "extreme".equals(rating);
    if (!extreme && !"high".equals(rating)) {
      return null;
    }
    List<?> open =
        em.createNativeQuery(
                "SELECT 1 FROM work_order WHERE tree_id = ?1 AND type IN ('remove', 'prune')"
                    + " AND status IN ('open', 'scheduled', 'in-progress') LIMIT 1")
            .setParameter(1, tree.id())
            .getResultList();
    if (!open.isEmpty()) {
      return null;
    }
    WorkType type = extreme ? WorkType.REMOVE : WorkType.PRUNE;
    if (!TREE_STATUSES.get(type).contains(tree.status())) {
      return null;
    }
    generation.changedOnCommit();
    WorkOrder order =
        new WorkOrder(
            UUID.randomUUID(),
            type,
            tree.id(),
            tree.lat(),
            tree.lng(),
            tree.address(),
            clocks.now());
    order.priority(extreme ? Priority.URGENT : Priority.HIGH);
    order.source(SourceKind.RISK, inspectionId);
    order.notes("Opened for a " + rating + " risk rating (health record " + inspectionId + ")");
    em.persist(order);
    return order;
  }

  @Transactional
  @Audited
  public WorkOrder patch(UUID id, JsonObject json, String ifMatch, Caller caller) {
    generation.changedOnCommit();
    Instant now = clocks.now();
    WorkOrder order =
        em.find(
            WorkOrder.class,
            id,
            LockModeType.PESSIMISTIC_WRITE,
            Map.of("jakarta.persistence.cache.retrieveMode", CacheRetrieveMode.BYPASS));
    if (order == null) {
      throw ApiException.notFound("No work order " + id);
    }
    Preconditions.checkIfMatch(ifMatch, order.version());
    JsonInput in = JsonInput.of(json);
    for (String name : json.keySet()) {
      if (!PATCH_FIELDS.contains(name)) {
        in.reject(
            name,
            CREATE_FIELDS.contains(name) || name.equals("id")
                ? "cannot be changed"
                : "is not a field of this resource");
      }
    }
    boolean assignee = caller != null && caller.id().equals(order.assigneeId());
    if (caller != null && caller.role() == Role.VIEWER) {
      if (!assignee) {
        throw forbidden("A viewer may change only the orders assigned to them");
      }
      for (String name : json.keySet()) {
        if (!ASSIGNEE_FIELDS.contains(name)) {
          throw forbidden("An assignee may move their order along, not change its " + name);
        }
      }
    }
    WorkStatus from = order.status();
    WorkStatus to = from;
    if (json.containsKey("status")) {
      to = in.choice("status", WorkStatus::parse, WorkStatus.ALLOWED);
      if (to == null && !in.errors().isEmpty()) {
        check(in);
      }
      if (to == null) {
        in.reject("status", "must not be null");
        check(in);
      }
    }
    LocalDate created = LocalDate.ofInstant(order.createdAt(), ZoneOffset.UTC);
    if (json.containsKey("priority")) {
      Priority priority = in.choice("priority", Priority::parse, Priority.ALLOWED);
      if (priority == null && in.errors().isEmpty()) {
        in.reject("priority", "must not be null");
      }
      if (priority != null) {
        order.priority(priority);
      }
    }
    if (json.containsKey("crew")) {
      order.crew(text(in, "crew", 200));
    }
    if (json.containsKey("notes")) {
      order.notes(text(in, "notes", 4000));
    }
    if (json.containsKey("dueDate")) {
      LocalDate due = in.date("dueDate");
      if (due != null && due.isBefore(created)) {
        in.reject("dueDate", "must not be before the order was made (" + created + ")");
      }
      order.dueDate(due);
    }
    if (json.containsKey("scheduledDate")) {
      LocalDate scheduled = in.date("scheduledDate");
      if (scheduled != null && scheduled.isBefore(created)) {
        in.reject("scheduledDate", "must not be before the order was made (" + created + ")");
      }
      order.scheduledDate(scheduled);
    }
    if (json.containsKey("estimatedCostUsd")) {
      order.estimatedCostUsd(money(in, "estimatedCostUsd"));
    }
    if (json.containsKey("actualCostUsd")) {
      order.actualCostUsd(money(in, "actualCostUsd"));
    }
    if (json.containsKey("hours")) {
      order.hours(hours(in));
    }
    if (json.containsKey("leavesStump")) {
      Boolean stump = in.flag("leavesStump");
      if (Boolean.TRUE.equals(stump) && order.type() != WorkType.REMOVE) {
        in.reject("leavesStump", "is only for a remove order");
      }
      order.leavesStump(Boolean.TRUE.equals(stump));
    }
    UUID assigneeId = order.assigneeId();
    if (json.containsKey("assigneeId")) {
      assigneeId = in.uuid("assigneeId");
      if (assigneeId != null && !userExists(assigneeId)) {
        in.reject("assigneeId", "no user has the id " + assigneeId);
      }
    }
    Instant completedAt = null;
    if (json.containsKey("completedAt")) {
      completedAt = in.instant("completedAt");
      if (to != WorkStatus.COMPLETED || from == WorkStatus.COMPLETED) {
        in.reject("completedAt", "is set only by the move to completed");
      } else if (completedAt != null && completedAt.isAfter(now.plus(CLOCK_SKEW))) {
        in.reject("completedAt", "must not be in the future");
      } else if (completedAt != null && completedAt.isBefore(order.createdAt())) {
        in.reject(
            "completedAt", "must not be before the order was made (" + order.createdAt() + ")");
      }
    }
    check(in);
    if (!java.util.Objects.equals(assigneeId, order.assigneeId())) {
      if (!manages(caller)) {
        throw forbidden("Only a manager or an admin assigns work orders");
      }
      order.assigneeId(assigneeId);
    }
    if (to == from && !from.isOpen() && json.containsKey("status")) {
      // A second crew completing a completed order: exactly one of them succeeds.
      throw new ApiException(
          ErrorCode.CONFLICT,
          "The order is " + from.json() + " already; it is final",
          List.of(new FieldError("status", "the order is " + from.json() + " already")),
          Map.of());
    }
    if (to != from) {
      if (!from.next().contains(to)) {
        throw new ApiException(
            ErrorCode.CONFLICT,
            "A "
                + from.json()
                + " order cannot become "
                + to.json()
                + (from.next().isEmpty()
                    ? ": it is final"
                    : "; it may become "
                        + String.join(", ", from.next().stream().map(WorkStatus::json).toList())),
            List.of(
                new FieldError("status", "cannot move from " + from.json() + " to " + to.json())),
            Map.of());
      }
      if (to == WorkStatus.CANCELLED && !manages(caller)) {
        throw forbidden("Only a manager or an admin cancels work orders");
      }
      order.status(to);
      if (to == WorkStatus.COMPLETED) {
        Instant at = completedAt == null ? now : completedAt;
        order.completedAt(at);
        closeOut(order, at, now);
      }
    }
    order.touched(now);
    em.flush();
    return order;
  }

  /** The completed order's change of its tree, in this transaction, the tree locked. */
  private void closeOut(WorkOrder order, Instant at, Instant now) {
    em.createNativeQuery("SELECT set_config('treenetra.work_order_id', ?1, true)")
        .setParameter(1, order.id().toString())
        .getSingleResult();
    LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
    if (order.treeId() == null) {
      // A planting where there was no tree: a new one.
      UUID treeId = UUID.randomUUID();
      em.persist(Tree.planted(treeId, order.lat(), order.lng(), order.address(), day, now));
      order.plantedTreeId(treeId);
      return;
    }
    Tree tree = lockedLiveTree(order.treeId());
    if (tree == null) {
      throw new ApiException(
          ErrorCode.CONFLICT,
          "The order's tree " + order.treeId() + " was deleted; the order cannot be completed");
    }
    requireStatus(order.type(), tree, "completed");
    switch (order.type()) {
      case REMOVE ->
          tree.closedOut(
              order.leavesStump() ? TreeStatus.STUMP : TreeStatus.REMOVED, null, null, now);
      case STUMP_REMOVAL -> tree.closedOut(TreeStatus.REMOVED, null, null, now);
      case PLANT -> {
        tree.closedOut(TreeStatus.ALIVE, HealthStatus.HEALTHY, day, now);
        order.plantedTreeId(tree.id());
      }
      case PRUNE -> tree.pruned(at, now);
      default -> {
        // Inspecting, watering, treating and the rest change nothing the tree records.
      }
    }
  }

  private void requireStatus(WorkType type, Tree tree, String verb) {
    Set<TreeStatus> allowed = TREE_STATUSES.get(type);
    if (!allowed.contains(tree.status())) {
      throw new ApiException(
          ErrorCode.CONFLICT,
          "A "
              + type.json()
              + " order cannot be "
              + verb
              + " for a tree that is "
              + tree.status().json()
              + "; it needs one that is "
              + String.join(" or ", allowed.stream().map(TreeStatus::json).sorted().toList()),
          List.of(new FieldError("treeId", "the tree is " + tree.status().json())),
          Map.of());
    }
  }

  private Tree lockedLiveTree(UUID treeId) {
    return trees.lockedLive(treeId).orElse(null);
  }

  private boolean userExists(UUID id) {
    return !em.createNativeQuery("SELECT 1 FROM app_user WHERE id = ?1")
        .setParameter(1, id)
        .getResultList()
        .isEmpty();
  }

  private static boolean manages(Caller caller) {
    return caller == null || caller.role() == Role.ADMIN || caller.role() == Role.MANAGER;
  }

  private static ApiException forbidden(String detail) {
    return new ApiException(ErrorCode.AUTHORIZATION_ERROR, detail);
  }

  private static void check(JsonInput in) {
    if (!in.errors().isEmpty()) {
      throw ApiException.invalid(in.errors());
    }
  }

  private static String text(JsonInput in, String name, int max) {
    String text = in.string(name);
    if (text != null && text.length() > max) {
      in.reject(name, "must be at most " + max + " characters");
    }
    return text;
  }

  /** Dollars and cents: a JSON number, not negative, at most two decimals; null clears. */
  static BigDecimal money(JsonInput in, String name) {
    BigDecimal amount = in.decimal(name, "must be a number of dollars, with at most two decimals");
    if (amount == null) {
      return null;
    }
    if (amount.signum() < 0) {
      in.reject(name, "must not be negative");
      return null;
    }
    if (amount.stripTrailingZeros().scale() > 2) {
      in.reject(name, "must have at most two decimals (cents)");
      return null;
    }
    if (amount.compareTo(MAX_COST) > 0) {
      in.reject(name, "must be at most " + MAX_COST.toPlainString());
      return null;
    }
    return amount.setScale(2);
  }

  private static BigDecimal hours(JsonInput in) {
    BigDecimal hours = in.decimal("hours", "must be a number");
    if (hours == null) {
      return null;
    }
    if (hours.signum() < 0 || hours.compareTo(MAX_HOURS) > 0) {
      in.reject("hours", "must be between 0 and " + MAX_HOURS.toPlainString());
      return null;
    }
    if (hours.stripTrailingZeros().scale() > 2) {
      in.reject("hours", "must have at most two decimals");
      return null;
    }
    return hours.setScale(2);
  }
}
