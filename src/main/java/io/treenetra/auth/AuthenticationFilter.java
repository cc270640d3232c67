package io.treenetra.auth;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;

/**
 * Authenticates every API request that carries {@code Authorization: Bearer <token>}: MicroProfile
 * JWT verifies the token ({@link AccessTokenVerifier}), and the request's security context names
 * its user and role. A token that fails verification is a 401 wherever it is sent, so a client
 * learns that its token is bad instead of being served as anonymous. A request without a bearer
 * token is anonymous; {@link RoleCheck} decides what it may reach.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class AuthenticationFilter implements ContainerRequestFilter {

  private static final String BEARER = "Bearer ";

  @Inject AccessTokenVerifier verifier;

  @Override
  public void filter(ContainerRequestContext context) {
    Callers.clear();
    String header = context.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return;
    }
    AccessTokenVerifier.Verified verified =
        verifier
            .verify(header.substring(BEARER.length()).trim())
            .orElseThrow(() -> new NotAuthorizedException("Bearer"));
    Callers.set(verified.caller());
    boolean secure = context.getSecurityContext().isSecure();
    context.setSecurityContext(
        new SecurityContext() {
          @Override
          public Principal getUserPrincipal() {
            return verified.token();
          }

          @Override
          public boolean isUserInRole(String role) {
            return verified.groups().contains(role);
          }

          @Override
          public boolean isSecure() {
            return secure;
          }

          @Override
          public String getAuthenticationScheme() {
            return "MP-JWT";
          }
        });
  }
}
