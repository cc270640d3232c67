package io.treenetra.platform.replica;

import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;

/**
 * After a successful write (its transaction committed when the resource returned), the caller's
 * write position is recorded, so that their next read on any instance sees it. Costs nothing
 * without read replicas.
 */
@Provider
public class WritePositionFilter implements ContainerResponseFilter {

  private static final Set<String> WRITES =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  @Inject ReadReplicas replicas;

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (replicas.enabled() && WRITES.contains(request.getMethod()) && response.getStatus() < 400) {
      replicas.wrote();
    }
  }
}
