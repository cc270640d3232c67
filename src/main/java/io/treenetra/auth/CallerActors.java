package io.treenetra.auth;

import io.treenetra.platform.persistence.Actor;
import io.treenetra.platform.persistence.ActorSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** The request's caller as the actor of its writes (the audit trail, idempotency keys). */
@ApplicationScoped
public class CallerActors implements ActorSource {

  @Override
  public Optional<Actor> current() {
    return Callers.current().map(Caller::actor);
  }
}
