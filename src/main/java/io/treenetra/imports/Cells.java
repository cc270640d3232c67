package io.treenetra.imports;

import io.treenetra.platform.web.FieldError;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/**
 * Reading typed values from text cells; a value that does not read is an error named by its column.
 */
final class Cells {

  private Cells() {}

  /** A plain decimal number (no NaN, no infinity, no hexadecimal). */
  static Double number(String value, String column, List<FieldError> errors) {
    if (value == null) {
      return null;
    }
    try {
      double number = new BigDecimal(value.strip()).doubleValue();
      if (Double.isFinite(number)) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(new FieldError(column, "must be a number, not '" + clip(value) + "'"));
    return null;
  }

  static UUID uuid(String value, String column, List<FieldError> errors) {
    if (value == null) {
      return null;
    }
    try {
      if (value.length() == 36) {
        return UUID.fromString(value);
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    errors.add(new FieldError(column, "must be a UUID, not '" + clip(value) + "'"));
    return null;
  }

  static Instant instant(String value, String column, List<FieldError> errors) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeParseException e) {
      errors.add(
          new FieldError(
              column,
              "must be an ISO-8601 UTC time such as 2026-11-26T10:30:00Z, not '"
                  + clip(value)
                  + "'"));
      return null;
    }
  }

  static Integer positiveInt(String value, String column, List<FieldError> errors) {
    if (value == null) {
      return null;
    }
    try {
      int number = Integer.parseInt(value.strip());
      if (number >= 1) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(
        new FieldError(column, "must be a whole number of at least 1, not '" + clip(value) + "'"));
    return null;
  }

  /**
   * At most 50 characters of a bad value in a message: enough to find it, never a whole hostile
   * cell.
   */
  static String clip(String value) {
    return value.length() <= 50 ? value : value.substring(0, 50) + "…";
  }
}
