package io.treenetra.species;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.UUID;

@JsonbPropertyOrder({"id", "scientificName", "commonName", "family", "maxDbhCm", "maxHeightM"})
public record SpeciesResponse(
    UUID id,
    String scientificName,
    String commonName,
    String family,
    Double maxDbhCm,
    Double maxHeightM) {

  public static SpeciesResponse of(Species species) {
    return new SpeciesResponse(
        species.id(),
        species.scientificName(),
        species.commonName(),
        species.family(),
        species.maxDbhCm(),
        species.maxHeightM());
  }
}
