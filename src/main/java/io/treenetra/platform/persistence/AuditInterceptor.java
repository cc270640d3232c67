package io.treenetra.audit;

import io.treenetra.auth.Caller;
import io.treenetra.auth.Callers;
import jakarta.annotation.Priority;
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

  @AroundInvoke
  Object bind(InvocationContext invocation) throws Exception {
    Caller caller = Callers.current().orElse(null);
    em.createNativeQuery(AuditActor.SET_SQL)
        .setParameter(1, caller == null ? "" : caller.id().toString())
        .setParameter(2, caller == null ? "" : caller.username())
        .getSingleResult();
    return invocation.proceed();
  }
}
