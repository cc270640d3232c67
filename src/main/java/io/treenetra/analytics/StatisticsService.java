package io.treenetra.analytics;

import io.treenetra.platform.persistence.Sql;
import io.treenetra.tree.HealthStatus;
import io.treenetra.tree.TreeFilter;
import io.treenetra.tree.TreeStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.Session;

/**
 * Statistics computed by the database in two queries (no tree is loaded into the JVM): every count
 * in one pass over the filtered trees, then the top species.
 */
@ApplicationScoped
public class StatisticsService {

  static final int TOP_SPECIES = 10;
  /** Lower bounds of the DBH classes in cm; each class runs to the next bound. */
  static final double[] DBH_BOUNDS = {0, 15, 30, 60, 90};

  @PersistenceContext EntityManager em;

  public Statistics statistics(TreeFilter filter) {
    return em.unwrap(Session.class).doReturningWork(connection -> {
      StringBuilder sql = new StringBuilder("SELECT count(*)");
      for (TreeStatus status : TreeStatus.values()) {
        sql.append(", count(*) FILTER (WHERE t.status = '").append(status.json()).append("')");
      }
      for (HealthStatus health : HealthStatus.values()) {
        sql.append(", count(*) FILTER (WHERE t.health_status = '").append(health.json()).append("')");
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
      sql.append(", count(*) FILTER (WHERE t.last_inspected_at >= now() - interval '12 months')");
      sql.append(" FROM tree t WHERE ");
      List<Object> params = new ArrayList<>();
      filter.appendWhere(sql, params);

      Map<String, Long> byStatus = new LinkedHashMap<>();
      Map<String, Long> byHealth = new LinkedHashMap<>();
      List<Statistics.DbhClass> dbhClasses = new ArrayList<>();
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
        for (int i = 0; i < DBH_BOUNDS.length; i++) {
          boolean last = i + 1 == DBH_BOUNDS.length;
          String label = (int) DBH_BOUNDS[i] + (last ? "+" : "-" + (int) DBH_BOUNDS[i + 1]);
          dbhClasses.add(new Statistics.DbhClass(label, DBH_BOUNDS[i], last ? null : DBH_BOUNDS[i + 1], row.getLong(column++)));
        }
        dbhClasses.add(new Statistics.DbhClass("unknown", null, null, row.getLong(column++)));
        inspected = row.getLong(column);
      }
      return new Statistics(total, byStatus, byHealth, topSpecies(connection, filter), dbhClasses, inspected);
    });
  }

  private static List<Statistics.SpeciesCount> topSpecies(java.sql.Connection connection, TreeFilter filter)
      throws java.sql.SQLException {
    StringBuilder sql =
        new StringBuilder("SELECT s.id, s.scientific_name, s.common_name, count(*) AS trees"
            + " FROM tree t JOIN species s ON s.id = t.species_id WHERE ");
    List<Object> params = new ArrayList<>();
    filter.appendWhere(sql, params);
    sql.append(" GROUP BY s.id ORDER BY trees DESC, s.scientific_name LIMIT ").append(TOP_SPECIES);
    List<Statistics.SpeciesCount> top = new ArrayList<>();
    try (PreparedStatement statement = Sql.prepare(connection, sql.toString(), params);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        top.add(new Statistics.SpeciesCount(
            rows.getObject(1, UUID.class), rows.getString(2), rows.getString(3), rows.getLong(4)));
      }
    }
    return top;
  }
}
