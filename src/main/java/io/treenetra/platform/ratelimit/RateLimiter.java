package io.treenetra.platform.ratelimit;

import java.time.Instant;

/**
 * Fixed one-minute windows of requests per key (a user, a role, a client address), counted across
 * every instance. The access-control issue decides the keys and limits; the counting lives here.
 */
public interface RateLimiter {

  /**
   * What one more request under {@code key} may do: whether it is allowed, what is left, when the
   * window resets.
   */
  record Decision(boolean allowed, long limit, long remaining, Instant resetAt) {

    /** Whole seconds until the window resets (at least 1): the {@code Retry-After} of a 429. */
    public long retryAfterSeconds(Instant now) {
      return Math.max(1, (resetAt.toEpochMilli() - now.toEpochMilli() + 999) / 1000);
    }
  }

  /** Counts one request under {@code key} against {@code limit} per minute. */
  Decision acquire(String key, long limit);
}
