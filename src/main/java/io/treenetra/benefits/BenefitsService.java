package io.treenetra.benefits;

import io.treenetra.itree.BenefitTotals;
import io.treenetra.itree.Benefits;
import io.treenetra.itree.CodesJson;
import io.treenetra.itree.Regions;
import io.treenetra.itree.TreeBenefits;
import io.treenetra.platform.persistence.Sql;
import io.treenetra.platform.replica.ReadReplicas;
import io.treenetra.platform.replica.ReadReplicas.Freshness;
import io.treenetra.platform.web.ApiException;
import io.treenetra.tree.TreeFilter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Benefits read from the database as it is now: a tree's from its species, DBH and location; a
 * selection's from its trees counted by status, region, code and DBH segment (the whole inventory
 * from the counts the V14 triggers keep), summed exactly by {@link Benefits}. Nothing is stored but
 * the counts, so the figures follow every change of a tree at once.
 */
@ApplicationScoped
public class BenefitsService {

  private static final CodesJson CODES = new CodesJson();

  /** The groups of a selection; {@code %s} is the trees (or counts) with their columns. */
  private static final String GROUPS =
      """
      SELECT g.status = 'alive', g.species_id IS NOT NULL, coalesce(g.itree_region, ?::text),
             s.itree_codes ->> coalesce(g.itree_region, ?::text), g.dbh_segment,
             sum(g.trees), sum(g.dbh_sum)
        FROM %s g LEFT JOIN species s ON s.id = g.species_id
       GROUP BY 1, 2, 3, 4, 5 HAVING sum(g.trees) <> 0""";

  private static final String COUNTS =
      "(SELECT species_id, status, itree_region, dbh_segment, trees, dbh_sum FROM tree_benefit_count"
          + " UNION ALL SELECT species_id, status, itree_region, dbh_segment, trees, dbh_sum"
          + " FROM tree_benefit_count_delta)";

  @Inject Benefits benefits;
  @Inject ReadReplicas replicas;

  /** One live tree's benefits; 404 for none. */
  public TreeBenefits tree(UUID id) {
    return replicas.read(
        Freshness.CALLER,
        connection -> {
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT t.status, t.dbh_cm, t.lat, t.lng, t.species_id, s.itree_codes"
                      + " FROM tree t LEFT JOIN species s ON s.id = t.species_id"
                      + " WHERE t.id = ? AND t.deleted_at IS NULL")) {
            statement.setObject(1, id);
            try (ResultSet row = statement.executeQuery()) {
              if (!row.next()) {
                throw ApiException.notFound("No tree " + id);
              }
              double dbh = row.getDouble(2);
              Double dbhCm = row.wasNull() ? null : dbh;
              Map<String, String> codes = null;
              if (row.getObject(5) != null) {
                codes = CODES.convertToEntityAttribute(row.getString(6));
                codes = codes == null ? Map.of() : codes;
              }
              String located = Regions.standard().at(row.getDouble(3), row.getDouble(4));
              return benefits.tree(id, "alive".equals(row.getString(1)), codes, located, dbhCm);
            }
          }
        });
  }

  /** The totals of the trees the filter selects. */
  public BenefitTotals totals(TreeFilter filter, boolean extrapolate) {
    return replicas.read(
        Freshness.LATEST,
        connection -> {
          List<Object> params = new ArrayList<>();
          params.add(benefits.defaultRegion());
          params.add(benefits.defaultRegion());
          String source;
          if (filter.isEmpty()) {
            source = COUNTS;
          } else {
            StringBuilder trees =
                new StringBuilder(
                    "(SELECT t.species_id, t.status, t.itree_region,"
                        + " itree_dbh_segment(t.dbh_cm) AS dbh_segment, 1 AS trees,"
                        + " coalesce(t.dbh_cm::numeric, 0) AS dbh_sum FROM tree t WHERE ");
            filter.appendWhere(trees, params);
            source = trees.append(')').toString();
          }
          List<Benefits.Group> groups = new ArrayList<>();
          try (PreparedStatement statement =
                  Sql.prepare(connection, GROUPS.formatted(source), params);
              ResultSet row = statement.executeQuery()) {
            while (row.next()) {
              Object segment = row.getObject(5);
              groups.add(
                  new Benefits.Group(
                      row.getBoolean(1),
                      row.getBoolean(2),
                      row.getString(3),
                      row.getString(4),
                      segment == null ? null : ((Number) segment).intValue(),
                      row.getLong(6),
                      row.getBigDecimal(7) == null ? BigDecimal.ZERO : row.getBigDecimal(7)));
            }
          }
          return benefits.totals(groups, extrapolate);
        });
  }
}
