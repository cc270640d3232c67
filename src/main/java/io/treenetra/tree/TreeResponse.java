package io.treenetra.tree;

import io.treenetra.species.Species;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A tree as clients see it (API.md "Trees"). */
@JsonbPropertyOrder({
  "id",
  "externalId",
  "species",
  "location",
  "itreeRegion",
  "dbhCm",
  "heightM",
  "canopyDiameterM",
  "status",
  "healthStatus",
  "riskRating",
  "plantedDate",
  "tags",
  "notes",
  "version",
  "createdAt",
  "updatedAt",
  "lastInspectedAt",
  "lastPrunedAt",
  "distanceM"
})
public record TreeResponse(
    UUID id,
    String externalId,
    SpeciesRef species,
    Location location,
    String itreeRegion,
    Double dbhCm,
    Double heightM,
    Double canopyDiameterM,
    String status,
    String healthStatus,
    String riskRating,
    LocalDate plantedDate,
    List<String> tags,
    String notes,
    int version,
    Instant createdAt,
    Instant updatedAt,
    Instant lastInspectedAt,
    Instant lastPrunedAt,
    @JsonbNillable(false) Double distanceM) {

  /**
   * The id's hash: JSON-B hashes every object it writes (to detect cycles), and the record's own
   * hash of all seventeen fields, tags and nested records cost a few per cent of a GET by id. Equal
   * responses have equal ids, so this agrees with {@link #equals}.
   */
  @Override
  public int hashCode() {
    return java.util.Objects.hashCode(id);
  }

  @JsonbPropertyOrder({"id", "scientificName", "commonName"})
  public record SpeciesRef(UUID id, String scientificName, String commonName) {}

  @JsonbPropertyOrder({"lat", "lng", "address"})
  public record Location(double lat, double lng, String address) {}

  public static TreeResponse of(Tree tree) {
    return of(tree, null);
  }

  public static TreeResponse of(Tree tree, Double distanceM) {
    Species species = tree.species();
    return new TreeResponse(
        tree.id(),
        tree.externalId(),
        species == null
            ? null
            : new SpeciesRef(species.id(), species.scientificName(), species.commonName()),
        new Location(tree.lat(), tree.lng(), tree.address()),
        tree.itreeRegion(),
        tree.dbhCm(),
        tree.heightM(),
        tree.canopyDiameterM(),
        tree.status().json(),
        tree.healthStatus() == null ? null : tree.healthStatus().json(),
        tree.riskRating(),
        tree.plantedDate(),
        tree.tags(),
        tree.notes(),
        tree.version(),
        tree.createdAt(),
        tree.updatedAt(),
        tree.lastInspectedAt(),
        tree.lastPrunedAt(),
        distanceM);
  }
}
