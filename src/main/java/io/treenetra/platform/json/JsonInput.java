package io.treenetra.platform.json;

import io.treenetra.platform.web.FieldError;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Typed reads from a JSON request object. A value of the wrong type is reported once for its field
 * (by its JSON path, such as {@code location.lat}) and read as absent, so one response lists every
 * bad field.
 */
public final class JsonInput {

  /** PostgreSQL text cannot hold U+0000: refused here rather than failing in the database. */
  public static final String NUL = "must not contain the NUL character (U+0000)";

  /**
   * A lone UTF-16 surrogate (such as U+D800 alone) is no character: stored, it would become {@code
   * ?}, changing the client's data behind its back.
   */
  public static final String LONE_SURROGATE =
      "must not contain an unpaired UTF-16 surrogate (such as \\ud800)";

  /** Why {@code text} cannot be stored as it is, or null when it can. */
  public static String unstorable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u0000') {
        return NUL;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return LONE_SURROGATE;
      }
    }
    return null;
  }

  /** {@code text} with NUL and lone surrogates escaped, for naming a bad field in an error. */
  public static String printable(String text) {
    if (unstorable(text) == null) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean pair =
          Character.isHighSurrogate(c)
              && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1));
      if (pair) {
        out.append(c).append(text.charAt(++i));
      } else if (c == '\u0000' || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private final JsonObject object;
  private final String prefix;
  private final List<FieldError> errors;

  private JsonInput(JsonObject object, String prefix, List<FieldError> errors) {
    this.object = object;
    this.prefix = prefix;
    this.errors = errors;
  }

  public static JsonInput of(JsonObject object) {
    return new JsonInput(object, "", new ArrayList<>());
  }

  public List<FieldError> errors() {
    return errors;
  }

  public String path(String name) {
    return prefix + printable(name);
  }

  public boolean has(String name) {
    return object.containsKey(name) && object.get(name).getValueType() != JsonValue.ValueType.NULL;
  }

  public void reject(String name, String message) {
    errors.add(new FieldError(path(name), message));
  }

  /** Fields outside {@code known} are errors, so a misspelt field is never silently dropped. */
  public void allowOnly(Set<String> known) {
    for (String name : object.keySet()) {
      if (!known.contains(name)) {
        reject(name, "is not a field of this resource");
      }
    }
  }

  public String string(String name) {
    JsonValue value = value(name);
    if (value == null) {
      return null;
    }
    if (value instanceof JsonString text) {
      String problem = unstorable(text.getString());
      if (problem != null) {
        reject(name, problem);
        return null;
      }
      return text.getString();
    }
    reject(name, "must be a string");
    return null;
  }

  public Double number(String name) {
    JsonValue value = value(name);
    if (value == null) {
      return null;
    }
    if (value instanceof JsonNumber number) {
      double result = number.doubleValue();
      if (Double.isFinite(result)) {
        return result;
      }
      reject(name, "is out of range");
      return null;
    }
    reject(name, "must be a number");
    return null;
  }

  public LocalDate date(String name) {
    String text = string(name);
    if (text == null) {
      return null;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      reject(name, "must be a date as YYYY-MM-DD");
      return null;
    }
  }

  /** An ISO-8601 instant with an offset, such as {@code 2026-11-26T10:30:00Z}. */
  public java.time.Instant instant(String name) {
    String text = string(name);
    if (text == null) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      reject(name, "must be a timestamp such as 2026-11-26T10:30:00Z");
      return null;
    }
  }

  /** A whole number. */
  public Integer integer(String name) {
    JsonValue value = value(name);
    if (value == null) {
      return null;
    }
    if (value instanceof JsonNumber number && number.isIntegral()) {
      try {
        return number.intValueExact();
      } catch (ArithmeticException e) {
        reject(name, "is out of range");
        return null;
      }
    }
    reject(name, "must be a whole number");
    return null;
  }

  public UUID uuid(String name) {
    String text = string(name);
    if (text == null) {
      return null;
    }
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      reject(name, "must be a UUID");
      return null;
    }
  }

  /** One of a closed set of values, such as a status; {@code allowed} is listed in the error. */
  public <T> T choice(String name, Function<String, Optional<T>> parse, String allowed) {
    String text = string(name);
    if (text == null) {
      return null;
    }
    Optional<T> parsed = parse.apply(text);
    if (parsed.isEmpty()) {
      reject(name, "must be one of " + allowed);
    }
    return parsed.orElse(null);
  }

  public List<String> strings(String name) {
    JsonValue value = value(name);
    if (value == null) {
      return null;
    }
    if (value.getValueType() != JsonValue.ValueType.ARRAY) {
      reject(name, "must be an array of strings");
      return null;
    }
    List<String> result = new ArrayList<>();
    for (JsonValue item : value.asJsonArray()) {
      if (!(item instanceof JsonString text)) {
        reject(name, "must be an array of strings");
        return null;
      }
      String problem = unstorable(text.getString());
      if (problem != null) {
        reject(name, problem);
        return null;
      }
      result.add(text.getString());
    }
    return result;
  }

  /** A nested object, or null when absent (an error when present but not an object). */
  public JsonInput object(String name) {
    JsonValue value = value(name);
    if (value == null) {
      return null;
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      reject(name, "must be an object");
      return null;
    }
    return new JsonInput(value.asJsonObject(), path(name) + ".", errors);
  }

  /** A number exactly as written (no binary rounding), or {@code message} for anything else. */
  public java.math.BigDecimal decimal(String name, String message) {
    JsonValue value = value(name);
    if (value == null) {
      return null;
    }
    if (value instanceof JsonNumber number) {
      return number.bigDecimalValue();
    }
    reject(name, message);
    return null;
  }

  public Boolean flag(String name) {
    JsonValue value = value(name);
    if (value == null) {
      return null;
    }
    if (value.getValueType() == JsonValue.ValueType.TRUE) {
      return true;
    }
    if (value.getValueType() == JsonValue.ValueType.FALSE) {
      return false;
    }
    reject(name, "must be true or false");
    return null;
  }

  private JsonValue value(String name) {
    JsonValue value = object.get(name);
    return value == null || value.getValueType() == JsonValue.ValueType.NULL ? null : value;
  }
}
