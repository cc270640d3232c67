package io.treenetra.platform.health;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code GET /ready}, the load balancer's readiness path of API.md: database reachable, schema
 * migrated; the cluster's membership reported alongside (never a reason to be unready).
 */
@WebServlet(urlPatterns = "/ready")
public class OperationsServlet extends HttpServlet {

  @Inject @Readiness DatabaseReadiness database;
  @Inject @Readiness ClusterReadiness cluster;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    HealthResponses.write(List.of(database.call(), cluster.call()), response);
  }
}
