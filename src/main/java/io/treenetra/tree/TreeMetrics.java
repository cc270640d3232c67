package io.treenetra.tree;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * {@code trees_created_total} and {@code trees{status}}: the live inventory by status, counted by
 * the database at most once per {@code treenetra.metrics.status-refresh-seconds}, so scrapes stay
 * cheap.
 */
@ApplicationScoped
public class TreeMetrics {

  private static final Logger LOG = Logger.getLogger(TreeMetrics.class.getName());

  @Inject MetricRegistry registry;
  @Inject TreeRepository trees;

  @Inject
  @ConfigProperty(name = "treenetra.metrics.status-refresh-seconds")
  long refreshSeconds;

  private Counter created;
  private volatile Map<TreeStatus, Long> byStatus = Map.of();
  private volatile boolean counted;
  private volatile long refreshedAtNanos;

  @PostConstruct
  void register() {
    created =
        registry.counter(
            Metadata.builder()
                .withName("trees.created")
                .withDescription("Trees created through the API")
                .build());
    Metadata inventory =
        Metadata.builder().withName("trees").withDescription("Live trees by status").build();
    for (TreeStatus status : TreeStatus.values()) {
      registry.gauge(
          inventory, this, metrics -> metrics.count(status), new Tag("status", status.json()));
    }
  }

  void created() {
    created.inc();
  }

  private long count(TreeStatus status) {
    if (stale()) {
      refresh();
    }
    return byStatus.getOrDefault(status, 0L);
  }

  private synchronized void refresh() {
    if (!stale()) {
      return;
    }
    try {
      byStatus = trees.countByStatus();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Could not count trees by status: {0}", e.getMessage());
    }
    refreshedAtNanos = System.nanoTime();
    counted = true;
  }

  private boolean stale() {
    return !counted || System.nanoTime() - refreshedAtNanos > refreshSeconds * 1_000_000_000L;
  }
}
