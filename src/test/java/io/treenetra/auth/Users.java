package io.treenetra.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.Api;
import jakarta.json.Json;
import java.util.UUID;

/** Users made for a test through the admin API, each with a unique name. */
public record Users(Api admin) {

  public record Made(UUID id, String username, String password, Api api) {}

  public Made make(String role) {
    String username = role + "-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "pw-" + UUID.randomUUID();
    Api.Response created =
        admin.post(
            "/api/v1/users",
            Json.createObjectBuilder()
                .add("username", username)
                .add("role", role)
                .add("password", password)
                .build()
                .toString());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return new Made(
        UUID.fromString(created.json().getString("id")),
        username,
        password,
        admin.as(username, password));
  }

  static String login(String username, String password) {
    return Json.createObjectBuilder()
        .add("username", username)
        .add("password", password)
        .build()
        .toString();
  }
}
