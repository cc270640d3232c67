package io.treenetra.work;

import io.treenetra.platform.persistence.Sql;
import io.treenetra.platform.replica.ReadReplicas;
import io.treenetra.platform.web.Cursor;
import io.treenetra.platform.web.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/** Reads of work orders: pages, the CSV export and the work analytics. */
@ApplicationScoped
public class WorkOrderQueries {

  static final List<String> CSV_COLUMNS =
      List.of(
          "id",
          "treeId",
          "lat",
          "lng",
          "address",
          "type",
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
          "leavesStump",
          "sourceKind",
          "sourceId",
          "plantedTreeId",
          "version",
          "createdAt",
          "updatedAt");

  /**
   * Every open order's groups from the counts that triggers keep (V17): totals and the deltas not
   * folded yet, in the columns of the filtered query.
   */
  private static final String OPEN_COUNTS =
      """
      SELECT type, priority, sum(orders),
             coalesce(sum(orders) FILTER (WHERE due_date < (now() AT TIME ZONE 'UTC')::date), 0),
             sum(estimated_sum), sum(unestimated)
        FROM (SELECT type, priority, due_date, orders, estimated_sum, unestimated
                FROM work_order_open_count
              UNION ALL
              SELECT type, priority, due_date, orders, estimated_sum, unestimated
                FROM work_order_open_count_delta) c
       GROUP BY 1, 2 HAVING sum(orders) <> 0""";

  /** The last 12 months' completions from the kept counts. */
  private static final String COMPLETED_COUNTS =
      """
      SELECT to_char(month, 'YYYY-MM'), sum(orders), sum(actual_sum)
        FROM (SELECT month, orders, actual_sum FROM work_order_completed_count
              UNION ALL
              SELECT month, orders, actual_sum FROM work_order_completed_count_delta) c
       WHERE month >= date_trunc('month', (now() AT TIME ZONE 'UTC') - interval '11 months')::date
       GROUP BY 1 HAVING sum(orders) <> 0 ORDER BY 1""";

  private static final String NEWEST = "-createdAt";
  private static final String DUE = "dueDate";

  @PersistenceContext EntityManager em;
  @Inject ReadReplicas replicas;

