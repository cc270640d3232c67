package io.treenetra.analytics;

import io.treenetra.platform.web.Page;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code GET /analytics/health-trends}: inspections per interval by health status, and the trees
 * getting worse.
 */
@JsonbPropertyOrder({"period", "interval", "from", "to", "series", "declining"})
public record HealthTrends(
    String period,
    String interval,
    Instant from,
    Instant to,
    List<Bucket> series,
    Page<Declining> declining) {

  /** Inspections made from {@code start} to the next bucket's start (UTC). */
  @JsonbPropertyOrder({"start", "total", "counts"})
  public record Bucket(Instant start, long total, Map<String, Long> counts) {}

  /** A tree whose last inspection found it worse than the one before. */
  @JsonbPropertyOrder({
    "treeId",
    "previousHealthStatus",
    "healthStatus",
    "previousInspectedAt",
    "inspectedAt"
  })
  public record Declining(
      UUID treeId,
      String previousHealthStatus,
      String healthStatus,
      Instant previousInspectedAt,
      Instant inspectedAt) {}
}
