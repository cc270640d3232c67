package io.treenetra.work;

import io.treenetra.platform.web.QueryParams;
import io.treenetra.tree.Geo;
import io.treenetra.tree.TreeFilter;
import io.treenetra.tree.TreeQuery;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The filters of {@code GET /work-orders} (and {@code GET /analytics/work}), as SQL on {@code t}.
 */
public record WorkOrderFilter(
    List<String> statuses,
    List<String> types,
    List<String> priorities,
    UUID assigneeId,
    UUID treeId,
    LocalDate dueBefore,
    boolean overdue,
    List<Geo.Box> bbox,
    boolean byDueDate,
    int limit,
    String cursor,
    boolean csv) {

  public static WorkOrderFilter from(MultivaluedMap<String, String> query) {
    QueryParams params = new QueryParams();
    List<String> statuses =
        list(params, "status", query.getFirst("status"), WorkStatus::parse, WorkStatus.ALLOWED);
    List<String> types =
        list(params, "type", query.getFirst("type"), WorkType::parse, WorkType.ALLOWED);
    List<String> priorities =
        list(params, "priority", query.getFirst("priority"), Priority::parse, Priority.ALLOWED);
    UUID assignee = uuid(params, "assigneeId", query.getFirst("assigneeId"));
    UUID tree = uuid(params, "treeId", query.getFirst("treeId"));
    LocalDate dueBefore = params.date("dueBefore", query.getFirst("dueBefore"));
    boolean overdue = params.flag("overdue", query.getFirst("overdue"));
    List<Geo.Box> bbox = TreeQuery.bbox(params, query.getFirst("bbox"));
    String sort = query.getFirst("sort");
    boolean byDueDate = "dueDate".equals(sort);
    if (sort != null && !sort.isBlank() && !byDueDate && !"-createdAt".equals(sort)) {
      params.reject("sort", "must be -createdAt or dueDate");
    }
    String format = query.getFirst("format");
    boolean csv = "csv".equals(format);
    if (format != null && !format.isBlank() && !csv && !"json".equals(format)) {
      params.reject("format", "must be json or csv");
    }
    int limit = params.limit(query.getFirst("limit"));
    params.check();
    String cursor = query.getFirst("cursor");
    return new WorkOrderFilter(
        statuses,
        types,
        priorities,
        assignee,
        tree,
        dueBefore,
        overdue,
        bbox,
        byDueDate,
        limit,
        cursor == null || cursor.isBlank() ? null : cursor,
        csv);
  }

  private static List<String> list(
      QueryParams params,
      String name,
      String value,
      Function<String, Optional<?>> parse,
      String allowed) {
    List<String> items = new ArrayList<>();
    if (value == null || value.isBlank()) {
      return items;
    }
    for (String item : value.split(",")) {
      String text = item.strip();
      if (parse.apply(text).isEmpty()) {
        params.reject(name, "must be one or more of " + allowed + ", separated by commas");
        return List.of();
      }
      items.add(text);
    }
    return items;
  }

  private static UUID uuid(QueryParams params, String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return UUID.fromString(value.strip());
    } catch (IllegalArgumentException e) {
      params.reject(name, "must be a UUID");
      return null;
    }
  }

  /** Whether the filter selects every order. */
  public boolean isEmpty() {
    return statuses.isEmpty()
        && types.isEmpty()
        && priorities.isEmpty()
        && assigneeId == null
        && treeId == null
        && dueBefore == null
        && !overdue
        && bbox.isEmpty();
  }

  /** The conditions on {@code work_order t}, after WHERE, and their parameters. */
  public void appendWhere(StringBuilder sql, List<Object> params) {
    sql.append("true");
    if (!statuses.isEmpty()) {
      sql.append(" AND t.status = ANY (?)");
      params.add(statuses.toArray(String[]::new));
    }
    if (!types.isEmpty()) {
      sql.append(" AND t.type = ANY (?)");
      params.add(types.toArray(String[]::new));
    }
    if (!priorities.isEmpty()) {
      sql.append(" AND t.priority = ANY (?)");
      params.add(priorities.toArray(String[]::new));
    }
    if (assigneeId != null) {
      sql.append(" AND t.assignee_id = ?");
      params.add(assigneeId);
    }
    if (treeId != null) {
      sql.append(" AND t.tree_id = ?");
      params.add(treeId);
    }
    if (dueBefore != null) {
      sql.append(" AND t.due_date < ?");
      params.add(dueBefore);
    }
    if (overdue) {
      sql.append(
          " AND t.status IN ('open', 'scheduled', 'in-progress')"
              + " AND t.due_date < (now() AT TIME ZONE 'UTC')::date");
    }
    if (!bbox.isEmpty()) {
      TreeFilter.appendInBoxes(sql, params, bbox);
    }
  }
}
