package io.treenetra.platform.persistence;

import java.util.Optional;

/**
 * The actor of the request this thread serves, or none (a job of the system, a timer). Access
 * control provides it; persistence and idempotency only read it.
 */
public interface ActorSource {

  Optional<Actor> current();
}
