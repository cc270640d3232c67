package io.treenetra.auth;

import io.treenetra.platform.persistence.Actor;
import java.security.Principal;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who sent a request: the user an access token names (its subject, name and role). */
public record Caller(UUID id, String username, Role role) {

  /** The actor the audit trail names for {@code caller}'s writes; null for nobody. */
  public static Actor actor(Caller caller) {
    return caller == null ? null : new Actor(caller.id(), caller.username());
  }

  /** The caller of a request that MicroProfile JWT authenticated; empty for anonymous requests. */
  public static Optional<Caller> of(Principal principal) {
    if (!(principal instanceof JsonWebToken token) || token.getSubject() == null) {
      return Optional.empty();
    }
    Role role = null;
    if (token.getGroups() != null) {
      for (String group : token.getGroups()) {
        role = Role.of(group).orElse(role);
      }
    }
    try {
      return role == null
          ? Optional.empty()
          : Optional.of(new Caller(UUID.fromString(token.getSubject()), token.getName(), role));
    } catch (IllegalArgumentException notOurs) {
      return Optional.empty();
    }
  }
}
