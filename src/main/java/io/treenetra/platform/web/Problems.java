package io.treenetra.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** Builds problem responses: the one place that knows their shape. */
public final class Problems {

  private Problems() {}

  public static Problem problem(
      ErrorCode code, String detail, List<FieldError> errors, HttpServletRequest request) {
    return problem(code, detail, errors, request == null ? null : request.getRequestURI(), request);
  }

  /** With the path the client asked for, when it is not the request's own (an error page's). */
  public static Problem problem(
      ErrorCode code,
      String detail,
      List<FieldError> errors,
      String instance,
      HttpServletRequest request) {
    String requestId = request == null ? null : RequestIds.of(request);
    return new Problem(
        code.type(),
        code.title(),
        code.status(),
        detail,
        instance,
        code.name(),
        requestId,
        dedupe(errors));
  }

  public static Response response(
      ErrorCode code,
      String detail,
      List<FieldError> errors,
      Map<String, String> headers,
      HttpServletRequest request) {
    Response.ResponseBuilder builder =
        Response.status(code.status())
            .type(Problem.MEDIA_TYPE)
            .entity(problem(code, detail, errors, request));
    headers.forEach(builder::header);
    return builder.build();
  }

  /** Each field once, in the order first reported. */
  private static List<FieldError> dedupe(List<FieldError> errors) {
    java.util.LinkedHashMap<String, FieldError> byField = new java.util.LinkedHashMap<>();
    for (FieldError error : errors) {
      byField.putIfAbsent(error.field(), error);
    }
    return List.copyOf(byField.values());
  }
}
