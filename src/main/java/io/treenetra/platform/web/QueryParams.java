package io.treenetra.platform.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Typed query parameters; each bad one is collected and reported by name in one 400. */
public final class QueryParams {

  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 500;

  private final List<FieldError> errors = new ArrayList<>();

  public int limit(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value.trim());
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(new FieldError("limit", "must be a whole number from 1 to " + MAX_LIMIT));
    return DEFAULT_LIMIT;
  }

  public Double number(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      double number = Double.parseDouble(value.trim());
      if (Double.isFinite(number)) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(new FieldError(name, "must be a number"));
    return null;
  }

  public LocalDate date(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(name, "must be a date as YYYY-MM-DD"));
      return null;
    }
  }

  public boolean flag(String name, String value) {
    if (value == null || value.isBlank() || value.equalsIgnoreCase("false")) {
      return false;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    errors.add(new FieldError(name, "must be true or false"));
    return false;
  }

  public void reject(String name, String message) {
    errors.add(new FieldError(name, message));
  }

  /** Throws one 400 naming every bad parameter, if there was any. */
  public void check() {
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
  }
}
