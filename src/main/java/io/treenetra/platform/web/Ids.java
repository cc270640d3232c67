package io.treenetra.platform.web;

import java.util.UUID;

/** Path ids are UUIDs; anything else is a 400 naming the parameter, never a 404 or a 500. */
public final class Ids {

  private Ids() {}

  public static UUID parse(String name, String value) {
    try {
      if (value != null && value.length() == 36) {
        return UUID.fromString(value);
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw ApiException.invalid(name, "must be a UUID");
  }
}
