package io.treenetra.auth;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.UUID;

/** A user as API.md shows it: never its password, nor anything derived from it. */
@JsonbPropertyOrder({"id", "username", "role", "createdAt"})
public record UserResponse(UUID id, String username, String role, Instant createdAt) {

  public static UserResponse of(User user) {
    return new UserResponse(user.id(), user.username(), user.role().id(), user.createdAt());
  }
}
