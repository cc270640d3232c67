package io.treenetra.tree;

import io.treenetra.itree.Benefits;
import io.treenetra.itree.Regions;
import io.treenetra.platform.cache.CacheCluster;
import io.treenetra.platform.persistence.Versioned;
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
public class Tree extends Versioned {

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

  @Column(name = "deleted_at")
  private Instant deletedAt;

  @Column(name = "last_inspected_at")
  private Instant lastInspectedAt;

  @Column(name = "last_pruned_at")
  private Instant lastPrunedAt;

  /** The risk rating of the latest assessed health record, and that record's time. */
  @Column(name = "risk_rating")
  private String riskRating;

  @Column(name = "risk_assessed_at")
  private Instant riskAssessedAt;

  /** The i-Tree region the location falls in (null: none), and the location it was found for. */
  @Column(name = "itree_region")
  private String itreeRegion;

  @Column(name = "itree_region_lat")
  private Double itreeRegionLat;

  @Column(name = "itree_region_lng")
  private Double itreeRegionLng;

  protected Tree() {}

  Tree(UUID id, Instant createdAt) {
    super(createdAt);
    this.id = id;
  }

  void apply(TreeInput input, Species species, Instant now) {
    this.externalId = input.externalId();
    this.species = species;
    this.lat = input.location().lat();
    this.lng = input.location().lng();
    if (itreeRegionLat == null || itreeRegionLat != lat || itreeRegionLng != lng) {
      itreeRegion = Regions.standard().at(lat, lng);
      itreeRegionLat = lat;
      itreeRegionLng = lng;
    }
    this.address = input.location().address();
    this.dbhCm = input.dbhCm();
    this.heightM = input.heightM();
    this.canopyDiameterM = input.canopyDiameterM();
    this.status = input.status();
    this.healthStatus = input.healthStatus();
    this.plantedDate = input.plantedDate();
    this.tags = input.tags() == null ? List.of() : List.copyOf(input.tags());
    this.notes = input.notes();
    touch(now);
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
    touch(now);
    return true;
  }

  /** A tree planted by a completed work order where there was none: alive and healthy. */
  public static Tree planted(
      UUID id, double lat, double lng, String address, LocalDate plantedDate, Instant now) {
    Tree tree = new Tree(id, now);
    tree.lat = lat;
    tree.lng = lng;
    tree.address = address;
    tree.itreeRegion = Regions.standard().at(lat, lng);
    tree.itreeRegionLat = lat;
    tree.itreeRegionLng = lng;
    tree.status = TreeStatus.ALIVE;
    tree.healthStatus = HealthStatus.HEALTHY;
    tree.plantedDate = plantedDate;
    tree.tags = List.of();
    return tree;
  }

  /**
   * A completed work order's change of the tree's lifecycle: its new status and condition, and the
   * planting date when it is planted now.
   */
  public void closedOut(TreeStatus status, HealthStatus health, LocalDate plantedOn, Instant now) {
    this.status = status;
    this.healthStatus = health;
    if (plantedOn != null && plantedDate == null) {
      this.plantedDate = plantedOn;
    }
    touch(now);
  }

  /** A completed pruning. */
  public void pruned(Instant at, Instant now) {
    if (lastPrunedAt == null || at.isAfter(lastPrunedAt)) {
      lastPrunedAt = at;
    }
    touch(now);
  }

  public Instant lastPrunedAt() {
    return lastPrunedAt;
  }

  /**
   * A risk assessment at {@code inspectedAt} sets the tree's rating when it is the latest
   * assessment (an older one arriving late changes nothing). Returns whether it did.
   */
  public boolean assessed(Instant inspectedAt, String rating, Instant now) {
    if (riskAssessedAt != null && inspectedAt.isBefore(riskAssessedAt)) {
      return false;
    }
    riskAssessedAt = inspectedAt;
    riskRating = rating;
    touch(now);
    return true;
  }

  /** low, moderate, high or extreme: the latest assessed record's rating; null: never assessed. */
  public String riskRating() {
    return riskRating;
  }

  void delete(Instant now) {
    this.deletedAt = now;
    touch(now);
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

  /**
   * The i-Tree region of the location: its polygon's, else the configured default region, else
   * null.
   */
  public String itreeRegion() {
    String located =
        itreeRegionLat != null && itreeRegionLat == lat && itreeRegionLng == lng
            ? itreeRegion
            : Regions.standard().at(lat, lng);
    return located != null ? located : Benefits.configuredDefaultRegion();
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

  public boolean deleted() {
    return deletedAt != null;
  }

  public Instant lastInspectedAt() {
    return lastInspectedAt;
  }
}
