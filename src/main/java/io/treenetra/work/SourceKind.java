package io.treenetra.work;

import java.util.Optional;

/** What an order came from. */
public enum SourceKind {
  MANUAL,
  INSPECTION,
  RISK,
  SERVICE_REQUEST;

  public static final String ALLOWED = Choice.allowed(SourceKind.class);

  public String json() {
    return Choice.json(this);
  }

  public static Optional<SourceKind> parse(String text) {
    return Choice.parse(SourceKind.class, text);
  }
}
