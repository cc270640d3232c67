package io.treenetra.analytics;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code GET /analytics/statistics}: the filtered inventory in numbers. */
@JsonbPropertyOrder({
  "total",
  "byStatus",
  "byHealthStatus",
  "topSpecies",
  "dbhClasses",
  "inspectedLast12Months",
  "byRiskRating"
})
public record Statistics(
    long total,
    Map<String, Long> byStatus,
    Map<String, Long> byHealthStatus,
    List<SpeciesCount> topSpecies,
    List<DbhClass> dbhClasses,
    long inspectedLast12Months,
    Map<String, Long> byRiskRating) {

  @JsonbPropertyOrder({"id", "scientificName", "commonName", "count"})
  public record SpeciesCount(UUID id, String scientificName, String commonName, long count) {}

  /** Trees with {@code minCm <= dbhCm < maxCm}; the open class has no max, "unknown" no bounds. */
  @JsonbPropertyOrder({"label", "minCm", "maxCm", "count"})
  public record DbhClass(String label, Double minCm, Double maxCm, long count) {}
}
