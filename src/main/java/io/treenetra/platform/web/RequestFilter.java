package io.treenetra.platform.web;

import io.treenetra.logging.JsonLogFormatter;
import io.treenetra.logging.LogContext;
import io.treenetra.platform.metrics.HttpMetrics;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Around every request the server answers: the X-Request-Id, the request's log line and its
 * metrics. A servlet filter rather than a JAX-RS one so that health, metrics and error pages are
 * covered too. Declared in web.xml, where filter order is defined: this one runs first.
 */
public class RequestFilter extends HttpFilter {

  public static final String ROUTE_ATTRIBUTE = "treenetra.route";
  public static final String USER_ATTRIBUTE = "treenetra.userId";
  private static final Logger ACCESS = Logger.getLogger(JsonLogFormatter.ACCESS_LOGGER);
  private static final Set<String> OPERATIONS_PATHS =
      Set.of(
          "/health",
          "/health/live",
          "/health/ready",
          "/health/started",
          "/ready",
          "/metrics",
          "/openapi");

  @Inject HttpMetrics metrics;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    boolean turnedAway =
        request.getDispatcherType() == jakarta.servlet.DispatcherType.ERROR
            && request.getAttribute(RequestIds.ATTRIBUTE) == null;
    if (request.getDispatcherType() != jakarta.servlet.DispatcherType.REQUEST && !turnedAway) {
      chain.doFilter(request, response);
      return;
    }
    long start = System.nanoTime();
    String requestId = RequestIds.accept(request.getHeader(RequestIds.HEADER));
    request.setAttribute(RequestIds.ATTRIBUTE, requestId);
    response.setHeader(RequestIds.HEADER, requestId);
    LogContext.set(requestId, null);
    metrics.requestStarted();
    try {
      chain.doFilter(request, response);
    } finally {
      long elapsedNanos = System.nanoTime() - start;
      int status = response.getStatus();
      String route = route(request);
      metrics.requestFinished(request.getMethod(), route, status, elapsedNanos);
      logRequest(request, requestId, status, elapsedNanos);
      LogContext.clear();
    }
  }

  /** The path the client asked for, also on an error page's dispatch. */
  private static String path(HttpServletRequest request) {
    Object original = request.getAttribute(jakarta.servlet.RequestDispatcher.ERROR_REQUEST_URI);
    return original != null ? original.toString() : request.getRequestURI();
  }

  private static String route(HttpServletRequest request) {
    Object route = request.getAttribute(ROUTE_ATTRIBUTE);
    if (route != null) {
      return route.toString();
    }
    String path = path(request);
    return OPERATIONS_PATHS.contains(path) ? path : "unmatched";
  }

  private static void logRequest(
      HttpServletRequest request, String requestId, int status, long elapsedNanos) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("requestId", requestId);
    Object userId = request.getAttribute(USER_ATTRIBUTE);
    fields.put("userId", userId == null ? null : userId.toString());
    fields.put("method", request.getMethod());
    fields.put("path", path(request));
    fields.put("statusCode", status);
    fields.put("responseTime", Math.round(elapsedNanos / 10_000.0) / 100.0);
    LogRecord record =
        new LogRecord(
            status >= 500 ? Level.SEVERE : Level.INFO,
            request.getMethod() + " " + path(request) + " " + status);
    record.setLoggerName(ACCESS.getName());
    record.setParameters(new Object[] {fields});
    ACCESS.log(record);
  }
}
