package io.treenetra.tree;

import io.treenetra.platform.cache.CacheCluster;
import io.treenetra.species.Species;
import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = CacheCluster.TREES)
@Table(name = "tree")
public class Tree {

  @Id private UUID id;

  @Column(name = "external_id")
  private String externalId;

  @ManyToOne(fetch = FetchType.EAGER)
  @JoinColumn(name = "species_id")
  private Species species;

  private double lat;
  private double lng;
  private String address;

  @Column(name = "dbh_cm")
  private Double dbhCm;

  @Column(name = "height_m")
  private Double heightM;

  @Column(name = "canopy_diameter_m")
  private Double canopyDiameterM;

  @Convert(converter = StatusConverters.Status.class)
  private TreeStatus status;

  @Convert(converter = StatusConverters.Health.class)
  @Column(name = "health_status")
  private HealthStatus healthStatus;

  @Column(name = "planted_date")
  private LocalDate plantedDate;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(columnDefinition = "text[]")
  private List<String> tags;

  private String notes;

  /** Hibernate seeds versions at 0; the API counts from 1 ({@link #version()}). */
  @Version
  @Column(name = "version")
  // Null until inserted: that tells Hibernate the entity is new. With a primitive it asked the
  // second-level cache on every persist, and the miss pinned the session for the pending-puts
  // expiry.
  private Integer revision;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Column(name = "deleted_at")
  private Instant deletedAt;

  @Column(name = "last_inspected_at")
  private Instant lastInspectedAt;

  protected Tree() {}

  Tree(UUID id, Instant createdAt) {
    this.id = id;
    this.createdAt = createdAt;
  }

  void apply(TreeInput input, Species species, Instant now) {
    this.externalId = input.externalId();
    this.species = species;
    this.lat = input.location().lat();
    this.lng = input.location().lng();
    this.address = input.location().address();
    this.dbhCm = input.dbhCm();
    this.heightM = input.heightM();
    this.canopyDiameterM = input.canopyDiameterM();
    this.status = input.status();
    this.healthStatus = input.healthStatus();
    this.plantedDate = input.plantedDate();
    this.tags = input.tags() == null ? List.of() : List.copyOf(input.tags());
    this.notes = input.notes();
    this.updatedAt = now;
  }

  /**
   * An inspection at {@code inspectedAt} sets the current condition when it is the latest one (an
   * older record arriving late changes nothing). Returns whether it did. A tree found dead is dead.
   */
  public boolean inspected(
      Instant inspectedAt, HealthStatus health, Double dbhCm, Double heightM, Instant now) {
    if (lastInspectedAt != null && inspectedAt.isBefore(lastInspectedAt)) {
      return false;
    }
    lastInspectedAt = inspectedAt;
    healthStatus = health;
    if (health == HealthStatus.DEAD) {
      status = TreeStatus.DEAD;
    }
    if (dbhCm != null) {
      this.dbhCm = dbhCm;
    }
    if (heightM != null) {
      this.heightM = heightM;
    }
    updatedAt = now;
    return true;
  }

  void delete(Instant now) {
    this.deletedAt = now;
    this.updatedAt = now;
  }

  public UUID id() {
    return id;
  }

  public String externalId() {
    return externalId;
  }

  public Species species() {
    return species;
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

  public Double dbhCm() {
    return dbhCm;
  }

  public Double heightM() {
    return heightM;
  }

  public Double canopyDiameterM() {
    return canopyDiameterM;
  }

  public TreeStatus status() {
    return status;
  }

  public HealthStatus healthStatus() {
    return healthStatus;
  }

  public LocalDate plantedDate() {
    return plantedDate;
  }

  public List<String> tags() {
    return tags;
  }

  public String notes() {
    return notes;
  }

  public int version() {
    return revision == null ? 1 : revision + 1;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public boolean deleted() {
    return deletedAt != null;
  }

  public Instant lastInspectedAt() {
    return lastInspectedAt;
  }
}
