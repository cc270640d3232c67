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
    LocalDate plantedTo,
    List<Geo.Box> bbox,
    Geo.Near near,
    String text,
    List<String> riskRatings) {

  /** The location as the GiST index on {@code tree} knows it. */
  static final String POINT = "point(t.lng, t.lat)";

  /** The same filters but the text query. */
  TreeFilter withoutText() {
    return new TreeFilter(
        statuses,
        healthStatuses,
        speciesId,
        tag,
        dbhMin,
        dbhMax,
        plantedFrom,
        plantedTo,
        bbox,
        near,
        null,
        riskRatings);
  }

  /** True when it selects every live tree. */
  public boolean isEmpty() {
    return statuses.isEmpty()
        && healthStatuses.isEmpty()
        && speciesId == null
        && tag == null
        && dbhMin == null
        && dbhMax == null
        && plantedFrom == null
        && plantedTo == null
        && bbox.isEmpty()
        && (near == null || near.radiusM() == null)
        && text == null
        && riskRatings.isEmpty();
  }

  /** The distance in metres from {@code near} to the tree, as SQL, with its parameters. */
  static String distance(Geo.Near near, List<Object> params) {
    params.add(near.lat());
    params.add(near.lng());
    return "sphere_distance_m(?, ?, t.lat, t.lng)";
  }

  /** The tree's location in one of the boxes, through the GiST index. */
  public static void appendInBoxes(StringBuilder sql, List<Object> params, List<Geo.Box> boxes) {
    sql.append(" AND (");
    for (int i = 0; i < boxes.size(); i++) {
      Geo.Box box = boxes.get(i);
      sql.append(i == 0 ? "" : " OR ").append(POINT).append(" <@ box(point(?, ?), point(?, ?))");
      params.add(box.minLng());
      params.add(box.minLat());
      params.add(box.maxLng());
      params.add(box.maxLat());
    }
    sql.append(')');
  }

  /**
   * The tree's searchable text (species names, tags, address, notes; V4 migration) matching the
   * query.
   */
  static String textMatch(String text, List<Object> params) {
    params.add(text);
    return "t.search @@ to_tsquery('treenetra', ?)";
  }

  /**
   * The relevance tiers of a text query: 1 when every word is in the species' names or the tags, 2
   * when every word is there or in the address, 3 when the words are anywhere, the notes included.
   * Each tier has its own vector (V6), so PostgreSQL can stop at the first page of a tier: a common
   * word matches a hundred thousand trees, and a rank computed from every match cannot stop early.
   */
  static final int TIERS = 3;

  /**
   * The vector of a tier's text: tier 1 species names and tags, 2 also the address, 3 everything.
   */
  static String tierColumn(int tier) {
    return switch (tier) {
      case 1 -> "t.search_a";
      case 2 -> "t.search_ab";
      default -> "t.search";
    };
  }

  /** The tier of each tree, as SQL, for an export in relevance order. */
  static String relevance(String text, List<Object> params) {
    params.add(text);
    params.add(text);
    return "CASE WHEN t.search_a @@ to_tsquery('treenetra', ?) THEN 1 WHEN t.search_ab @@ to_tsquery('treenetra', ?) THEN 2"
        + " ELSE 3 END";
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
    if (!bbox.isEmpty()) {
      appendInBoxes(sql, params, bbox);
    }
    if (near != null && near.radiusM() != null) {
      appendInBoxes(sql, params, Geo.around(near.lat(), near.lng(), near.radiusM()));
      sql.append(" AND ").append(distance(near, params)).append(" <= ?");
      params.add(near.radiusM());
    }
    if (text != null) {
      sql.append(" AND ").append(textMatch(text, params));
    }
    if (!riskRatings.isEmpty()) {
      sql.append(" AND t.risk_rating = ANY (?)");
      params.add(riskRatings.toArray(String[]::new));
    }
  }
}
