package io.treenetra.work;

import io.treenetra.platform.persistence.Versioned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A work order: what a crew is to do to a tree (or where to plant one), by when, at what cost. */
@Entity
@Table(name = "work_order")
public class WorkOrder extends Versioned {

  @Id private UUID id;

  @Column(name = "tree_id")
  private UUID treeId;

  private double lat;
  private double lng;
  private String address;
  private String type;
  private String priority;
  private String status;

  @Column(name = "assignee_id")
  private UUID assigneeId;

  private String crew;

  @Column(name = "due_date")
  private LocalDate dueDate;

  @Column(name = "scheduled_date")
  private LocalDate scheduledDate;

  @Column(name = "completed_at")
  private Instant completedAt;

  @Column(name = "estimated_cost_usd")
  private BigDecimal estimatedCostUsd;

  @Column(name = "actual_cost_usd")
  private BigDecimal actualCostUsd;

  private BigDecimal hours;
  private String notes;

  @Column(name = "leaves_stump")
  private boolean leavesStump;

  @Column(name = "source_kind")
  private String sourceKind;

  @Column(name = "source_id")
  private UUID sourceId;

  @Column(name = "planted_tree_id")
  private UUID plantedTreeId;

  protected WorkOrder() {}

  WorkOrder(
      UUID id, WorkType type, UUID treeId, double lat, double lng, String address, Instant now) {
    super(now);
    this.id = id;
    this.type = type.json();
    this.treeId = treeId;
    this.lat = lat;
    this.lng = lng;
    this.address = address;
    this.status = WorkStatus.OPEN.json();
    this.priority = Priority.ROUTINE.json();
    this.sourceKind = SourceKind.MANUAL.json();
  }

  void source(SourceKind kind, UUID id) {
    this.sourceKind = kind.json();
    this.sourceId = id;
  }

  void touched(Instant now) {
    touch(now);
  }

  public UUID id() {
    return id;
  }

  public UUID treeId() {
    return treeId;
  }

  public double lat() {
    return lat;
  }

  public double lng() {
    return lng;
  }

  public String address() {
    return address;
  }

  public WorkType type() {
    return WorkType.parse(type).orElseThrow();
  }

  public Priority priority() {
    return Priority.parse(priority).orElseThrow();
  }

  void priority(Priority priority) {
    this.priority = priority.json();
  }

  public WorkStatus status() {
    return WorkStatus.parse(status).orElseThrow();
  }

  void status(WorkStatus status) {
    this.status = status.json();
  }

  public UUID assigneeId() {
    return assigneeId;
  }

  void assigneeId(UUID assigneeId) {
    this.assigneeId = assigneeId;
  }

  public String crew() {
    return crew;
  }

  void crew(String crew) {
    this.crew = crew;
  }

  public LocalDate dueDate() {
    return dueDate;
  }

  void dueDate(LocalDate dueDate) {
    this.dueDate = dueDate;
  }

  public LocalDate scheduledDate() {
    return scheduledDate;
  }

  void scheduledDate(LocalDate scheduledDate) {
    this.scheduledDate = scheduledDate;
  }

  public Instant completedAt() {
    return completedAt;
  }

  void completedAt(Instant completedAt) {
    this.completedAt = completedAt;
  }

  public BigDecimal estimatedCostUsd() {
    return estimatedCostUsd;
  }

  void estimatedCostUsd(BigDecimal cost) {
    this.estimatedCostUsd = cost;
  }

  public BigDecimal actualCostUsd() {
    return actualCostUsd;
  }

  void actualCostUsd(BigDecimal cost) {
    this.actualCostUsd = cost;
  }

  public BigDecimal hours() {
    return hours;
  }

  void hours(BigDecimal hours) {
    this.hours = hours;
  }

  public String notes() {
    return notes;
  }

  void notes(String notes) {
    this.notes = notes;
  }

  public boolean leavesStump() {
    return leavesStump;
  }

  void leavesStump(boolean leavesStump) {
    this.leavesStump = leavesStump;
  }

  public SourceKind sourceKind() {
    return SourceKind.parse(sourceKind).orElseThrow();
  }

  public UUID sourceId() {
    return sourceId;
  }

  public UUID plantedTreeId() {
    return plantedTreeId;
  }

  void plantedTreeId(UUID plantedTreeId) {
    this.plantedTreeId = plantedTreeId;
  }
}
