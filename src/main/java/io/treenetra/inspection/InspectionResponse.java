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
  "risk",
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
    Risk risk,
    Instant createdAt) {

  /**
   * The assessor's four inputs and what the two ISA matrices make of them (the likelihood of
   * failure and impact, and the rating).
   */
  @JsonbPropertyOrder({
    "targetOccupancy",
    "likelihoodOfFailure",
    "likelihoodOfImpact",
    "consequences",
    "likelihoodOfFailureAndImpact",
    "rating"
  })
  public record Risk(
      String targetOccupancy,
      String likelihoodOfFailure,
      String likelihoodOfImpact,
      String consequences,
      String likelihoodOfFailureAndImpact,
      String rating) {}

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
        inspection.risk(),
        inspection.createdAt());
  }
}