  /** A page in the filter's order, by keyset. */
  public Page<WorkOrderResponse> list(WorkOrderFilter filter) {
    String sort = filter.byDueDate() ? DUE : NEWEST;
    Cursor after = filter.cursor() == null ? null : Cursor.decode(filter.cursor(), sort);
    StringBuilder sql = new StringBuilder("SELECT t.id FROM work_order t WHERE ");
    List<Object> params = new ArrayList<>();
    filter.appendWhere(sql, params);
    if (filter.byDueDate()) {
      if (after != null) {
        sql.append(" AND (coalesce(t.due_date, 'infinity'::date), t.id) > (?::date, ?)");
        params.add(after.value());
        params.add(after.uuid());
      }
      sql.append(" ORDER BY coalesce(t.due_date, 'infinity'::date), t.id");
    } else {
      if (after != null) {
        sql.append(" AND (t.created_at, t.id) < (?::timestamptz, ?)");
        params.add(after.value());
        params.add(after.uuid());
      }
      sql.append(" ORDER BY t.created_at DESC, t.id DESC");
    }
    sql.append(" LIMIT ").append(filter.limit() + 1);
    List<UUID> ids =
        replicas.read(
            ReadReplicas.Freshness.CALLER,
            connection -> {
              List<UUID> found = new ArrayList<>();
              try (PreparedStatement statement = Sql.prepare(connection, sql.toString(), params);
                  ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                  found.add(rows.getObject(1, UUID.class));
                }
              }
              return found;
            });
    Map<UUID, WorkOrder> byId = new java.util.HashMap<>();
    if (!ids.isEmpty()) {
      em.createQuery("SELECT w FROM WorkOrder w WHERE w.id IN :ids", WorkOrder.class)
          .setParameter("ids", ids)
          .getResultList()
          .forEach(order -> byId.put(order.id(), order));
    }
    // In the page's order.
    List<WorkOrder> orders = new ArrayList<>();
    for (UUID id : ids) {
      WorkOrder order = byId.get(id);
      if (order != null) {
        orders.add(order);
      }
    }
    return Page.keyset(
        orders,
        filter.limit(),
        null,
        WorkOrderResponse::of,
        last ->
            filter.byDueDate()
                ? new Cursor(
                    DUE,
                    last.dueDate() == null ? "infinity" : last.dueDate().toString(),
                    last.id().toString())
                : new Cursor(NEWEST, last.createdAt().toString(), last.id().toString()));
  }

  /** Every order the filter selects, newest first, as CSV. */
  public StreamingOutput csv(WorkOrderFilter filter) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT t.id, t.tree_id, t.lat, t.lng, t.address, t.type, t.priority, t.status,"
                + " t.assignee_id, t.crew, t.due_date, t.scheduled_date, t.completed_at,"
                + " t.estimated_cost_usd, t.actual_cost_usd, t.hours, t.notes, t.leaves_stump,"
                + " t.source_kind, t.source_id, t.planted_tree_id, t.version + 1, t.created_at,"
                + " t.updated_at FROM work_order t WHERE ");
    List<Object> params = new ArrayList<>();
    filter.appendWhere(sql, params);
    sql.append(" ORDER BY t.created_at DESC, t.id DESC");
    return output -> {
      Writer writer =
          new OutputStreamWriter(new BufferedOutputStream(output), StandardCharsets.UTF_8);
      CSVFormat.RFC4180.printRecord(writer, CSV_COLUMNS.toArray());
      CSVPrinter csv =
          CSVFormat.RFC4180.builder().setQuoteMode(QuoteMode.ALL_NON_NULL).get().print(writer);
      try {
        replicas.query(
            ReadReplicas.Freshness.CALLER,
            connection -> {
              try (PreparedStatement statement = Sql.prepare(connection, sql.toString(), params)) {
                statement.setFetchSize(2000);
                try (ResultSet rows = statement.executeQuery()) {
                  while (rows.next()) {
                    for (int i = 1; i <= CSV_COLUMNS.size(); i++) {
                      Object value = rows.getObject(i);
                      csv.print(value == null ? null : text(rows, i, value));
                    }
                    csv.println();
                  }
                }
              } catch (IOException e) {
                throw new SQLException("Writing the CSV failed", e);
              }
              return null;
            });
      } catch (SQLException e) {
        throw new IOException("Export of work orders failed", e);
      }
      csv.close(true);
    };
  }

  private static String text(ResultSet rows, int column, Object value) throws SQLException {
    if (value instanceof java.sql.Timestamp) {
      return rows.getObject(column, java.time.OffsetDateTime.class).toInstant().toString();
    }
    if (value instanceof BigDecimal amount) {
      return amount.toPlainString();
    }
    return value.toString();
  }

  /** {@code GET /analytics/work}. */
  public WorkAnalytics analytics(WorkOrderFilter filter) {
    return replicas.read(
        ReadReplicas.Freshness.LATEST,
        connection -> {
          List<Object> params = new ArrayList<>();
          StringBuilder where = new StringBuilder();
          filter.appendWhere(where, params);
          Map<String, Long> byType = new LinkedHashMap<>();
          for (WorkType type : WorkType.values()) {
            byType.put(type.json(), 0L);
          }
          Map<String, Long> byPriority = new LinkedHashMap<>();
          for (Priority priority : Priority.values()) {
            byPriority.put(priority.json(), 0L);
          }
          long overdue = 0;
          BigDecimal backlog = BigDecimal.ZERO.setScale(2);
          long unestimated = 0;
          String grouped =
              filter.isEmpty()
                  ? OPEN_COUNTS
                  : "SELECT t.type, t.priority, count(*),"
                      + " count(*) FILTER (WHERE t.due_date < (now() AT TIME ZONE 'UTC')::date),"
                      + " coalesce(sum(t.estimated_cost_usd), 0), count(*) FILTER (WHERE"
                      + " t.estimated_cost_usd IS NULL) FROM work_order t WHERE "
                      + where
                      + " AND t.status IN ('open', 'scheduled', 'in-progress') GROUP BY 1, 2";
          try (PreparedStatement statement =
                  Sql.prepare(connection, grouped, filter.isEmpty() ? List.of() : params);
              ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
              long n = rows.getLong(3);
              byType.merge(rows.getString(1), n, Long::sum);
              byPriority.merge(rows.getString(2), n, Long::sum);
              overdue += rows.getLong(4);
              backlog = backlog.add(rows.getBigDecimal(5)).setScale(2);
              unestimated += rows.getLong(6);
            }
          }
          List<WorkAnalytics.Month> months = new ArrayList<>();
          String completed =
              filter.isEmpty()
                  ? COMPLETED_COUNTS
                  : "SELECT to_char(date_trunc('month', t.completed_at AT TIME ZONE 'UTC'),"
                      + " 'YYYY-MM'), count(*), coalesce(sum(t.actual_cost_usd), 0) FROM"
                      + " work_order t WHERE "
                      + where
                      + " AND t.status = 'completed' AND t.completed_at >= date_trunc('month',"
                      + " (now() AT TIME ZONE 'UTC') - interval '11 months') AT TIME ZONE 'UTC'"
                      + " GROUP BY 1 ORDER BY 1";
          try (PreparedStatement statement =
                  Sql.prepare(connection, completed, filter.isEmpty() ? List.of() : params);
              ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
              months.add(
                  new WorkAnalytics.Month(
                      rows.getString(1), rows.getLong(2), rows.getBigDecimal(3).setScale(2)));
            }
          }
          long openTotal = byType.values().stream().mapToLong(Long::longValue).sum();
          return new WorkAnalytics(
              openTotal,
              byType,
              byPriority,
              overdue,
              backlog,
              unestimated,
              months,
              LocalDate.now(java.time.ZoneOffset.UTC).toString());
        });
  }
}
