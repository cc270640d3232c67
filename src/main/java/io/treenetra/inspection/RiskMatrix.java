package io.treenetra.inspection;

/**
 * The two matrices of the ISA Tree Risk Assessment Best Management Practices (TRAQ, level 2):
 * likelihood of failure and likelihood of impact give the likelihood of failure and impact; that
 * and the consequences of failure give the risk rating. Each matrix is one table below, rows and
 * columns in the order of their enums (docs/risk.md prints the same 16 + 16 cells).
 */
public final class RiskMatrix {

  /** How often the target zone is occupied (recorded; it informs the likelihood of impact). */
  public enum Occupancy {
    RARE,
    OCCASIONAL,
    FREQUENT,
    CONSTANT
  }

  public enum Failure {
    IMPROBABLE,
    POSSIBLE,
    PROBABLE,
    IMMINENT
  }

  public enum Impact {
    VERY_LOW,
    LOW,
    MEDIUM,
    HIGH
  }

  public enum FailureAndImpact {
    UNLIKELY,
    SOMEWHAT_LIKELY,
    LIKELY,
    VERY_LIKELY
  }

  public enum Consequences {
    NEGLIGIBLE,
    MINOR,
    SIGNIFICANT,
    SEVERE
  }

  public enum Rating {
    LOW,
    MODERATE,
    HIGH,
    EXTREME
  }

  private static final FailureAndImpact U = FailureAndImpact.UNLIKELY;
  private static final FailureAndImpact S = FailureAndImpact.SOMEWHAT_LIKELY;
  private static final FailureAndImpact L = FailureAndImpact.LIKELY;
  private static final FailureAndImpact V = FailureAndImpact.VERY_LIKELY;

  /** Rows: likelihood of failure; columns: likelihood of impact (very low, low, medium, high). */
  private static final FailureAndImpact[][] FAILURE_AND_IMPACT = {
    /* improbable */ {U, U, U, U},
    /* possible   */ {U, U, U, S},
    /* probable   */ {U, U, S, L},
    /* imminent   */ {U, S, L, V}
  };

  private static final Rating LO = Rating.LOW;
  private static final Rating MO = Rating.MODERATE;
  private static final Rating HI = Rating.HIGH;
  private static final Rating EX = Rating.EXTREME;

  /**
   * Rows: likelihood of failure and impact; columns: consequences (negligible, minor, significant,
   * severe).
   */
  private static final Rating[][] RATING = {
    /* unlikely        */ {LO, LO, LO, LO},
    /* somewhat likely */ {LO, LO, MO, MO},
    /* likely          */ {LO, MO, HI, HI},
    /* very likely     */ {LO, MO, HI, EX}
  };

  private RiskMatrix() {}

  public static FailureAndImpact failureAndImpact(Failure failure, Impact impact) {
    return FAILURE_AND_IMPACT[failure.ordinal()][impact.ordinal()];
  }

  public static Rating rating(FailureAndImpact likelihood, Consequences consequences) {
    return RATING[likelihood.ordinal()][consequences.ordinal()];
  }
}
