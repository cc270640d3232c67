package io.treenetra.work;

import io.treenetra.platform.json.ApiEnums;
import java.util.Optional;

/** What an order came from. */
public enum SourceKind {
  MANUAL,
  INSPECTION,
  RISK,
  SERVICE_REQUEST;

  public static final String ALLOWED = ApiEnums.allowed(SourceKind.class);

  public String json() {
    return ApiEnums.json(this);
  }

  public static Optional<SourceKind> parse(String text) {
    return ApiEnums.parse(SourceKind.class, text);
  }
}
