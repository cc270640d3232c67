package io.treenetra.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The JAX-RS runtime's own errors (no such route, wrong method, unsupported media type). */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

  private static final Logger LOG = Logger.getLogger(WebApplicationExceptionMapper.class.getName());

  @Context HttpServletRequest request;

  @Override
  public Response toResponse(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    if (status >= 500) {
      LOG.log(Level.SEVERE, "Request failed", e);
    }
    ErrorCode code = ErrorCode.forStatus(status);
    String detail =
        switch (code) {
          case NOT_FOUND -> "No resource at " + request.getRequestURI();
          case METHOD_NOT_ALLOWED ->
              request.getMethod() + " is not allowed on " + request.getRequestURI();
          case UNSUPPORTED_MEDIA_TYPE ->
              "Content-Type " + request.getContentType() + " is not accepted here";
          case NOT_ACCEPTABLE -> "No representation matches the Accept header";
          case INTERNAL_ERROR -> "The server could not complete the request";
          case AUTHENTICATION_ERROR -> ErrorCode.AUTHENTICATION_DETAIL;
          case AUTHORIZATION_ERROR ->
              "Your role may not " + request.getMethod() + " " + request.getRequestURI();
          default -> code.title();
        };
    Map<String, String> headers =
        code == ErrorCode.AUTHENTICATION_ERROR ? Map.of("WWW-Authenticate", "Bearer") : Map.of();
    return Problems.response(code, detail, List.of(), headers, request);
  }
}
