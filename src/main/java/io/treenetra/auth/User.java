package io.treenetra.auth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "app_user")
public class User {

  @Id private UUID id;

  @Column(nullable = false)
  private String username;

  @Column(nullable = false)
  private String role;

  @Column(name = "password_hash", nullable = false)
  private String passwordHash;

  @Version
  @Column(name = "version")
  private Integer revision;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected User() {}

  User(UUID id, String username, Role role, String passwordHash, Instant now) {
    this.id = id;
    this.username = username;
    this.role = role.id();
    this.passwordHash = passwordHash;
    this.createdAt = now;
    this.updatedAt = now;
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

  /** Counts from 1, like every other resource's ETag. */
  public long version() {
    return revision == null ? 1 : revision + 1L;
  }

  public Instant createdAt() {
    return createdAt;
  }

  void change(String username, Role role, String passwordHash, Instant now) {
    this.username = username;
    this.role = role.id();
    if (passwordHash != null) {
      this.passwordHash = passwordHash;
    }
    this.updatedAt = now;
  }
}
