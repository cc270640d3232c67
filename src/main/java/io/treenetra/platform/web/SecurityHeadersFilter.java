package io.treenetra.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The headers every response carries (nosniff, no framing, HSTS when the client came over TLS,
 * directly or through a proxy that says so), and CORS for the configured browser origins only
 * ({@code treenetra.cors.allowed-origins}). A preflight from an allowed origin is answered here;
 * one from any other origin gets no CORS headers, so the browser refuses it.
 */
public class SecurityHeadersFilter extends HttpFilter {

  static final String ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
  static final String ALLOWED_HEADERS =
      "Authorization, Content-Type, Accept, If-Match, If-None-Match, Idempotency-Key, X-Request-Id";
  static final String EXPOSED_HEADERS =
      "ETag, Location, Retry-After, X-Request-Id, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset,"
          + " Idempotent-Replayed";

  private Set<String> allowedOrigins = Set.of();

  @Override
  public void init(FilterConfig config) {
    String origins =
        ConfigProvider.getConfig()
            .getOptionalValue("treenetra.cors.allowed-origins", String.class)
            .orElse("");
    allowedOrigins =
        Arrays.stream(origins.split(","))
            .map(String::trim)
            .filter(o -> !o.isEmpty())
            .collect(Collectors.toSet());
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("X-Frame-Options", "DENY");
    if (request.isSecure() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"))) {
      response.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
    String origin = request.getHeader("Origin");
    if (origin != null && allowedOrigins.contains(origin)) {
      response.setHeader("Access-Control-Allow-Origin", origin);
      response.addHeader("Vary", "Origin");
      if ("OPTIONS".equals(request.getMethod())
          && request.getHeader("Access-Control-Request-Method") != null) {
        response.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
        response.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        response.setHeader("Access-Control-Max-Age", "600");
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        return;
      }
      response.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    }
    chain.doFilter(request, response);
  }
}
