package io.treenetra.auth;

import io.treenetra.platform.persistence.Clocks;
import io.treenetra.platform.ratelimit.RateLimiter;
import io.treenetra.platform.web.ClientAddress;
import io.treenetra.platform.web.ErrorCode;
import io.treenetra.platform.web.Problems;
import io.treenetra.platform.web.RequestFilter;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * After {@link AuthenticationFilter} and {@link RoleCheck} have let a request in: names its user
 * for the request log, counts it against the rate limit of the user's role (API.md; anonymous
 * requests by client address), and on the way out adds the rate-limit headers and {@code
 * Cache-Control: no-store} to authenticated JSON.
 */
@Provider
@Priority(Priorities.AUTHORIZATION + 10)
public class AccessFilter implements ContainerRequestFilter, ContainerResponseFilter {

  private static final String DECISION = "treenetra.rateLimit";

  @Inject Clocks clocks;
  @Inject RateLimiter limiter;

  @Inject
  @ConfigProperty(name = "treenetra.ratelimit.enabled")
  boolean enabled;

  @Inject
  @ConfigProperty(name = "treenetra.ratelimit.anonymous-per-minute")
  long anonymousPerMinute;

  @Context HttpServletRequest request;

  @Inject ClientAddress addresses;

  @Override
  public void filter(ContainerRequestContext context) {
    Caller caller = Callers.current().orElse(null);
    if (caller != null) {
      context.setProperty(RequestFilter.USER_ATTRIBUTE, caller.id().toString());
    }
    if (!enabled) {
      return;
    }
    String key;
    long limit;
    if (caller == null) {
      key = "rate:address:" + addresses.of(request);
      limit = anonymousPerMinute;
    } else {
      key = "rate:user:" + caller.id();
      limit = caller.role().requestsPerMinute();
    }
    if (limit <= 0) {
      return; // unlimited (admins): nothing counted, no headers
    }
    RateLimiter.Decision decision = limiter.acquire(key, limit);
    context.setProperty(DECISION, decision);
    if (!decision.allowed()) {
      context.abortWith(
          Problems.response(
              ErrorCode.RATE_LIMIT_EXCEEDED,
              "More than "
                  + limit
                  + " requests in "
                  + limiter.windowInWords()
                  + "; try again in "
                  + decision.retryAfterSeconds(clocks.now())
                  + " s",
              List.of(),
              Map.of("Retry-After", Long.toString(decision.retryAfterSeconds(clocks.now()))),
              request));
    }
  }

  @Override
  public void filter(ContainerRequestContext requestContext, ContainerResponseContext response) {
    if (requestContext.getProperty(DECISION) instanceof RateLimiter.Decision decision) {
      response.getHeaders().putSingle("X-RateLimit-Limit", Long.toString(decision.limit()));
      response.getHeaders().putSingle("X-RateLimit-Remaining", Long.toString(decision.remaining()));
      response
          .getHeaders()
          .putSingle("X-RateLimit-Reset", Long.toString(decision.resetAt().getEpochSecond()));
    }
    MediaType type = response.getMediaType();
    if (requestContext.getSecurityContext().getUserPrincipal() != null
        && type != null
        && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"))
        && !response.getHeaders().containsKey(HttpHeaders.CACHE_CONTROL)) {
      response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
    }
  }
}
