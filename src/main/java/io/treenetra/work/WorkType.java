package io.treenetra.work;

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

  public static final String ALLOWED = Choice.allowed(WorkType.class);

  public String json() {
    return Choice.json(this);
  }

  public static Optional<WorkType> parse(String text) {
    return Choice.parse(WorkType.class, text);
  }
}
