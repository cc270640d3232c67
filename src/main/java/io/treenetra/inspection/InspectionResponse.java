package io.treenetra.inspection;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@JsonbPropertyOrder({
  "id",
  "treeId",
  "inspectedAt",
  "inspector",
  "healthStatus",
  "dbhCm",
  "heightM",
  "crownDieback",
  "observations",
  "notes",
  "recommendations",
  "createdAt"
})
public record InspectionResponse(
    UUID id,
    UUID treeId,
    Instant inspectedAt,
    String inspector,
    String healthStatus,
    Double dbhCm,
    Double heightM,
    Integer crownDieback,
    List<String> observations,
    String notes,
    String recommendations,
    Instant createdAt) {

  static InspectionResponse of(Inspection inspection) {
    return new InspectionResponse(
        inspection.id(),
        inspection.treeId(),
        inspection.inspectedAt(),
        inspection.inspector(),
        inspection.healthStatus().json(),
        inspection.dbhCm(),
        inspection.heightM(),
        inspection.crownDieback(),
        inspection.observations(),
        inspection.notes(),
        inspection.recommendations(),
        inspection.createdAt());
  }
}
