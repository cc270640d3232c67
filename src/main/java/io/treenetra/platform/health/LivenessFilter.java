package io.treenetra.platform.health;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.microprofile.health.Liveness;

/**
 * {@code GET /health}, the load balancer's liveness path of API.md. A filter, not a servlet: a
 * servlet mapped to {@code /health} would stop Payara from registering MicroProfile Health's {@code
 * /health/*} (it skips registration when the path is taken).
 */
public class LivenessFilter extends HttpFilter {

  @Inject @Liveness ProcessLiveness liveness;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
      chain.doFilter(request, response);
      return;
    }
    HealthResponses.write(liveness.call(), response);
  }
}
