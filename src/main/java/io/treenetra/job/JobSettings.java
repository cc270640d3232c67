package io.treenetra.job;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What this instance does ({@code TREENETRA_ROLE}: {@code api}, {@code worker} or {@code all}) and
 * how its worker holds jobs: a lease renewed every third of its length, a poll of the queue when
 * idle.
 */
@ApplicationScoped
public class JobSettings {

  public enum Role {
    API,
    WORKER,
    ALL
  }

  @Inject
  @ConfigProperty(name = "treenetra.role")
  String role;

  @Inject
  @ConfigProperty(name = "treenetra.jobs.lease-seconds")
  int leaseSeconds;

  @Inject
  @ConfigProperty(name = "treenetra.jobs.poll-millis")
  long pollMillis;

  @Inject
  @ConfigProperty(name = "treenetra.jobs.max-attempts")
  int maxAttempts;

  @Inject
  @ConfigProperty(name = "treenetra.jobs.concurrency")
  int concurrency;

  public Role role() {
    try {
      return Role.valueOf(role.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "TREENETRA_ROLE must be api, worker or all, not '" + role + "'");
    }
  }

  public boolean servesApi() {
    return role() != Role.WORKER;
  }

  public boolean runsJobs() {
    return role() != Role.API;
  }

  public Duration lease() {
    return Duration.ofSeconds(Math.max(3, leaseSeconds));
  }

  public Duration heartbeat() {
    return lease().dividedBy(3);
  }

  public Duration poll() {
    return Duration.ofMillis(Math.max(50, pollMillis));
  }

  /**
   * A job that has been taken this many times without finishing (its instance died each time)
   * fails.
   */
  public int maxAttempts() {
    return Math.max(1, maxAttempts);
  }

  public int concurrency() {
    return Math.max(1, concurrency);
  }
}
