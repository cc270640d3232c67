package io.treenetra.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * What a user may do (API.md, "Users and access"), from most to least: each role may do all that
 * the roles below it may. The names are the JWT's {@code groups} and {@code @RolesAllowed}'s roles.
 */
public enum Role {
  ADMIN(0),
  MANAGER(300),
  USER(120),
  VIEWER(60);

  private final long requestsPerMinute;

  Role(long requestsPerMinute) {
    this.requestsPerMinute = requestsPerMinute;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The rate limit of API.md; 0 is unlimited. */
  public long requestsPerMinute() {
    return requestsPerMinute;
  }

  public static Optional<Role> of(String id) {
    for (Role role : values()) {
      if (role.id().equals(id)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }

  /**
   * The role names for {@code @RolesAllowed}: compile-time constants, the permission matrix of
   * API.md.
   */
  public static final class Allowed {
    public static final String ADMIN = "admin";
    public static final String MANAGER = "manager";
    public static final String USER = "user";
    public static final String VIEWER = "viewer";

    private Allowed() {}
  }
}
