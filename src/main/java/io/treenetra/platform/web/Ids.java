package io.treenetra.platform.web;

import java.util.UUID;

/** Path ids are UUIDs; anything else is a 400 naming the parameter, never a 404 or a 500. */
public final class Ids {

  private Ids() {}

  public static UUID parse(String name, String value) {
    return tryParse(value).orElseThrow(() -> ApiException.invalid(name, "must be a UUID"));
  }

  /** A UUID in its canonical 36-character form, or empty. */
  public static java.util.Optional<UUID> tryParse(String value) {
    try {
      if (value != null && value.length() == 36) {
        return java.util.Optional.of(UUID.fromString(value));
      }
    } catch (IllegalArgumentException e) {
      // not a UUID
    }
    return java.util.Optional.empty();
  }
}
