package io.treenetra.species;

import io.treenetra.platform.cache.CacheCluster;
import io.treenetra.platform.persistence.Versioned;
import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = CacheCluster.SPECIES)
@Table(name = "species")
public class Species extends Versioned {

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

  protected Species() {}

  public Species(UUID id, Instant createdAt) {
    super(createdAt);
    this.id = id;
  }

  void apply(SpeciesInput input, Instant now) {
    scientificName = input.scientificName().strip();
    commonName = input.commonName();
    family = input.family();
    maxDbhCm = input.maxDbhCm();
    maxHeightM = input.maxHeightM();
    touch(now);
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
}
