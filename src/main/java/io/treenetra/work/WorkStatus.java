package io.treenetra.work;

import io.treenetra.platform.json.ApiEnums;
import java.util.List;
import java.util.Optional;

/**
 * Where an order stands. It moves only forward along open, scheduled, in-progress, completed (a
 * step may be skipped), or to cancelled from any state before completed; completed and cancelled
 * are final.
 */
public enum WorkStatus {
  OPEN,
  SCHEDULED,
  IN_PROGRESS,
  COMPLETED,
  CANCELLED;

  public static final String ALLOWED = ApiEnums.allowed(WorkStatus.class);

  public String json() {
    return ApiEnums.json(this);
  }

  public static Optional<WorkStatus> parse(String text) {
    return ApiEnums.parse(WorkStatus.class, text);
  }

  /** Not completed and not cancelled. */
  public boolean isOpen() {
    return this != COMPLETED && this != CANCELLED;
  }

  /** The states this one may move to, in order. */
  public List<WorkStatus> next() {
    return switch (this) {
      case OPEN -> List.of(SCHEDULED, IN_PROGRESS, COMPLETED, CANCELLED);
      case SCHEDULED -> List.of(IN_PROGRESS, COMPLETED, CANCELLED);
      case IN_PROGRESS -> List.of(COMPLETED, CANCELLED);
      case COMPLETED, CANCELLED -> List.of();
    };
  }
}
