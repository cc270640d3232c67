package io.treenetra.inspection;

import io.treenetra.platform.json.JsonInput;
import io.treenetra.platform.validation.DbhCm;
import io.treenetra.platform.validation.HeightM;
import io.treenetra.platform.web.FieldError;
import io.treenetra.tree.HealthStatus;
import jakarta.json.JsonObject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The body of {@code POST /trees/{id}/health-records}. */
public record InspectionInput(
    @NotNull(message = "is required") Instant inspectedAt,
    @Size(max = 200, message = "must be at most 200 characters") String inspector,
    @NotNull(message = "is required") HealthStatus healthStatus,
    @DbhCm Double dbhCm,
    @HeightM Double heightM,
    @Min(value = 0, message = "must be between 0 and 100")
        @Max(value = 100, message = "must be between 0 and 100")
        Integer crownDieback,
    @Size(max = 20, message = "must have at most 20 observations") List<String> observations,
    @Size(max = 4000, message = "must be at most 4000 characters") String notes,
    @Size(max = 4000, message = "must be at most 4000 characters") String recommendations,
    RiskInput risk) {

  static final int MAX_OBSERVATION_LENGTH = 100;

  /** Clocks of field devices run a little ahead; a record this far ahead is still accepted. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private static final Set<String> FIELDS =
      Set.of(
          "inspectedAt",
          "inspector",
          "healthStatus",
          "dbhCm",
          "heightM",
          "crownDieback",
          "observations",
          "notes",
          "recommendations",
          "risk",
          "id",
          "treeId",
          "createdAt");

  static InspectionInput read(JsonObject json, Instant now, List<FieldError> errors) {
    JsonInput in = JsonInput.of(json);
    in.allowOnly(FIELDS);
    InspectionInput input =
        new InspectionInput(
            in.instant("inspectedAt"),
            in.string("inspector"),
            in.choice("healthStatus", HealthStatus::parse, HealthStatus.ALLOWED),
            in.number("dbhCm"),
            in.number("heightM"),
            in.integer("crownDieback"),
            in.strings("observations"),
            in.string("notes"),
            in.string("recommendations"),
            RiskInput.read(in));
    errors.addAll(in.errors());
    if (input.inspectedAt() != null && input.inspectedAt().isAfter(now.plus(CLOCK_SKEW))) {
      errors.add(new FieldError("inspectedAt", "must not be in the future"));
    }
    if (input.observations() != null
        && input.observations().stream()
            .anyMatch(o -> o.isBlank() || o.length() > MAX_OBSERVATION_LENGTH)) {
      errors.add(
          new FieldError(
              "observations",
              "each observation must be 1 to " + MAX_OBSERVATION_LENGTH + " characters"));
    }
    return input;
  }

  InspectionInput withInspector(String defaultInspector) {
    return inspector != null
        ? this
        : new InspectionInput(
            inspectedAt,
            defaultInspector,
            healthStatus,
            dbhCm,
            heightM,
            crownDieback,
            observations,
            notes,
            recommendations,
            risk);
  }
}
