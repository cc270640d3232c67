package io.treenetra.tree;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The WHERE clause of a tree listing: live trees matching every filter given. */
public record TreeFilter(
    List<TreeStatus> statuses,
    List<HealthStatus> healthStatuses,
    UUID speciesId,
    String tag,
    Double dbhMin,
    Double dbhMax,
    LocalDate plantedFrom,
    LocalDate plantedTo) {

  /** True when it selects every live tree. */
  public boolean isEmpty() {
    return statuses.isEmpty() && healthStatuses.isEmpty() && speciesId == null && tag == null && dbhMin == null
        && dbhMax == null && plantedFrom == null && plantedTo == null;
  }

  /** Appends the conditions on {@code tree t}, live trees only, and their parameters. */
  public void appendWhere(StringBuilder sql, List<Object> params) {
    sql.append("t.deleted_at IS NULL");
    if (!statuses.isEmpty()) {
      sql.append(" AND t.status = ANY (?)");
      params.add(statuses.stream().map(TreeStatus::json).toArray(String[]::new));
    }
    if (!healthStatuses.isEmpty()) {
      sql.append(" AND t.health_status = ANY (?)");
      params.add(healthStatuses.stream().map(HealthStatus::json).toArray(String[]::new));
    }
    if (speciesId != null) {
      sql.append(" AND t.species_id = ?");
      params.add(speciesId);
    }
    if (tag != null) {
      sql.append(" AND t.tags @> ?");
      params.add(new String[] {tag});
    }
    if (dbhMin != null) {
      sql.append(" AND t.dbh_cm >= ?");
      params.add(dbhMin);
    }
    if (dbhMax != null) {
      sql.append(" AND t.dbh_cm <= ?");
      params.add(dbhMax);
    }
    if (plantedFrom != null) {
      sql.append(" AND t.planted_date >= ?");
      params.add(plantedFrom);
    }
    if (plantedTo != null) {
      sql.append(" AND t.planted_date <= ?");
      params.add(plantedTo);
    }
  }
}
