package io.treenetra.work;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /analytics/work}: the open orders (open, scheduled, in progress) by type and priority,
 * how many are overdue, the backlog's estimated cost (and how many open orders have no estimate),
 * and the orders completed per month (UTC) over the last 12 months with their actual cost.
 */
@JsonbPropertyOrder({
  "open",
  "openByType",
  "openByPriority",
  "overdue",
  "backlogEstimatedCostUsd",
  "openWithoutEstimate",
  "completedByMonth",
  "asOf"
})
public record WorkAnalytics(
    long open,
    Map<String, Long> openByType,
    Map<String, Long> openByPriority,
    long overdue,
    BigDecimal backlogEstimatedCostUsd,
    long openWithoutEstimate,
    List<Month> completedByMonth,
    String asOf) {

  @JsonbPropertyOrder({"month", "completed", "actualCostUsd"})
  public record Month(String month, long completed, BigDecimal actualCostUsd) {}
}
