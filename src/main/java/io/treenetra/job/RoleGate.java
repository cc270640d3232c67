package io.treenetra.job;

import io.treenetra.platform.web.ApiException;
import io.treenetra.platform.web.ErrorCode;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;

/**
 * An instance in the worker role runs jobs only: its API answers 503 (its health and metrics still
 * answer).
 */
@Provider
@PreMatching
public class RoleGate implements ContainerRequestFilter {

  @Inject JobSettings settings;

  @Override
  public void filter(ContainerRequestContext request) {
    if (!settings.servesApi()) {
      throw new ApiException(
          ErrorCode.SERVICE_UNAVAILABLE,
          "This instance runs background jobs only (TREENETRA_ROLE=worker); send API requests to an API instance",
          List.of(),
          Map.of());
    }
  }
}
