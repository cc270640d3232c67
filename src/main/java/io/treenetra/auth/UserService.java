package io.treenetra.auth;

import io.treenetra.platform.json.JsonInput;
import io.treenetra.platform.persistence.Audited;
import io.treenetra.platform.persistence.Clocks;
import io.treenetra.platform.web.ApiException;
import io.treenetra.platform.web.Cursor;
import io.treenetra.platform.web.ErrorCode;
import io.treenetra.platform.web.FieldError;
import io.treenetra.platform.web.Page;
import io.treenetra.platform.web.Preconditions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

@ApplicationScoped
public class UserService {

  static final int MIN_PASSWORD = 12;
  static final int MAX_PASSWORD = 256;
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,100}");
  private static final Set<String> FIELDS = Set.of("username", "role", "password");
  private static final String SORT = "username";

  @Inject Clocks clocks;
  @Inject RefreshTokens refreshTokens;
  @Inject UserRepository users;

  public User get(UUID id) {
    return users.find(id).orElseThrow(() -> ApiException.notFound("No user " + id));
  }

  public Optional<User> byName(String username) {
    return users.byName(username);
  }

  public Page<UserResponse> list(String cursor, int limit) {
    Cursor after = cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor, SORT);
    String afterName = after == null ? "" : after.value();
    UUID afterId = after == null ? new UUID(0, 0) : after.uuid();
    List<User> found = users.page(afterName, afterId, limit);
    return Page.keyset(
        found,
        limit,
        null,
        UserResponse::of,
        last -> new Cursor(SORT, last.username().toLowerCase(), last.id().toString()));
  }

  @Transactional
  @Audited
  public User create(JsonObject json) {
    Input input = read(json, true);
    requireFreeName(input.username(), null);
    User user =
        new User(
            UUID.randomUUID(),
            input.username(),
            input.role(),
            PasswordHasher.hash(input.password().toCharArray()),
            clocks.now());
    users.persist(user);
    return user;
  }

  @Transactional
  @Audited
  public User replace(UUID id, JsonObject json, String ifMatch) {
    User user = get(id);
    Preconditions.checkIfMatch(ifMatch, user.version());
    Input input = read(json, false);
    requireFreeName(input.username(), id);
    if (user.role() == Role.ADMIN && input.role() != Role.ADMIN) {
      requireAnotherAdmin(id);
    }
    String hash =
        input.password() == null ? null : PasswordHasher.hash(input.password().toCharArray());
    boolean revoke = hash != null || user.role() != input.role();
    user.change(input.username(), input.role(), hash, clocks.now());
    users.flush();
    if (revoke) {
      // A new password or role ends every session of the old one.
      refreshTokens.revokeUser(id);
    }
    return user;
  }

  @Transactional
  @Audited
  public void delete(UUID id, String ifMatch) {
    User user = get(id);
    Preconditions.checkIfMatch(ifMatch, user.version());
    if (user.role() == Role.ADMIN) {
      requireAnotherAdmin(id);
    }
    users.remove(user);
  }

  private void requireAnotherAdmin(UUID id) {
    if (users.adminsOtherThan(id) == 0) {
      throw new ApiException(
          ErrorCode.CONFLICT,
          "This is the last admin: make another user admin first",
          List.of(new FieldError("role", "the last admin cannot be removed or demoted")),
          Map.of());
    }
  }

  private void requireFreeName(String username, UUID self) {
    byName(username)
        .filter(other -> !other.id().equals(self))
        .ifPresent(
            other -> {
              throw ApiException.conflict(
                  "username", "A user named " + username + " exists already");
            });
  }

  record Input(String username, Role role, String password) {}

  private static Input read(JsonObject json, boolean passwordRequired) {
    JsonInput in = JsonInput.of(json);
    in.allowOnly(FIELDS);
    String username = in.string("username");
    if (username == null && !in.has("username")) {
      in.reject("username", "is required");
    } else if (username != null && !USERNAME.matcher(username).matches()) {
      in.reject("username", "must be 1 to 100 letters, digits or . _ @ -");
    }
    Role role = in.choice("role", Role::of, "admin, manager, user, viewer");
    if (role == null && !in.has("role")) {
      in.reject("role", "is required");
    }
    String password = in.string("password");
    if (password == null && passwordRequired && !in.has("password")) {
      in.reject("password", "is required");
    } else if (password != null
        && (password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD)) {
      in.reject("password", "must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
    }
    if (!in.errors().isEmpty()) {
      throw ApiException.invalid(in.errors());
    }
    return new Input(username, role, password);
  }
}
