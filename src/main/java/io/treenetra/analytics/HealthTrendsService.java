package io.treenetra.analytics;

import io.treenetra.platform.persistence.Clocks;
import io.treenetra.platform.persistence.Sql;
import io.treenetra.platform.replica.ReadReplicas;
import io.treenetra.platform.replica.ReadReplicas.Freshness;
import io.treenetra.platform.web.ApiException;
import io.treenetra.platform.web.Cursor;
import io.treenetra.platform.web.Page;
import io.treenetra.tree.HealthStatus;
import io.treenetra.tree.TreeFilter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

@ApplicationScoped
public class HealthTrendsService {

  /** The periods and intervals of API.md. */
  public enum Period {
    D30("30d", 30),
    D90("90d", 90),
    D365("365d", 365);

    final String param;
    final int days;

    Period(String param, int days) {
      this.param = param;
      this.days = days;
    }

    public static Period parse(String value) {
      return Arrays.stream(values())
          .filter(p -> p.param.equals(value))
          .findFirst()
          .orElseThrow(() -> ApiException.invalid("period", "must be one of 30d, 90d, 365d"));
    }
  }

  public enum Interval {
    DAY,
    WEEK,
    MONTH;

    public static Interval parse(String value) {
      return Arrays.stream(values())
          .filter(i -> i.name().toLowerCase().equals(value))
          .findFirst()
          .orElseThrow(() -> ApiException.invalid("interval", "must be one of day, week, month"));
    }

    String sql() {
      return name().toLowerCase();
    }

    ZonedDateTime truncate(ZonedDateTime time) {
      ZonedDateTime day = time.truncatedTo(ChronoUnit.DAYS);
      return switch (this) {
        case DAY -> day;
        case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        case MONTH -> day.withDayOfMonth(1);
      };
    }

    ZonedDateTime next(ZonedDateTime start) {
      return switch (this) {
        case DAY -> start.plusDays(1);
        case WEEK -> start.plusWeeks(1);
        case MONTH -> start.plusMonths(1);
      };
    }
  }

  private static final String DECLINING_SORT = "-inspectedAt";

  /** Severity order of the conditions, for "got worse". */
  private static final String SEVERITY =
      "ARRAY["
          + Arrays.stream(HealthStatus.values())
              .map(h -> "'" + h.json() + "'")
              .collect(Collectors.joining(", "))
          + "]";

  @Inject ReadReplicas replicas;
  @Inject Clocks clocks;

  public HealthTrends trends(
      TreeFilter filter, Period period, Interval interval, String cursor, int limit) {
    Instant to = clocks.now();
    Instant from = to.minus(Duration.ofDays(period.days));
    Cursor after = cursor == null ? null : decode(cursor);
    return replicas.read(
        Freshness.LATEST,
        connection ->
            new HealthTrends(
                period.param,
                interval.sql(),
                from,
                to,
                series(connection, filter, interval, from, to),
                declining(connection, filter, from, after, limit)));
  }

  private static List<HealthTrends.Bucket> series(
      Connection connection, TreeFilter filter, Interval interval, Instant from, Instant to)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT date_trunc('"
                + interval.sql()
                + "', i.inspected_at, 'UTC'), i.health_status, count(*)"
                + " FROM inspection i");
    List<Object> params = new ArrayList<>();
    if (filter.isEmpty()) {
      // The whole inventory: only deleted trees' records to leave out, far fewer than the rest.
      sql.append(" WHERE i.tree_id NOT IN (SELECT id FROM tree WHERE deleted_at IS NOT NULL)");
    } else {
      sql.append(" JOIN tree t ON t.id = i.tree_id WHERE ");
      filter.appendWhere(sql, params);
    }
    sql.append(" AND i.inspected_at >= ? AND i.inspected_at <= ? GROUP BY 1, 2");
    params.add(OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
    params.add(OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
    Map<Instant, Map<String, Long>> counted = new HashMap<>();
    try (PreparedStatement statement = Sql.prepare(connection, sql.toString(), params);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        counted
            .computeIfAbsent(
                rows.getObject(1, OffsetDateTime.class).toInstant(), k -> new HashMap<>())
            .put(rows.getString(2), rows.getLong(3));
      }
    }
    // Every interval of the period, the empty ones too, so charts need no gap filling.
    List<HealthTrends.Bucket> series = new ArrayList<>();
    for (ZonedDateTime start = interval.truncate(from.atZone(ZoneOffset.UTC));
        !start.toInstant().isAfter(to);
        start = interval.next(start)) {
      Map<String, Long> found = counted.getOrDefault(start.toInstant(), Map.of());
      Map<String, Long> counts = new LinkedHashMap<>();
      long total = 0;
      for (HealthStatus health : HealthStatus.values()) {
        long count = found.getOrDefault(health.json(), 0L);
        counts.put(health.json(), count);
        total += count;
      }
      series.add(new HealthTrends.Bucket(start.toInstant(), total, counts));
    }
    return series;
  }

  /** Trees whose latest inspection, within the period, found them worse than the one before it. */
  private static Page<HealthTrends.Declining> declining(
      Connection connection, TreeFilter filter, Instant from, Cursor after, int limit)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT t.id, two.states[2], two.states[1], two.times[2], two.times[1]"
                + " FROM tree t CROSS JOIN LATERAL ("
                + "  SELECT array_agg(health_status ORDER BY inspected_at DESC, id DESC) AS states,"
                + "         array_agg(inspected_at ORDER BY inspected_at DESC, id DESC) AS times"
                + "  FROM (SELECT health_status, inspected_at, id FROM inspection i WHERE i.tree_id = t.id"
                + "        ORDER BY inspected_at DESC, id DESC LIMIT 2) last_two) two WHERE ");
    List<Object> params = new ArrayList<>();
    filter.appendWhere(sql, params);
    sql.append(" AND t.last_inspected_at >= ?");
    params.add(OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
    sql.append(" AND array_position(")
        .append(SEVERITY)
        .append(", two.states[1]) > array_position(")
        .append(SEVERITY)
        .append(", two.states[2])");
    if (after != null) {
      sql.append(" AND (t.last_inspected_at, t.id) < (?, ?)");
      params.add(OffsetDateTime.ofInstant(Instant.parse(after.value()), ZoneOffset.UTC));
      params.add(UUID.fromString(after.id()));
    }
    sql.append(" ORDER BY t.last_inspected_at DESC, t.id DESC LIMIT ?");
    params.add(limit + 1);
    List<HealthTrends.Declining> found = new ArrayList<>();
    try (PreparedStatement statement = Sql.prepare(connection, sql.toString(), params);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        found.add(
            new HealthTrends.Declining(
                rows.getObject(1, UUID.class),
                rows.getString(2),
                rows.getString(3),
                rows.getObject(4, OffsetDateTime.class).toInstant(),
                rows.getObject(5, OffsetDateTime.class).toInstant()));
      }
    }
    return Page.keyset(
        found,
        limit,
        null,
        declining -> declining,
        last ->
            new Cursor(DECLINING_SORT, last.inspectedAt().toString(), last.treeId().toString()));
  }

  private static Cursor decode(String encoded) {
    Cursor cursor = Cursor.decode(encoded, DECLINING_SORT);
    cursor.instant();
    cursor.uuid();
    return cursor;
  }
}
