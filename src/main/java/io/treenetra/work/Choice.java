package io.treenetra.work;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The API's spelling of the work enums: lower case, words joined by '-' ("in-progress"). */
final class Choice {

  private Choice() {}

  static String json(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static <E extends Enum<E>> Optional<E> parse(Class<E> type, String text) {
    for (E value : type.getEnumConstants()) {
      if (json(value).equals(text)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  static String allowed(Class<? extends Enum<?>> type) {
    return String.join(", ", List.of(type.getEnumConstants()).stream().map(Choice::json).toList());
  }
}
