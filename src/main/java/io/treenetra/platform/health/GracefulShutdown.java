package io.treenetra.platform.health;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * SIGTERM drains before it stops: the instance turns not-ready at once (readiness DOWN, so a load
 * balancer that checks {@code /ready} stops sending it requests) and keeps serving for {@code
 * treenetra.shutdown.drain-seconds}; only then does the JVM shut down, through the shutdown hooks
 * (Payara stops its listener, the worker hands its jobs back, the cache cluster is left). Without
 * this, SIGTERM started Payara's stop at once, and requests already routed here failed.
 */
@Startup
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class GracefulShutdown {

  private static final Logger LOG = Logger.getLogger(GracefulShutdown.class.getName());
  private static volatile boolean draining;

  @jakarta.inject.Inject
  @ConfigProperty(name = "treenetra.shutdown.drain-seconds")
  long drainSeconds;

  /** True from SIGTERM on: readiness answers DOWN. */
  public static boolean draining() {
    return draining;
  }

  /** The handler before this one (the JVM's), put back when the application is undeployed. */
  private sun.misc.SignalHandler previous;

  @PostConstruct
  void install() {
    try {
      previous = sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> drainThenExit());
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      LOG.warning(
          "SIGTERM cannot be handled here; the server stops without draining: " + e.getMessage());
    }
  }

  /**
   * Undeployed from a running server: SIGTERM is the server's again, and the handler no longer
   * holds this application's classes.
   */
  @PreDestroy
  void uninstall() {
    if (previous != null && !draining) {
      sun.misc.Signal.handle(new sun.misc.Signal("TERM"), previous);
    }
  }

  private void drainThenExit() {
    draining = true;
    LOG.info(() -> "SIGTERM: not ready; serving for " + drainSeconds + " s more, then stopping");
    Thread stopper =
        new Thread(
            () -> {
              try {
                Thread.sleep(drainSeconds * 1000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              // 143: stopped by SIGTERM, as the JVM's own handler would have exited.
              System.exit(143);
            },
            "treenetra-drain");
    stopper.setDaemon(false);
    stopper.start();
  }
}
