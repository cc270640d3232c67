package io.treenetra.audit;

import io.treenetra.auth.Caller;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.SecurityContext;

/**
 * Inside the transaction of an {@link Audited} method (after the transaction interceptor, by
 * priority), tells PostgreSQL who the caller is, for this transaction only.
 */
@Audited
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class AuditInterceptor {

  @Inject SecurityContext security;
  @PersistenceContext EntityManager em;

  @AroundInvoke
  Object bind(InvocationContext invocation) throws Exception {
    Caller caller = Caller.of(security.getCallerPrincipal()).orElse(null);
    em.createNativeQuery(AuditActor.SET_SQL)
        .setParameter(1, caller == null ? "" : caller.id().toString())
        .setParameter(2, caller == null ? "" : caller.username())
        .getSingleResult();
    return invocation.proceed();
  }
}
