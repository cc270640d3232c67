package io.treenetra.species;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.Map;
import java.util.UUID;

@JsonbPropertyOrder({
  "id",
  "scientificName",
  "commonName",
  "family",
  "maxDbhCm",
  "maxHeightM",
  "itreeCodes"
})
public record SpeciesResponse(
    UUID id,
    String scientificName,
    String commonName,
    String family,
    Double maxDbhCm,
    Double maxHeightM,
    Map<String, String> itreeCodes) {

  public static SpeciesResponse of(Species species) {
    return new SpeciesResponse(
        species.id(),
        species.scientificName(),
        species.commonName(),
        species.family(),
        species.maxDbhCm(),
        species.maxHeightM(),
        species.itreeCodes() == null ? Map.of() : species.itreeCodes());
  }
}
