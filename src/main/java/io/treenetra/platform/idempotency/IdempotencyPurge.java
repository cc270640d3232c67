package io.treenetra.platform.idempotency;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Removes expired Idempotency-Key records every hour; an expired key is also ignored on use. */
@Singleton
public class IdempotencyPurge {

  @PersistenceContext EntityManager em;

  @Inject
  @ConfigProperty(name = "treenetra.idempotency.ttl-hours")
  int ttlHours;

  @Schedule(hour = "*", minute = "7", persistent = false)
  void purge() {
    em.createNativeQuery(
            "DELETE FROM idempotency_key WHERE created_at < now() - make_interval(hours => ?1)")
        .setParameter(1, ttlHours)
        .executeUpdate();
  }
}
