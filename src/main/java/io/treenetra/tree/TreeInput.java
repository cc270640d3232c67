package io.treenetra.tree;

import io.treenetra.platform.json.JsonInput;
import io.treenetra.platform.validation.DbhCm;
import io.treenetra.platform.validation.HeightM;
import io.treenetra.platform.validation.NotInFuture;
import io.treenetra.platform.web.FieldError;
import jakarta.json.JsonObject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The body of {@code POST /trees} and {@code PUT /trees/{id}} (and what a merge patch produces).
 * The species is named by {@code speciesId} or {@code scientificName}.
 */
public record TreeInput(
    @Size(min = 1, max = 200, message = "must be 1 to 200 characters") String externalId,
    UUID speciesId,
    @Size(max = 200, message = "must be at most 200 characters") String scientificName,
    @NotNull(message = "is required") @Valid Location location,
    @DbhCm Double dbhCm,
    @HeightM Double heightM,
    @DecimalMin(value = "0", inclusive = false, message = "must be greater than 0")
        @DecimalMax(value = "100", message = "must be at most 100")
        Double canopyDiameterM,
    @NotNull(message = "is required") TreeStatus status,
    HealthStatus healthStatus,
    @NotInFuture LocalDate plantedDate,
    @Size(max = 20, message = "must have at most 20 tags") List<String> tags,
    @Size(max = 4000, message = "must be at most 4000 characters") String notes) {

  public record Location(
      @NotNull(message = "is required")
          @DecimalMin(value = "-90", message = "must be between -90 and 90")
          @DecimalMax(value = "90", message = "must be between -90 and 90")
          Double lat,
      @NotNull(message = "is required")
          @DecimalMin(value = "-180", message = "must be between -180 and 180")
          @DecimalMax(value = "180", message = "must be between -180 and 180")
          Double lng,
      @Size(max = 500, message = "must be at most 500 characters") String address) {}

  static final int MAX_TAG_LENGTH = 40;

  /** Fields a client may send: the writable ones, and the read-only ones of a GET sent back. */
  static final Set<String> FIELDS =
      Set.of(
          "externalId",
          "speciesId",
          "scientificName",
          "species",
          "location",
          "dbhCm",
          "heightM",
          "canopyDiameterM",
          "status",
          "healthStatus",
          "plantedDate",
          "tags",
          "notes",
          "id",
          "version",
          "createdAt",
          "updatedAt",
          "lastInspectedAt",
          "distanceM");

  public static TreeInput read(JsonObject json, List<FieldError> errors) {
    JsonInput in = JsonInput.of(json);
    in.allowOnly(FIELDS);
    JsonInput location = in.object("location");
    UUID speciesId = in.uuid("speciesId");
    String scientificName = in.string("scientificName");
    // A GET response sent back names its species as {"species": {"id": ...}}.
    JsonInput species = in.object("species");
    if (speciesId == null && scientificName == null && species != null) {
      speciesId = species.uuid("id");
    }
    TreeInput input =
        new TreeInput(
            in.string("externalId"),
            speciesId,
            scientificName,
            location == null
                ? null
                : new Location(
                    location.number("lat"), location.number("lng"), location.string("address")),
            in.number("dbhCm"),
            in.number("heightM"),
            in.number("canopyDiameterM"),
            in.choice("status", TreeStatus::parse, TreeStatus.ALLOWED),
            in.choice("healthStatus", HealthStatus::parse, HealthStatus.ALLOWED),
            in.date("plantedDate"),
            in.strings("tags"),
            in.string("notes"));
    errors.addAll(in.errors());
    // Checked here, not by annotations on the list's elements, which Payara's OpenAPI scanner
    // cannot read.
    if (input.tags() != null
        && input.tags().stream().anyMatch(tag -> tag.isBlank() || tag.length() > MAX_TAG_LENGTH)) {
      errors.add(new FieldError("tags", "each tag must be 1 to " + MAX_TAG_LENGTH + " characters"));
    }
    if (input.healthStatus() == HealthStatus.DEAD
        && input.status() != null
        && input.status() != TreeStatus.DEAD) {
      errors.add(
          new FieldError("healthStatus", "can be dead only for a tree whose status is dead"));
    }
    return input;
  }
}
