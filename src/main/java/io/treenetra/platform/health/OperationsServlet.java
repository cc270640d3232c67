package io.treenetra.platform.health;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.microprofile.health.Readiness;

/** {@code GET /ready}, the load balancer's readiness path of API.md: database reachable, schema migrated. */
@WebServlet(urlPatterns = "/ready")
public class OperationsServlet extends HttpServlet {

  @Inject @Readiness DatabaseReadiness readiness;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    HealthResponses.write(readiness.call(), response);
  }
}
