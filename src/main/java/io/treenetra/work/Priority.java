package io.treenetra.work;

import io.treenetra.platform.json.ApiEnums;
import java.util.Optional;

/** How soon. */
public enum Priority {
  ROUTINE,
  HIGH,
  URGENT,
  EMERGENCY;

  public static final String ALLOWED = ApiEnums.allowed(Priority.class);

  public String json() {
    return ApiEnums.json(this);
  }

  public static Optional<Priority> parse(String text) {
    return ApiEnums.parse(Priority.class, text);
  }
}
