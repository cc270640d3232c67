package io.treenetra.platform.web;

import jakarta.json.bind.Jsonb;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/** The servlet container's error page: the same problem+json as the API's own errors. */
@WebServlet("/error")
public class ErrorServlet extends HttpServlet {

  private final Jsonb jsonb = JsonConfig.jsonb();

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object statusAttribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = statusAttribute instanceof Integer value ? value : 404;
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    String path = uri == null ? request.getRequestURI() : uri.toString();
    ErrorCode code = ErrorCode.forStatus(status);
    String detail =
        switch (code) {
          case NOT_FOUND -> "No resource at " + path;
          case AUTHENTICATION_ERROR -> ErrorCode.AUTHENTICATION_DETAIL;
          default -> code.title();
        };
    if (code == ErrorCode.AUTHENTICATION_ERROR) {
      // A 401 of the container's own would announce Basic; this API takes Bearer.
      response.setHeader("WWW-Authenticate", "Bearer");
    }
    Problem problem = Problems.problem(code, detail, List.of(), path, request);
    response.setStatus(code.status());
    response.setContentType(Problem.MEDIA_TYPE);
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(jsonb.toJson(problem));
  }
}
