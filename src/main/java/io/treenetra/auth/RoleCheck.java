package io.treenetra.auth;

import jakarta.annotation.Priority;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.List;

/**
 * The permission matrix: each resource method's {@code @RolesAllowed} (or its class's), enforced
 * before the method runs. No authenticated user is a 401, a user whose role is not listed a 403.
 * {@code @PermitAll} lets everyone through, {@code @DenyAll} no one; a method with none of the
 * three on it or its class is refused to everyone (EveryEndpointIsGuardedTest keeps there being
 * none).
 */
@Provider
public class RoleCheck implements DynamicFeature {

  @Override
  public void configure(ResourceInfo resource, FeatureContext context) {
    Method method = resource.getResourceMethod();
    Class<?> type = resource.getResourceClass();
    if (method == null || type == null) {
      return;
    }
    if (method.isAnnotationPresent(PermitAll.class)) {
      return;
    }
    RolesAllowed roles = method.getAnnotation(RolesAllowed.class);
    if (roles == null && !method.isAnnotationPresent(DenyAll.class)) {
      if (type.isAnnotationPresent(PermitAll.class)) {
        return;
      }
      roles = type.getAnnotation(RolesAllowed.class);
    }
    context.register(
        new Check(roles == null ? List.of() : List.of(roles.value())), Priorities.AUTHORIZATION);
  }

  @Priority(Priorities.AUTHORIZATION)
  private record Check(List<String> roles) implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
      if (request.getSecurityContext().getUserPrincipal() == null) {
        throw new NotAuthorizedException("Bearer");
      }
      for (String role : roles) {
        if (request.getSecurityContext().isUserInRole(role)) {
          return;
        }
      }
      throw new ForbiddenException();
    }
  }
}
