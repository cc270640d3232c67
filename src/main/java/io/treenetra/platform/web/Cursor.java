package io.treenetra.platform.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * An opaque keyset position: the sort it belongs to, the last item's sort value and its id. A
 * cursor is only valid with the sort it was made for.
 */
public record Cursor(String sort, String value, String id) {

  private static final Pattern SEPARATOR = Pattern.compile("\u0001");

  public String encode() {
    String raw = sort + '\u0001' + (value == null ? "" : value) + '\u0001' + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Decodes a client's cursor, a 400 on {@code cursor} when it is not one of ours for this sort.
   */
  public static Cursor decode(String encoded, String expectedSort) {
    String raw;
    try {
      raw = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    String[] parts = SEPARATOR.split(raw, -1);
    if (parts.length != 3 || parts[2].isEmpty()) {
      throw invalid();
    }
    if (!parts[0].equals(expectedSort)) {
      throw ApiException.invalid(
          List.of(
              new FieldError("cursor", "belongs to sort " + parts[0] + ", not " + expectedSort)));
    }
    return new Cursor(parts[0], parts[1].isEmpty() ? null : parts[1], parts[2]);
  }

  /** The id as a uuid (most lists' tie-breaker). */
  public UUID uuid() {
    return read(UUID::fromString, id);
  }

  /** The id as a number (the audit trail's sequence). */
  public long number() {
    return read(Long::parseLong, id);
  }

  /** The sort value as an instant. */
  public Instant instant() {
    return read(Instant::parse, value);
  }

  /** The sort value as {@code parse} reads it; any failure is the one error of a bad cursor. */
  public <T> T value(Function<String, T> parse) {
    return read(parse, value);
  }

  /** The 400 of a cursor that is not one this service returned. */
  public static ApiException invalid() {
    return ApiException.invalid("cursor", "is not a cursor this service returned");
  }

  private static <T> T read(Function<String, T> parse, String text) {
    if (text == null) {
      throw invalid();
    }
    try {
      return parse.apply(text);
    } catch (RuntimeException e) {
      throw invalid();
    }
  }
}
