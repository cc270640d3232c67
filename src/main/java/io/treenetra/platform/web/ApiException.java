package io.treenetra.platform.web;

import java.util.List;
import java.util.Map;

/**
 * An error the client can act on. Thrown anywhere below a resource; {@link ApiExceptionMapper}
 * turns it into a problem response. The transaction it crosses is rolled back.
 */
public class ApiException extends RuntimeException {

  private final ErrorCode code;
  private final transient List<FieldError> errors;
  private final transient Map<String, String> headers;

  public ApiException(
      ErrorCode code, String detail, List<FieldError> errors, Map<String, String> headers) {
    super(detail, null, false, false);
    this.code = code;
    this.errors = List.copyOf(errors);
    this.headers = Map.copyOf(headers);
  }

  public ApiException(ErrorCode code, String detail) {
    this(code, detail, List.of(), Map.of());
  }

  public static ApiException invalid(List<FieldError> errors) {
    String detail =
        errors.size() == 1
            ? errors.get(0).field() + ": " + errors.get(0).message()
            : errors.size() + " fields are invalid";
    return new ApiException(ErrorCode.VALIDATION_ERROR, detail, errors, Map.of());
  }

  public static ApiException invalid(String field, String message) {
    return invalid(List.of(new FieldError(field, message)));
  }

  public static ApiException notFound(String detail) {
    return new ApiException(ErrorCode.NOT_FOUND, detail);
  }

  public static ApiException conflict(String field, String detail) {
    return new ApiException(
        ErrorCode.CONFLICT,
        detail,
        field == null ? List.of() : List.of(new FieldError(field, detail)),
        Map.of());
  }

  public ErrorCode code() {
    return code;
  }

  public List<FieldError> errors() {
    return errors;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
