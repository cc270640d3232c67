package io.treenetra.species;

import io.treenetra.itree.CodesJson;
import io.treenetra.itree.SpeciesCodes;
import io.treenetra.platform.cache.CacheCluster;
import io.treenetra.platform.persistence.Versioned;
import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.annotations.ColumnTransformer;

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

  /** The i-Tree codes by region in use: the master list's, with the overrides on top. */
  @Convert(converter = CodesJson.class)
  @Column(name = "itree_codes", columnDefinition = "jsonb")
  @ColumnTransformer(write = "?::jsonb")
  private Map<String, String> itreeCodes;

  /** The codes an admin set where the master list assigns another, or none. */
  @Convert(converter = CodesJson.class)
  @Column(name = "itree_code_overrides", columnDefinition = "jsonb", nullable = false)
  @ColumnTransformer(write = "?::jsonb")
  private Map<String, String> itreeCodeOverrides = Map.of();

  protected Species() {}

  public Species(UUID id, Instant createdAt) {
    super(createdAt);
    this.id = id;
  }

  void apply(SpeciesInput input, Map<String, String> overrides, Instant now) {
    scientificName = input.scientificName().strip();
    itreeCodeOverrides = Map.copyOf(overrides);
    Map<String, String> codes = new TreeMap<>(SpeciesCodes.standard().codes(scientificName));
    codes.putAll(itreeCodeOverrides);
    itreeCodes = codes;
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

  /** The codes by region, sorted; null until assigned (a species written by SQL, for seconds). */
  public Map<String, String> itreeCodes() {
    return itreeCodes == null ? null : new TreeMap<>(itreeCodes);
  }

  public Map<String, String> itreeCodeOverrides() {
    return itreeCodeOverrides == null ? Map.of() : itreeCodeOverrides;
  }
}
