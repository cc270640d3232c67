package io.treenetra.platform.json;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The API's spelling of an enum's values: lower case, words joined by '-' ("in-progress",
 * "very-low"). The work orders' types and statuses and the risk assessment's levels are spelt so.
 */
public final class ApiEnums {

  private ApiEnums() {}

  /** The API's spelling of a value. */
  public static String json(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The value the API spells so, if any. */
  public static <E extends Enum<E>> Optional<E> parse(Class<E> type, String text) {
    for (E value : type.getEnumConstants()) {
      if (json(value).equals(text)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  /** The API's values of an enum, comma-separated, for error messages. */
  public static String allowed(Class<? extends Enum<?>> type) {
    return String.join(
        ", ", List.of(type.getEnumConstants()).stream().map(ApiEnums::json).toList());
  }
}
