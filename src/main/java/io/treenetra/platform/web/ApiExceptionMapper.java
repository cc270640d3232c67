package io.treenetra.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

@Provider
public class ApiExceptionMapper implements ExceptionMapper<ApiException> {

  @Context HttpServletRequest request;

  @Override
  public Response toResponse(ApiException e) {
    return Problems.response(e.code(), e.getMessage(), e.errors(), e.headers(), request);
  }
}
