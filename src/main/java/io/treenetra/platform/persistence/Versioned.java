package io.treenetra.platform.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * What every entity the API versions carries: the optimistic-lock version that its ETag shows, and
 * when it was created and last changed (columns {@code version}, {@code created_at}, {@code
 * updated_at}).
 */
@MappedSuperclass
public abstract class Versioned {

  /** Hibernate seeds versions at 0; the API counts from 1 ({@link #version()}). */
  @Version
  @Column(name = "version")
  // Null until inserted: that tells Hibernate the entity is new. With a primitive it asked the
  // second-level cache on every persist, and the miss pinned the session for the pending-puts
  // expiry.
  private Integer revision;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  /** For JPA. */
  protected Versioned() {}

  protected Versioned(Instant now) {
    this.createdAt = now;
    this.updatedAt = now;
  }

  /** The version as the API shows it (ETag, {@code version}): 1 for a new entity. */
  public int version() {
    return revision == null ? 1 : revision + 1;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  /** Records a change at {@code now}. */
  protected void touch(Instant now) {
    this.updatedAt = now;
  }
}
