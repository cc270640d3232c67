package io.treenetra.auth;

import io.treenetra.platform.persistence.Versioned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "app_user")
public class User extends Versioned {

  @Id private UUID id;

  @Column(nullable = false)
  private String username;

  @Column(nullable = false)
  private String role;

  @Column(name = "password_hash", nullable = false)
  private String passwordHash;

  protected User() {}

  User(UUID id, String username, Role role, String passwordHash, Instant now) {
    super(now);
    this.id = id;
    this.username = username;
    this.role = role.id();
    this.passwordHash = passwordHash;
  }

  public UUID id() {
    return id;
  }

  public String username() {
    return username;
  }

  public Role role() {
    return Role.of(role).orElseThrow();
  }

  String passwordHash() {
    return passwordHash;
  }

  void change(String username, Role role, String passwordHash, Instant now) {
    this.username = username;
    this.role = role.id();
    if (passwordHash != null) {
      this.passwordHash = passwordHash;
    }
    touch(now);
  }
}
