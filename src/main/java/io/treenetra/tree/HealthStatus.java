package io.treenetra.tree;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** A tree's condition. */
public enum HealthStatus {
  HEALTHY,
  NEEDS_ATTENTION,
  CRITICAL,
  DEAD;

  public static final String ALLOWED =
      Arrays.stream(values()).map(HealthStatus::json).collect(Collectors.joining(", "));

  public String json() {
    return name().toLowerCase();
  }

  public static Optional<HealthStatus> parse(String text) {
    return Arrays.stream(values()).filter(v -> v.json().equals(text)).findFirst();
  }
}
