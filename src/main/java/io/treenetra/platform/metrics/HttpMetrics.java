package io.treenetra.platform.metrics;

import io.treenetra.platform.persistence.Database;
import io.treenetra.platform.persistence.PoolUsage;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Request and connection-pool metrics for the operators' dashboards. Labels are bounded: the route
 * template, never the raw path.
 *
 * <ul>
 *   <li>{@code http_server_requests_seconds{method,route,status}}: a timer (count, sum, quantiles);
 *   <li>{@code http_server_errors_total{method,route,status}}: responses with status 500 and above;
 *   <li>{@code http_server_requests_active}: requests in flight;
 *   <li>{@code db_pool_connections_active}, {@code _pending}, {@code _max}.
 * </ul>
 */
@ApplicationScoped
public class HttpMetrics {

  private static final Metadata REQUESTS =
      Metadata.builder()
          .withName("http.server.requests")
          .withDescription("HTTP requests by route and status")
          .withUnit(MetricUnits.NANOSECONDS)
          .build();
  private static final Metadata ERRORS =
      Metadata.builder()
          .withName("http.server.errors")
          .withDescription("HTTP responses with a 5xx status")
          .build();

  private final AtomicInteger active = new AtomicInteger();

  /**
   * One timer (and error counter) per method, route and status: looked up once, not per request.
   */
  private final Map<String, Series> series = new ConcurrentHashMap<>();

  private record Series(Timer timer, Counter errors) {}

  @Inject MetricRegistry registry;

  @PostConstruct
  void register() {
    registry.gauge(
        Metadata.builder()
            .withName("http.server.requests.active")
            .withDescription("HTTP requests in flight")
            .build(),
        active,
        AtomicInteger::get);
    registry.gauge(
        Metadata.builder()
            .withName("db.pool.connections.active")
            .withDescription("Database connections in use")
            .build(),
        PoolUsage::inUse);
    registry.gauge(
        Metadata.builder()
            .withName("db.pool.connections.pending")
            .withDescription("Requests waiting for a database connection")
            .build(),
        PoolUsage::waiting);
    registry.gauge(
        Metadata.builder()
            .withName("db.pool.connections.max")
            .withDescription("Size of the database connection pool")
            .build(),
        () -> Database.MAX_POOL_SIZE);
  }

  public void requestStarted() {
    active.incrementAndGet();
  }

  public void requestFinished(String method, String route, int status, long elapsedNanos) {
    active.decrementAndGet();
    Series metrics =
        series.computeIfAbsent(
            method + ' ' + route + ' ' + status,
            key -> {
              Tag[] tags = {
                new Tag("method", method),
                new Tag("route", route),
                new Tag("status", Integer.toString(status))
              };
              return new Series(
                  registry.timer(REQUESTS, tags),
                  status >= 500 ? registry.counter(ERRORS, tags) : null);
            });
    metrics.timer().update(Duration.ofNanos(elapsedNanos));
    if (metrics.errors() != null) {
      metrics.errors().inc();
    }
  }
}
