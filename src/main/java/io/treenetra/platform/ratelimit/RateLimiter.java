package io.treenetra.platform.ratelimit;

import java.time.Duration;
import java.time.Instant;

/**
 * Fixed windows of requests per key (a user, a role, a client address), counted across every
 * instance: a minute ({@code treenetra.ratelimit.window-seconds}, which tests shorten). The
 * access-control issue decides the keys and limits; the counting lives here.
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

  /** Counts one request under {@code key} against {@code limit} per window. */
  Decision acquire(String key, long limit);

  /** How long a window lasts. */
  Duration window();

  /** The window in words for an error message: "a minute", or "30 s". */
  default String windowInWords() {
    return window().equals(Duration.ofMinutes(1)) ? "a minute" : window().toSeconds() + " s";
  }
}
