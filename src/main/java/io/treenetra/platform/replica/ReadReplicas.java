package io.treenetra.platform.replica;

import io.treenetra.platform.cache.CacheCluster;
import io.treenetra.platform.cache.Caches;
import io.treenetra.platform.persistence.Actor;
import io.treenetra.platform.persistence.ActorSource;
import io.treenetra.platform.persistence.Clocks;
import io.treenetra.platform.persistence.Jdbc;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.infinispan.Cache;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Reads that may be served by a streaming replica ({@code DB_READ_URL}): lists, search, exports and
 * analytics. Everything else reads and writes the primary through {@link Jdbc} and JPA.
 *
 * <ul>
 *   <li>A replica is offered only while the last look at it (every {@code poll-millis}) found it
 *       up, in recovery and at most {@code max-lag-seconds} behind; one that fails a read is
 *       dropped at once and the read goes on elsewhere. Without a replica to offer, the primary
 *       serves: no request fails because a replica did.
 *   <li>A client reads its own writes: each user's last write position on the primary is kept in
 *       the cluster's {@code write-positions} cache ({@link #wrote}), and that user's reads go to a
 *       replica only once it has replayed past it ({@link Freshness#CALLER}). {@link
 *       Freshness#LATEST} asks for everything committed before the read began, for answers that are
 *       cached for everyone.
 * </ul>
 */
@ApplicationScoped
public class ReadReplicas {

  /** How recent a replica's data must be for a read. */
  public enum Freshness {
    /** At least the caller's own last write. */
    CALLER,
    /** Everything the primary had committed when the read began. */
    LATEST
  }

  private static final Logger LOG = Logger.getLogger(ReadReplicas.class.getName());

  @Inject Jdbc jdbc;
  @Inject ActorSource actors;
  @Inject Caches caches;
  @Inject Clocks clocks;
  @Inject MetricRegistry registry;
  @Resource ManagedScheduledExecutorService scheduler;

  @Inject
  @ConfigProperty(name = "db.read-url")
  Optional<String> readUrl;

  @Inject
  @ConfigProperty(name = "db.user")
  String user;

  @Inject
  @ConfigProperty(name = "db.password")
  Optional<String> password;

  @Inject
  @ConfigProperty(name = "treenetra.db.read.max-lag-seconds")
  double maxLagSeconds;

  @Inject
  @ConfigProperty(name = "treenetra.db.read.pool-size")
  int poolSize;

  @Inject
  @ConfigProperty(name = "treenetra.db.read.poll-millis")
  long pollMillis;

  private final List<Replica> replicas = new ArrayList<>();
  private final Positions primary = new Positions(Duration.ofMinutes(15));
  private final AtomicInteger next = new AtomicInteger();
  private final LongAdder primaryReads = new LongAdder();
  private ScheduledFuture<?> monitor;

  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
    gauge(
        "db.primary.reads.total",
        "Reads that a replica could serve but the primary did (no replica configured, up, close"
            + " enough, or past the caller's last write)",
        primaryReads::sum);
    readUrl.filter(url -> !url.isBlank()).ifPresent(this::open);
  }

  private void open(String url) {
    PGSimpleDataSource all = source(url);
    String[] hosts = all.getServerNames();
    int[] ports = all.getPortNumbers();
    for (int i = 0; i < hosts.length; i++) {
      int port = ports == null || ports.length <= i || ports[i] == 0 ? 5432 : ports[i];
      PGSimpleDataSource one = source(url);
      one.setServerNames(new String[] {hosts[i]});
      one.setPortNumbers(new int[] {port});
      Replica replica = new Replica(hosts[i] + ':' + port, one, poolSize);
      replicas.add(replica);
      Tag tag = new Tag("replica", replica.name());
      gauge(
          "db.replica.lag.seconds",
          "How long ago the primary wrote the first change this replica has not replayed (+Inf"
              + " while it does not answer)",
          () -> replica.state().lagSeconds(),
          tag);
      gauge(
          "db.replica.up",
          "1 while the replica answers and replays, else 0",
          () -> replica.state().up() && replica.state().inRecovery() ? 1 : 0,
          tag);
      gauge("db.replica.reads.total", "Reads this replica served", replica.reads::sum, tag);
    }
    LOG.info(() -> "Read replicas: " + replicas.stream().map(Replica::name).toList());
    monitor =
        scheduler.scheduleWithFixedDelay(
            this::look, 0, Math.max(100, pollMillis), TimeUnit.MILLISECONDS);
  }

  private <T extends Number> void gauge(
      String name, String description, Supplier<T> value, Tag... tags) {
    registry.gauge(
        Metadata.builder().withName(name).withDescription(description).build(), value, tags);
  }

  private PGSimpleDataSource source(String url) {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setUrl(url);
    source.setUser(user);
    password.ifPresent(source::setPassword);
    source.setConnectTimeout(2);
    source.setSocketTimeout(90);
    source.setTcpKeepAlive(true);
    source.setApplicationName("treenetra-read");
    return source;
  }

  @PreDestroy
  void stop() {
    if (monitor != null) {
      monitor.cancel(false);
    }
    replicas.forEach(Replica::close);
  }

  /** Whether any replica is configured (reads may leave the primary). */
  public boolean enabled() {
    return !replicas.isEmpty();
  }

  /** Records the primary's write position as the current user's latest, after a write. */
  public void wrote() {
    if (replicas.isEmpty()) {
      return;
    }
    actors.current().map(Actor::id).ifPresent(this::wrote);
  }

  /** Records the primary's write position as {@code user}'s latest (a job done for them). */
  public void wrote(UUID user) {
    if (replicas.isEmpty() || user == null) {
      return;
    }
    try {
      long position = primaryPosition();
      Cache<String, String> positions = caches.get(CacheCluster.WRITE_POSITIONS);
      positions.merge(
          user.toString(),
          Lsn.format(position),
          (old, now) -> Lsn.parse(old) >= Lsn.parse(now) ? old : now);
    } catch (SQLException | RuntimeException e) {
      // The write is committed; without its position this user's reads may see a replica that has
      // not replayed it yet, for at most max-lag-seconds.
      LOG.log(Level.WARNING, "Could not record a write position: {0}", String.valueOf(e));
    }
  }

  /**
   * Runs a read on a replica that is fresh enough, else on the primary. The work sees a read-only
   * transaction; it must not write.
   */
  public <T, E extends Exception> T query(Freshness freshness, Jdbc.Work<T, E> work)
      throws SQLException, E {
    if (replicas.isEmpty()) {
      return jdbc.transaction(work);
    }
    long required = freshness == Freshness.LATEST ? primaryPosition() : callerPosition();
    int start = Math.floorMod(next.getAndIncrement(), replicas.size());
    for (int i = 0; i < replicas.size(); i++) {
      Replica replica = replicas.get((start + i) % replicas.size());
      Replica.State state = replica.state();
      if (!state.up() || !state.inRecovery() || state.lagSeconds() > maxLagSeconds) {
        continue;
      }
      Served<T> served = tryOn(replica, state, required, work);
      if (served != null) {
        replica.reads.increment();
        return served.value();
      }
    }
    primaryReads.increment();
    return jdbc.transaction(work);
  }

  /** The read on this replica, or null when it is not fresh enough or failed before answering. */
  private <T, E extends Exception> Served<T> tryOn(
      Replica replica, Replica.State state, long required, Jdbc.Work<T, E> work)
      throws SQLException, E {
    try (Connection connection = replica.connection()) {
      try {
        if (required > state.replayed() && Replica.replayed(connection) < required) {
          return null;
        }
        return new Served<>(work.run(connection));
      } finally {
        connection.rollback();
      }
    } catch (SQLException e) {
      if (!replicaFailed(e)) {
        throw e;
      }
      LOG.log(
          Level.WARNING,
          "Read replica {0} failed a read, the primary serves it: {1}",
          new Object[] {replica.name(), String.valueOf(e)});
      if (!"40001".equals(e.getSQLState())) {
        replica.down();
      }
      return null;
    }
  }

  /**
   * {@link #query} for work that throws only SQL's exceptions; a failure is unchecked, its cause
   * the SQLException (which the exception mappers read).
   */
  public <T> T read(Freshness freshness, Jdbc.Work<T, RuntimeException> work) {
    try {
      return query(freshness, work);
    } catch (SQLException e) {
      throw new ReadFailedException(e);
    }
  }

  /** A read that failed on every server that could serve it. */
  public static final class ReadFailedException extends RuntimeException {
    ReadFailedException(SQLException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** A replica's answer (which may itself be null). */
  private record Served<T>(T value) {}

  /**
   * A failure of the replica, not of the read: the connection, the server going away, or a query
   * cancelled by a conflict with recovery (40001), which the primary does not have.
   */
  static boolean replicaFailed(SQLException e) {
    String state = e.getSQLState();
    return e instanceof SQLTransientConnectionException
        || e instanceof SQLNonTransientConnectionException
        || state == null
        || state.startsWith("08")
        || state.startsWith("57P")
        || state.equals("40001");
  }

  private long callerPosition() {
    Optional<UUID> user = actors.current().map(Actor::id);
    if (user.isEmpty()) {
      return -1;
    }
    Cache<String, String> positions = caches.get(CacheCluster.WRITE_POSITIONS);
    String position = positions.get(user.get().toString());
    return position == null ? -1 : Lsn.parse(position);
  }

  private long primaryPosition() throws SQLException {
    return jdbc.transaction(
        connection -> {
          try (PreparedStatement statement =
                  connection.prepareStatement("SELECT pg_current_wal_insert_lsn()::text");
              ResultSet row = statement.executeQuery()) {
            row.next();
            return Lsn.parse(row.getString(1));
          }
        });
  }

  /** Every poll: the primary's position first, then how far each replica has replayed. */
  private void look() {
    try {
      primary.saw(primaryPosition(), clocks.now());
    } catch (SQLException | RuntimeException e) {
      // The primary is away: the replicas' lag grows by the clock alone.
      primary.saw(primary.latest(), clocks.now());
    }
    for (Replica replica : replicas) {
      Replica.State before = replica.state();
      Replica.State now = replica.look(primary);
      if (before.up() != now.up()) {
        LOG.info(() -> "Read replica " + replica.name() + (now.up() ? " answers" : " is down"));
      }
    }
  }
}
