package io.treenetra.inspection;

import io.treenetra.inspection.RiskMatrix.Consequences;
import io.treenetra.inspection.RiskMatrix.Failure;
import io.treenetra.inspection.RiskMatrix.FailureAndImpact;
import io.treenetra.inspection.RiskMatrix.Impact;
import io.treenetra.inspection.RiskMatrix.Occupancy;
import io.treenetra.inspection.RiskMatrix.Rating;
import io.treenetra.platform.json.ApiEnums;
import io.treenetra.platform.json.JsonInput;
import java.util.Set;

/** A health record's {@code risk}: the assessor's four inputs, all required. */
public record RiskInput(
    Occupancy targetOccupancy,
    Failure likelihoodOfFailure,
    Impact likelihoodOfImpact,
    Consequences consequences) {

  private static final Set<String> FIELDS =
      Set.of(
          "targetOccupancy",
          "likelihoodOfFailure",
          "likelihoodOfImpact",
          "consequences",
          "likelihoodOfFailureAndImpact",
          "rating");

  /** The {@code risk} object, or null when absent; its errors go to {@code in}'s. */
  static RiskInput read(JsonInput in) {
    JsonInput risk = in.object("risk");
    if (risk == null) {
      return null;
    }
    // The two results may be sent back as read; they are computed again, never taken.
    risk.allowOnly(FIELDS);
    Occupancy occupancy = required(risk, "targetOccupancy", Occupancy.class);
    Failure failure = required(risk, "likelihoodOfFailure", Failure.class);
    Impact impact = required(risk, "likelihoodOfImpact", Impact.class);
    Consequences consequences = required(risk, "consequences", Consequences.class);
    if (occupancy == null || failure == null || impact == null || consequences == null) {
      return null;
    }
    return new RiskInput(occupancy, failure, impact, consequences);
  }

  private static <E extends Enum<E>> E required(JsonInput risk, String name, Class<E> type) {
    if (!risk.has(name)) {
      risk.reject(name, "is required");
      return null;
    }
    return risk.choice(name, text -> ApiEnums.parse(type, text), ApiEnums.allowed(type));
  }

  public FailureAndImpact failureAndImpact() {
    return RiskMatrix.failureAndImpact(likelihoodOfFailure, likelihoodOfImpact);
  }

  public Rating rating() {
    return RiskMatrix.rating(failureAndImpact(), consequences);
  }
}
