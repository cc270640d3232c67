package io.treenetra.species;

import io.treenetra.platform.json.JsonInput;
import io.treenetra.platform.validation.DbhCm;
import io.treenetra.platform.validation.HeightM;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The body of {@code POST /species} and {@code PUT /species/{id}}. */
public record SpeciesInput(
    @NotNull(message = "is required")
        @Size(min = 1, max = 200, message = "must be 1 to 200 characters")
        String scientificName,
    @Size(max = 200, message = "must be at most 200 characters") String commonName,
    @Size(max = 200, message = "must be at most 200 characters") String family,
    @DbhCm Double maxDbhCm,
    @HeightM Double maxHeightM,
    Map<String, String> itreeCodes) {

  private static final Set<String> FIELDS =
      Set.of(
          "id", "scientificName", "commonName", "family", "maxDbhCm", "maxHeightM", "itreeCodes");

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
            in.number("maxHeightM"),
            codes(json, in));
    errors.addAll(in.errors());
    return input;
  }

  /**
   * {@code itreeCodes}: an object of region to code (a string), or to null for the master list's
   * code; null when absent. Regions and codes are checked against the tables by the service.
   */
  private static Map<String, String> codes(JsonObject json, JsonInput in) {
    JsonValue value = json.get("itreeCodes");
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      in.reject("itreeCodes", "must be an object of i-Tree region to code");
      return null;
    }
    Map<String, String> codes = new LinkedHashMap<>();
    value
        .asJsonObject()
        .forEach(
            (region, code) -> {
              if (code.getValueType() == JsonValue.ValueType.NULL) {
                codes.put(region, null);
              } else if (code instanceof JsonString text && !text.getString().isBlank()) {
                codes.put(region, text.getString().strip());
              } else {
                in.reject(
                    "itreeCodes." + JsonInput.printable(region),
                    "must be an i-Tree code (a string), or null for the master list's");
              }
            });
    return codes;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
