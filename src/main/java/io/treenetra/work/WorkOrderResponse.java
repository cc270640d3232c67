package io.treenetra.work;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A work order as clients see it (API.md "Work"). */
@JsonbPropertyOrder({
  "id",
  "treeId",
  "location",
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
  "source",
  "plantedTreeId",
  "version",
  "createdAt",
  "updatedAt"
})
public record WorkOrderResponse(
    UUID id,
    UUID treeId,
    Location location,
    String type,
    String priority,
    String status,
    UUID assigneeId,
    String crew,
    LocalDate dueDate,
    LocalDate scheduledDate,
    Instant completedAt,
    BigDecimal estimatedCostUsd,
    BigDecimal actualCostUsd,
    BigDecimal hours,
    String notes,
    boolean leavesStump,
    Source source,
    UUID plantedTreeId,
    int version,
    Instant createdAt,
    Instant updatedAt) {

  @JsonbPropertyOrder({"lat", "lng", "address"})
  public record Location(double lat, double lng, String address) {}

  @JsonbPropertyOrder({"kind", "id"})
  public record Source(String kind, UUID id) {}

  static WorkOrderResponse of(WorkOrder order) {
    return new WorkOrderResponse(
        order.id(),
        order.treeId(),
        new Location(order.lat(), order.lng(), order.address()),
        order.type().json(),
        order.priority().json(),
        order.status().json(),
        order.assigneeId(),
        order.crew(),
        order.dueDate(),
        order.scheduledDate(),
        order.completedAt(),
        order.estimatedCostUsd(),
        order.actualCostUsd(),
        order.hours(),
        order.notes(),
        order.leavesStump(),
        new Source(order.sourceKind().json(), order.sourceId()),
        order.plantedTreeId(),
        order.version(),
        order.createdAt(),
        order.updatedAt());
  }
}
