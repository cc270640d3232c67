package io.treenetra.inspection;

import io.treenetra.platform.json.ApiEnums;
import io.treenetra.tree.HealthStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A health record: what an inspector found on a tree at a time. Never changed once written. */
@Entity
@Table(name = "inspection")
public class Inspection {

  @Id private UUID id;

  @Column(name = "tree_id", nullable = false)
  private UUID treeId;

  @Column(name = "inspected_at", nullable = false)
  private Instant inspectedAt;

  private String inspector;

  @Column(name = "health_status", nullable = false)
  private String healthStatus;

  @Column(name = "dbh_cm")
  private Double dbhCm;

  @Column(name = "height_m")
  private Double heightM;

  @Column(name = "crown_dieback")
  private Integer crownDieback;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(columnDefinition = "text[]")
  private List<String> observations;

  private String notes;
  private String recommendations;

  @Column(name = "risk_target_occupancy")
  private String riskTargetOccupancy;

  @Column(name = "risk_likelihood_of_failure")
  private String riskLikelihoodOfFailure;

  @Column(name = "risk_likelihood_of_impact")
  private String riskLikelihoodOfImpact;

  @Column(name = "risk_consequences")
  private String riskConsequences;

  @Column(name = "risk_failure_and_impact")
  private String riskFailureAndImpact;

  @Column(name = "risk_rating")
  private String riskRating;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected Inspection() {}

  Inspection(UUID treeId, InspectionInput input, Instant now) {
    this.id = UUID.randomUUID();
    this.treeId = treeId;
    this.inspectedAt = input.inspectedAt();
    this.inspector = input.inspector();
    this.healthStatus = input.healthStatus().json();
    this.dbhCm = input.dbhCm();
    this.heightM = input.heightM();
    this.crownDieback = input.crownDieback();
    this.observations =
        input.observations() == null ? List.of() : List.copyOf(input.observations());
    this.notes = input.notes();
    this.recommendations = input.recommendations();
    RiskInput risk = input.risk();
    if (risk != null) {
      riskTargetOccupancy = ApiEnums.json(risk.targetOccupancy());
      riskLikelihoodOfFailure = ApiEnums.json(risk.likelihoodOfFailure());
      riskLikelihoodOfImpact = ApiEnums.json(risk.likelihoodOfImpact());
      riskConsequences = ApiEnums.json(risk.consequences());
      riskFailureAndImpact = ApiEnums.json(risk.failureAndImpact());
      riskRating = ApiEnums.json(risk.rating());
    }
    this.createdAt = now;
  }

  public UUID id() {
    return id;
  }

  /** The risk assessment of the record, or null. */
  public InspectionResponse.Risk risk() {
    return riskRating == null
        ? null
        : new InspectionResponse.Risk(
            riskTargetOccupancy,
            riskLikelihoodOfFailure,
            riskLikelihoodOfImpact,
            riskConsequences,
            riskFailureAndImpact,
            riskRating);
  }

  public UUID treeId() {
    return treeId;
  }

  public Instant inspectedAt() {
    return inspectedAt;
  }

  public String inspector() {
    return inspector;
  }

  public HealthStatus healthStatus() {
    return HealthStatus.parse(healthStatus).orElseThrow();
  }

  public Double dbhCm() {
    return dbhCm;
  }

  public Double heightM() {
    return heightM;
  }

  public Integer crownDieback() {
    return crownDieback;
  }

  public List<String> observations() {
    return observations;
  }

  public String notes() {
    return notes;
  }

  public String recommendations() {
    return recommendations;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
