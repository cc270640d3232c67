package io.treenetra.analytics;

import io.treenetra.platform.persistence.Sql;
import io.treenetra.platform.replica.ReadReplicas;
import io.treenetra.platform.replica.ReadReplicas.Freshness;
import io.treenetra.tree.HealthStatus;
import io.treenetra.tree.TreeFilter;
import io.treenetra.tree.TreeQuery;
import io.treenetra.tree.TreeStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Statistics computed by the database (no tree is loaded into the JVM). The whole inventory comes
 * from the counts kept by triggers (V5 migration); a filtered set in two queries, every count in
 * one pass over the filtered trees, then the top species.
 */
@ApplicationScoped
public class StatisticsService {

  static final int TOP_SPECIES = 10;

  /** Lower bounds of the DBH classes in cm; each class runs to the next bound. */
  static final double[] DBH_BOUNDS = {0, 15, 30, 60, 90};

  @Inject ReadReplicas replicas;

  public Statistics statistics(TreeFilter filter) {
    if (filter.isEmpty()) {
      return replicas.read(Freshness.LATEST, connection -> wholeInventory(connection, filter));
    }
    return replicas.read(
        Freshness.LATEST,
        connection -> {
          StringBuilder sql = new StringBuilder("SELECT count(*)");
          for (TreeStatus status : TreeStatus.values()) {
            sql.append(", count(*) FILTER (WHERE t.status = '").append(status.json()).append("')");
          }
          for (HealthStatus health : HealthStatus.values()) {
            sql.append(", count(*) FILTER (WHERE t.health_status = '")
                .append(health.json())
                .append("')");
          }
          sql.append(", count(*) FILTER (WHERE t.health_status IS NULL)");
          for (int i = 0; i < DBH_BOUNDS.length; i++) {
            sql.append(", count(*) FILTER (WHERE t.dbh_cm >= ").append(DBH_BOUNDS[i]);
            if (i + 1 < DBH_BOUNDS.length) {
              sql.append(" AND t.dbh_cm < ").append(DBH_BOUNDS[i + 1]);
            }
            sql.append(')');
          }
          sql.append(", count(*) FILTER (WHERE t.dbh_cm IS NULL)");
          sql.append(
              ", count(*) FILTER (WHERE t.last_inspected_at >= now() - interval '12 months')");
          sql.append(" FROM tree t WHERE ");
          List<Object> params = new ArrayList<>();
          filter.appendWhere(sql, params);

          Map<String, Long> byStatus = new LinkedHashMap<>();
          Map<String, Long> byHealth = new LinkedHashMap<>();
          long[] dbh = new long[DBH_BOUNDS.length + 1];
          long total;
          long inspected;
          try (PreparedStatement statement = Sql.prepare(connection, sql.toString(), params);
              ResultSet row = statement.executeQuery()) {
            row.next();
            int column = 1;
            total = row.getLong(column++);
            for (TreeStatus status : TreeStatus.values()) {
              byStatus.put(status.json(), row.getLong(column++));
            }
            for (HealthStatus health : HealthStatus.values()) {
              byHealth.put(health.json(), row.getLong(column++));
            }
            byHealth.put("unknown", row.getLong(column++));
            for (int i = 0; i < dbh.length; i++) {
              dbh[i] = row.getLong(column++);
            }
            inspected = row.getLong(column);
          }
          return new Statistics(
              total,
              byStatus,
              byHealth,
              topSpecies(connection, filter),
              dbhClasses(dbh),
              inspected,
              byRiskRating(connection, filter, total));
        });
  }

  /**
   * The DBH classes of these counts, one per bound and "unknown" last (the counts in that order).
   */
  private static List<Statistics.DbhClass> dbhClasses(long[] counts) {
    List<Statistics.DbhClass> classes = new ArrayList<>();
    for (int i = 0; i < DBH_BOUNDS.length; i++) {
      boolean last = i + 1 == DBH_BOUNDS.length;
      String label = (int) DBH_BOUNDS[i] + (last ? "+" : "-" + (int) DBH_BOUNDS[i + 1]);
      classes.add(
          new Statistics.DbhClass(
              label, DBH_BOUNDS[i], last ? null : DBH_BOUNDS[i + 1], counts[i]));
    }
    classes.add(new Statistics.DbhClass("unknown", null, null, counts[DBH_BOUNDS.length]));
    return classes;
  }

  /**
   * Live trees by species, status, health and DBH class: the folded totals and the deltas since.
   */
  private static final String GROUPS =
      "(SELECT species_id, status, health_status, dbh_class, trees FROM tree_count"
          + " UNION ALL SELECT species_id, status, health_status, dbh_class, trees FROM tree_count_delta)";

