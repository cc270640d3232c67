package io.treenetra.platform.health;

import io.treenetra.platform.cache.Caches;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The cache cluster as this instance sees it. Always up: an instance alone (the others not started
 * yet, or gone) still answers correctly from PostgreSQL, so it must not be taken out of service.
 */
@Readiness
@ApplicationScoped
public class ClusterReadiness implements HealthCheck {

  @Inject Caches caches;

  @Override
  public HealthCheckResponse call() {
    var members = caches.members();
    return HealthCheckResponse.named("cluster")
        .up()
        .withData("mode", caches.settings().mode().name().toLowerCase(Locale.ROOT))
        .withData("self", caches.self())
        .withData("members", members.size())
        .withData("memberNames", String.join(",", members))
        .build();
  }
}
