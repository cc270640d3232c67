package io.treenetra.auth;

import java.util.Optional;

/**
 * The caller of the request this thread is serving, for code below the resources (the audit trail's
 * actor, idempotency keys). {@link AuthenticationFilter} sets it at the start of every API request,
 * to the token's user or to nobody, and {@link CallerCleanup} clears it when the request ends;
 * threads that serve no request (the worker, timers) have none.
 */
public final class Callers {

  private static final ThreadLocal<Caller> CURRENT = new ThreadLocal<>();

  private Callers() {}

  public static Optional<Caller> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  static void set(Caller caller) {
    CURRENT.set(caller);
  }

  public static void clear() {
    CURRENT.remove();
  }
}
