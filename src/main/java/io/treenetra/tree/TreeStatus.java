package io.treenetra.tree;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** A tree's lifecycle. */
public enum TreeStatus {
  PLANNED,
  ALIVE,
  DEAD,
  STUMP,
  REMOVED;

  public static final String ALLOWED =
      Arrays.stream(values()).map(TreeStatus::json).collect(Collectors.joining(", "));

  public String json() {
    return name().toLowerCase();
  }

  public static Optional<TreeStatus> parse(String text) {
    return Arrays.stream(values()).filter(v -> v.json().equals(text)).findFirst();
  }
}
