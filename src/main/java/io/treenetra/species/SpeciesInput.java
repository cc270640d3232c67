package io.treenetra.species;

import io.treenetra.platform.json.JsonInput;
import io.treenetra.platform.validation.DbhCm;
import io.treenetra.platform.validation.HeightM;
import jakarta.json.JsonObject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Set;

/** The body of {@code POST /species} and {@code PUT /species/{id}}. */
public record SpeciesInput(
    @NotNull(message = "is required")
        @Size(min = 1, max = 200, message = "must be 1 to 200 characters")
        String scientificName,
    @Size(max = 200, message = "must be at most 200 characters") String commonName,
    @Size(max = 200, message = "must be at most 200 characters") String family,
    @DbhCm Double maxDbhCm,
    @HeightM Double maxHeightM) {

  private static final Set<String> FIELDS =
      Set.of("id", "scientificName", "commonName", "family", "maxDbhCm", "maxHeightM");

  /** Reads the JSON; {@code id} is accepted (a GET response sent back) and ignored. */
  static SpeciesInput read(JsonObject json, List<io.treenetra.platform.web.FieldError> errors) {
    JsonInput in = JsonInput.of(json);
    in.allowOnly(FIELDS);
    SpeciesInput input =
        new SpeciesInput(
            blankToNull(in.string("scientificName")),
            in.string("commonName"),
            in.string("family"),
            in.number("maxDbhCm"),
            in.number("maxHeightM"));
    errors.addAll(in.errors());
    return input;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