  /**
   * The whole inventory from the counts that the V5 triggers keep (a few thousand rows, not a
   * million trees), in one statement, so one snapshot.
   */
  private static Statistics wholeInventory(Connection connection, TreeFilter filter)
      throws SQLException {
    Map<String, Long> byStatus = new LinkedHashMap<>();
    for (TreeStatus status : TreeStatus.values()) {
      byStatus.put(status.json(), 0L);
    }
    Map<String, Long> byHealth = new LinkedHashMap<>();
    for (HealthStatus health : HealthStatus.values()) {
      byHealth.put(health.json(), 0L);
    }
    byHealth.put("unknown", 0L);
    long[] dbh = new long[DBH_BOUNDS.length + 1];
    long total = 0;
    Map<UUID, Long> bySpecies = new HashMap<>();
    String sql =
        "SELECT status, health_status, dbh_class, species_id, sum(trees) FROM "
            + GROUPS
            + " g"
            + " GROUP BY 1, 2, 3, 4 HAVING sum(trees) <> 0";
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        long trees = rows.getLong(5);
        total += trees;
        byStatus.merge(rows.getString(1), trees, Long::sum);
        byHealth.merge(rows.getString(2) == null ? "unknown" : rows.getString(2), trees, Long::sum);
        int dbhClass = rows.getInt(3);
        dbh[rows.wasNull() ? DBH_BOUNDS.length : dbhClass] += trees;
        UUID species = rows.getObject(4, UUID.class);
        if (species != null) {
          bySpecies.merge(species, trees, Long::sum);
        }
      }
    }
    return new Statistics(
        total,
        byStatus,
        byHealth,
        topSpecies(connection, bySpecies),
        dbhClasses(dbh),
        inspectedLastYear(connection),
        byRiskRating(connection, filter, total));
  }

  /**
   * Trees by the risk rating of their latest assessment, and "unassessed": the assessed ones are
   * counted through the partial index that holds only them.
   */
  private static Map<String, Long> byRiskRating(
      Connection connection, TreeFilter filter, long total) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT t.risk_rating, count(*) FROM tree t WHERE ");
    List<Object> params = new ArrayList<>();
    filter.appendWhere(sql, params);
    sql.append(" AND t.risk_rating IS NOT NULL GROUP BY 1");
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String rating : TreeQuery.RISK_RATINGS) {
      counts.put(rating, 0L);
    }
    long assessed = 0;
    try (PreparedStatement statement = Sql.prepare(connection, sql.toString(), params);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        counts.put(rows.getString(1), rows.getLong(2));
        assessed += rows.getLong(2);
      }
    }
    counts.put("unassessed", total - assessed);
    return counts;
  }

  private static List<Statistics.SpeciesCount> topSpecies(
      Connection connection, Map<UUID, Long> bySpecies) throws SQLException {
    if (bySpecies.isEmpty()) {
      return List.of();
    }
    List<Statistics.SpeciesCount> all = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT id, scientific_name, common_name FROM species WHERE id = ANY (?)")) {
      statement.setArray(1, connection.createArrayOf("uuid", bySpecies.keySet().toArray()));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          UUID id = rows.getObject(1, UUID.class);
          all.add(
              new Statistics.SpeciesCount(
                  id, rows.getString(2), rows.getString(3), bySpecies.get(id)));
        }
      }
    }
    all.sort(
        Comparator.comparingLong(Statistics.SpeciesCount::count)
            .reversed()
            .thenComparing(Statistics.SpeciesCount::scientificName));
    return List.copyOf(all.subList(0, Math.min(TOP_SPECIES, all.size())));
  }

  /**
   * Live trees last inspected in the last 12 months: whole days from the daily counts, and the one
   * day that the boundary cuts counted exactly through the index on last_inspected_at.
   */
  private static long inspectedLastYear(Connection connection) throws SQLException {
    String sql =
        "WITH b AS (SELECT now() - interval '12 months' AS since,"
            + " ((now() - interval '12 months') AT TIME ZONE 'UTC')::date AS day)"
            + " SELECT coalesce((SELECT sum(trees) FROM (SELECT day, trees FROM tree_inspected_count"
            + "   UNION ALL SELECT day, trees FROM tree_inspected_count_delta) d, b WHERE d.day > b.day), 0)"
            + " + (SELECT count(*) FROM tree t, b WHERE t.deleted_at IS NULL AND t.last_inspected_at >= b.since"
            + "   AND t.last_inspected_at < (b.day + 1) AT TIME ZONE 'UTC')";
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet row = statement.executeQuery()) {
      row.next();
      return row.getLong(1);
    }
  }

  private static List<Statistics.SpeciesCount> topSpecies(
      java.sql.Connection connection, TreeFilter filter) throws java.sql.SQLException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT s.id, s.scientific_name, s.common_name, count(*) AS trees"
                + " FROM tree t JOIN species s ON s.id = t.species_id WHERE ");
    List<Object> params = new ArrayList<>();
    filter.appendWhere(sql, params);
    sql.append(" GROUP BY s.id ORDER BY trees DESC, s.scientific_name LIMIT ").append(TOP_SPECIES);
    List<Statistics.SpeciesCount> top = new ArrayList<>();
    try (PreparedStatement statement = Sql.prepare(connection, sql.toString(), params);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        top.add(
            new Statistics.SpeciesCount(
                rows.getObject(1, UUID.class),
                rows.getString(2),
                rows.getString(3),
                rows.getLong(4)));
      }
    }
    return top;
  }
}
