package io.treenetra.work;

import java.util.Optional;

/** How soon. */
public enum Priority {
  ROUTINE,
  HIGH,
  URGENT,
  EMERGENCY;

  public static final String ALLOWED = Choice.allowed(Priority.class);

  public String json() {
    return Choice.json(this);
  }

  public static Optional<Priority> parse(String text) {
    return Choice.parse(Priority.class, text);
  }
}
