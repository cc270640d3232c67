package io.treenetra.auth;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * MicroProfile JWT's authentication, remembered: the first request with a bearer token is
 * authenticated by Payara's MP-JWT mechanism (signature, issuer, audience, expiry); later requests
 * with the same token reuse that verdict until the token expires, instead of verifying the RSA
 * signature again (which cost about a quarter of a GET by id). A failed verification is never
 * remembered, so a bad token is checked, and refused, every time.
 *
 * <p>The alternative with priority takes the place of MP-JWT's mechanism bean and delegates to it.
 */
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
@ApplicationScoped
public class VerifiedTokens implements HttpAuthenticationMechanism {

  /** Tokens remembered at most; past it the memory starts over (a token costs one verification more). */
  static final int MAX_TOKENS = 5_000;
  private static final String BEARER = "Bearer ";

  @Inject BeanManager beans;

  private final Map<String, Verified> verified = new ConcurrentHashMap<>();
  private volatile HttpAuthenticationMechanism jwt;

  private record Verified(Principal caller, Set<String> groups, long expiresAtMillis) {}

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context)
      throws AuthenticationException {
    String header = request.getHeader("Authorization");
    String token = header != null && header.startsWith(BEARER) ? header.substring(BEARER.length()) : null;
    if (token != null) {
      Verified known = verified.get(token);
      if (known != null) {
        if (known.expiresAtMillis() > System.currentTimeMillis()) {
          return context.notifyContainerAboutLogin(known.caller(), known.groups());
        }
        verified.remove(token);
      }
    }
    AuthenticationStatus status = jwt().validateRequest(request, response, context);
    if (token != null && status == AuthenticationStatus.SUCCESS
        && context.getCallerPrincipal() instanceof JsonWebToken caller && caller.getExpirationTime() > 0) {
      if (verified.size() >= MAX_TOKENS) {
        verified.clear();
      }
      verified.put(token, new Verified(caller, Set.copyOf(context.getGroups()), caller.getExpirationTime() * 1000));
    }
    return status;
  }

  @Override
  public AuthenticationStatus secureResponse(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context)
      throws AuthenticationException {
    return jwt().secureResponse(request, response, context);
  }

  @Override
  public void cleanSubject(HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    jwt().cleanSubject(request, response, context);
  }

  /** MicroProfile JWT's own mechanism: the other bean of this type. */
  private HttpAuthenticationMechanism jwt() {
    HttpAuthenticationMechanism mechanism = jwt;
    if (mechanism == null) {
      for (Bean<?> bean : beans.getBeans(HttpAuthenticationMechanism.class, Any.Literal.INSTANCE)) {
        if (!bean.getTypes().contains(VerifiedTokens.class)) {
          mechanism = (HttpAuthenticationMechanism)
              beans.getReference(bean, HttpAuthenticationMechanism.class, beans.createCreationalContext(bean));
        }
      }
      if (mechanism == null) {
        throw new IllegalStateException("MicroProfile JWT's authentication mechanism is not installed");
      }
      jwt = mechanism;
    }
    return mechanism;
  }
}
