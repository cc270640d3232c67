package io.treenetra.work;

import io.treenetra.platform.json.ApiEnums;
import java.util.Optional;

/** What the crew is to do. */
public enum WorkType {
  PLANT,
  PRUNE,
  REMOVE,
  STUMP_REMOVAL,
  INSPECT,
  WATER,
  TREAT,
  OTHER;

  public static final String ALLOWED = ApiEnums.allowed(WorkType.class);

  public String json() {
    return ApiEnums.json(this);
  }

  public static Optional<WorkType> parse(String text) {
    return ApiEnums.parse(WorkType.class, text);
  }
}
