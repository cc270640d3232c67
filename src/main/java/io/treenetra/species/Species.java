package io.treenetra.species;

import io.treenetra.platform.cache.CacheCluster;
import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = CacheCluster.SPECIES)
@Table(name = "species")
public class Species {

  @Id private UUID id;

  @Column(name = "scientific_name", nullable = false)
  private String scientificName;

  @Column(name = "common_name")
  private String commonName;

  private String family;

  @Column(name = "max_dbh_cm")
  private Double maxDbhCm;

  @Column(name = "max_height_m")
  private Double maxHeightM;

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

  protected Species() {}

  public Species(UUID id, Instant createdAt) {
    this.id = id;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
  }

  void apply(SpeciesInput input, Instant now) {
    scientificName = input.scientificName().strip();
    commonName = input.commonName();
    family = input.family();
    maxDbhCm = input.maxDbhCm();
    maxHeightM = input.maxHeightM();
    updatedAt = now;
  }

  public UUID id() {
    return id;
  }

  public String scientificName() {
    return scientificName;
  }

  public String commonName() {
    return commonName;
  }

  public String family() {
    return family;
  }

  public Double maxDbhCm() {
    return maxDbhCm;
  }

  public Double maxHeightM() {
    return maxHeightM;
  }

  public int version() {
    return revision == null ? 1 : revision + 1;
  }
}
