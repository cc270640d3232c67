package io.treenetra.platform.persistence;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * Inside the transaction of an {@link Audited} method (after the transaction interceptor, by
 * priority), tells PostgreSQL who the caller is, for this transaction only.
 */
@Audited
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class AuditInterceptor {

  @PersistenceContext EntityManager em;

  @Inject ActorSource actors;

  @AroundInvoke
  Object bind(InvocationContext invocation) throws Exception {
    Actor actor = actors.current().orElse(null);
    em.createNativeQuery(AuditActor.SET_SQL)
        .setParameter(1, actor == null ? "" : actor.id().toString())
        .setParameter(2, actor == null ? "" : actor.name())
        .getSingleResult();
    return invocation.proceed();
  }
}
