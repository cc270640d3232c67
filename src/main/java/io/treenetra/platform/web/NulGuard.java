package io.treenetra.platform.web;

import io.treenetra.platform.json.JsonInput;
import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.ext.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A query parameter or path segment with a NUL character (%00) is a 400 naming it: PostgreSQL text
 * cannot hold one, and no value of this API has one.
 */
@Provider
@PreMatching
@Priority(Priorities.USER - 100)
public class NulGuard implements ContainerRequestFilter {

  @Context HttpServletRequest request;

  @Override
  public void filter(ContainerRequestContext context) {
    List<FieldError> errors = new ArrayList<>();
    for (Map.Entry<String, List<String>> parameter :
        context.getUriInfo().getQueryParameters().entrySet()) {
      if (parameter.getKey().indexOf('\u0000') >= 0
          || parameter.getValue().stream().anyMatch(v -> v.indexOf('\u0000') >= 0)) {
        errors.add(new FieldError(JsonInput.printable(parameter.getKey()), JsonInput.NUL));
      }
    }
    for (PathSegment segment : context.getUriInfo().getPathSegments()) {
      if (segment.getPath().indexOf('\u0000') >= 0) {
        errors.add(new FieldError("path", JsonInput.NUL));
        break;
      }
    }
    if (!errors.isEmpty()) {
      context.abortWith(
          Problems.response(
              ErrorCode.VALIDATION_ERROR,
              errors.get(0).field() + ": " + JsonInput.NUL,
              errors,
              Map.of(),
              request));
    }
  }
}
