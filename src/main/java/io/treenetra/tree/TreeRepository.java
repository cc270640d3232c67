package io.treenetra.tree;

import io.treenetra.platform.cache.Lookups;
import io.treenetra.platform.persistence.Sql;
import io.treenetra.platform.persistence.TextSearch;
import io.treenetra.platform.replica.ReadReplicas;
import io.treenetra.platform.replica.ReadReplicas.Freshness;
import io.treenetra.platform.web.Cursor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.CacheRetrieveMode;
import jakarta.persistence.CacheStoreMode;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class TreeRepository {

  @PersistenceContext EntityManager em;

  @Inject Lookups lookups;
  @Inject ReadReplicas replicas;

  /** A tree that is not deleted. */
  public Optional<Tree> find(UUID id) {
    return Optional.ofNullable(em.find(Tree.class, id)).filter(tree -> !tree.deleted());
  }

  /**
   * A tree that is not deleted, its row locked until the transaction ends, then read from the
   * database past the second-level cache (whose copy may be older than the lock) and not put into
   * it. Locking first matters: with its species joined, Hibernate would load the tree and lock it
   * in a second statement with a version check, which fails whenever another writer commits in
   * between.
   */
  public Optional<Tree> lockedLive(UUID id) {
    boolean live =
        !em.createNativeQuery("SELECT id FROM tree WHERE id = ?1 AND deleted_at IS NULL FOR UPDATE")
            .setParameter(1, id)
            .getResultList()
            .isEmpty();
    if (!live) {
      return Optional.empty();
    }
    return Optional.of(
        em.find(
            Tree.class,
            id,
            Map.of(
                "jakarta.persistence.cache.retrieveMode",
                CacheRetrieveMode.BYPASS,
                "jakarta.persistence.cache.storeMode",
                CacheStoreMode.BYPASS)));
  }

  public Optional<Tree> findByExternalId(String externalId) {
    return lookups.find(
        "tree.externalId",
        externalId,
        id -> em.find(Tree.class, id),
        tree -> !tree.deleted() && externalId.equals(tree.externalId()),
        () -> queryByExternalId(externalId),
        Tree::id);
  }

  private Optional<Tree> queryByExternalId(String externalId) {
    return em.createQuery(
            "SELECT t FROM Tree t WHERE t.externalId = :externalId AND t.deletedAt IS NULL",
            Tree.class)
        .setParameter("externalId", externalId)
        .getResultStream()
        .findFirst();
  }

  public void add(Tree tree) {
    em.persist(tree);
  }

  /** A tree found by a search, with its sort value (what a cursor after it holds) and distance. */
  public record Found(Tree tree, String sortValue, Double distanceM) {}

  private record Row(UUID id, String sortValue, Double distanceM) {}

  /**
   * One keyset page: up to {@code limit} trees after {@code after}, in the query's order. SQL picks
   * the ids (the filters and the keyset are SQL's strength); the entities load in one more query,
   * through the second-level cache.
   */
  public List<Found> search(TreeFilter filter, TreeQuery.SortOrder order, Cursor after, int limit) {
    List<Row> rows =
        switch (order.key()) {
          case DISTANCE -> nearest(filter, after, limit);
          case RELEVANCE -> relevant(filter, after, limit);
          default -> ordered(filter, order, after, limit);
        };
    return load(rows);
  }

  /**
   * A tier's matches are counted up to this many, unordered, before deciding how to page it: all of
   * them sorted here when there are no more, else a walk of the primary key that the density of
   * matches keeps short.
   */
  static final int PROBE = 2000;

  /** How many trees, in id order, a query of several words first looks through for its page. */
  static final int STRIDE = 4000;

  /** PostgreSQL's order of uuids: their bytes, unsigned. */
  static final Comparator<UUID> UUID_ORDER =
      Comparator.comparing(UUID::getMostSignificantBits, Long::compareUnsigned)
          .thenComparing(UUID::getLeastSignificantBits, Long::compareUnsigned);

  /** How a tier's matches are read. */
  enum Read {
    /** Any order, through the text indexes: at most the limit. */
    PROBE,
    /** In id order, along the primary key, as far as it takes. */
    WALK,
    /** In id order, among the next {@link #STRIDE} trees along the primary key only. */
    STRIDE
  }

  /**
   * The best matches of the text query first: tier by tier ({@link TreeFilter#TIERS}), by id within
   * a tier. No single plan is fast for both a word that 100,000 trees match and one that 50 do: a
   * walk of the primary key in id order finds a page of a common word at once and crosses the whole
   * table for a rare one, and a sort of every match is the reverse. So each tier is first probed
   * without an order (the text indexes, stopping at {@link #PROBE} + 1 matches): a tier with no
   * more matches than that is sorted here; a larger one is dense enough (at least one tree in 500
   * of a million) that the walk meets a page of it within a few thousand rows, and the walk is then
   * forced by making its text condition one that no index serves.
   *
   * <p>A query of several words is probed last: the text index answers an AND of prefixes by
   * reading every word's whole list of trees (about 60 ms per 100,000 trees here), however few
   * trees match them all. Such a query first looks through the next {@link #STRIDE} trees in id
   * order, which costs a few milliseconds and finds the page when its words are common together;
   * only when that stride holds too few matches does the probe decide, as for one word.
   */
  private List<Row> relevant(TreeFilter filter, Cursor after, int limit) {
    int firstTier = after == null ? 1 : Integer.parseInt(after.value());
    boolean severalWords = TextSearch.severalWords(filter.text());
    List<Row> rows = new ArrayList<>();
    for (int tier = firstTier; tier <= TreeFilter.TIERS && rows.size() < limit; tier++) {
      UUID afterId = after != null && tier == firstTier ? UUID.fromString(after.id()) : null;
      int wanted = limit - rows.size();
      if (severalWords) {
        List<Row> stride = tier(filter, tier, afterId, wanted, Read.STRIDE);
        if (stride.size() == wanted) {
          rows.addAll(stride);
          continue;
        }
      }
      List<Row> probe = tier(filter, tier, afterId, PROBE + 1, Read.PROBE);
      if (probe.size() <= PROBE) {
        probe.sort(Comparator.comparing(Row::id, UUID_ORDER));
        rows.addAll(probe.subList(0, Math.min(wanted, probe.size())));
      } else {
        rows.addAll(tier(filter, tier, afterId, wanted, Read.WALK));
      }
    }
    return rows;
  }

  /**
   * The matches of one tier after {@code afterId}, at most {@code limit}, read as {@code read}
   * says.
   */
  private List<Row> tier(TreeFilter filter, int tier, UUID afterId, int limit, Read read) {
    List<Object> params = new ArrayList<>();
    StringBuilder sql =
        new StringBuilder("SELECT t.id, ")
            .append(
                filter.near() == null ? "NULL::float8" : TreeFilter.distance(filter.near(), params))
            .append(" FROM ");
    // The trees that pass the other filters; a tier's vector holds part of the whole text, so a
    // match
    // of it is a match of the text query.
    StringBuilder candidates = new StringBuilder("tree t WHERE ");
    filter.withoutText().appendWhere(candidates, params);
    if (afterId != null) {
      candidates.append(" AND t.id > ?");
      params.add(afterId);
    }
    if (read == Read.STRIDE) {
      // Only the next of them in id order; the text is matched on those.
      sql.append("(SELECT t.* FROM ")
          .append(candidates)
          .append(" ORDER BY t.id LIMIT ")
          .append(STRIDE)
          .append(") t WHERE true");
    } else {
      sql.append(candidates);
    }
    String match = TreeFilter.tierColumn(tier) + " @@ to_tsquery('treenetra', ?)";
    sql.append(" AND ").append(read == Read.WALK ? "coalesce(" + match + ", false)" : match);
    params.add(filter.text());
    if (tier > 1) {
      sql.append(" AND NOT ")
          .append(TreeFilter.tierColumn(tier - 1))
          .append(" @@ to_tsquery('treenetra', ?)");
      params.add(filter.text());
    }
    sql.append(read == Read.PROBE ? "" : " ORDER BY t.id").append(" LIMIT ?");
    params.add(limit);
    String value = Integer.toString(tier);
    return replicas.read(
        Freshness.CALLER,
        connection -> {
          try (PreparedStatement statement = Sql.prepare(connection, sql.toString(), params);
              ResultSet results = statement.executeQuery()) {
            List<Row> found = new ArrayList<>();
            while (results.next()) {
              found.add(
                  new Row(
                      results.getObject(1, UUID.class), value, results.getObject(2, Double.class)));
            }
            return found;
          }
        });
  }

  /** Sorted by a column; each with its distance when near is given. */
  private List<Row> ordered(TreeFilter filter, TreeQuery.SortOrder order, Cursor after, int limit) {
    List<Object> params = new ArrayList<>();
    StringBuilder sql =
        new StringBuilder("SELECT m.id, m.v, m.d FROM (SELECT t.id, ")
            .append("t.")
            .append(order.key().column)
            .append(" AS v, ")
            .append(
                filter.near() == null ? "NULL::float8" : TreeFilter.distance(filter.near(), params))
            .append(" AS d FROM tree t WHERE ");
    filter.appendWhere(sql, params);
    sql.append(") m WHERE true");
    String direction = order.descending() ? " DESC" : " ASC";
    appendKeyset(sql, params, order, after);
    sql.append(" ORDER BY m.v").append(direction);
    if (order.key().nullable) {
      sql.append(" NULLS LAST");
    }
    sql.append(", m.id").append(direction).append(" LIMIT ?");
    params.add(limit);
    return replicas.read(
        Freshness.CALLER,
        connection -> {
          try (PreparedStatement statement = Sql.prepare(connection, sql.toString(), params);
              ResultSet results = statement.executeQuery()) {
            List<Row> rows = new ArrayList<>();
            while (results.next()) {
              String value =
                  switch (order.key()) {
                    case CREATED_AT, UPDATED_AT ->
                        results.getObject(2, OffsetDateTime.class).toInstant().toString();
                    default ->
                        results.getObject(2) == null ? null : Double.toString(results.getDouble(2));
                  };
              rows.add(
                  new Row(
                      results.getObject(1, UUID.class), value, results.getObject(3, Double.class)));
            }
            return rows;
          }
        });
  }

  /**
   * The nearest trees after the cursor, nearest first, exactly on the sphere, in two indexed steps.
   * First the GiST index's nearest-neighbour order (planar, in degrees) finds {@code limit}
   * candidates; the farthest of them, by true distance, bounds the answer: the true nearest {@code
   * limit} trees all lie within it. Then the trees within that bound (a box, through the same
   * index) are sorted by true distance.
   */
  private List<Row> nearest(TreeFilter filter, Cursor after, int limit) {
    Geo.Near near = filter.near();
    List<Object> params = new ArrayList<>();
    StringBuilder candidates =
        new StringBuilder("SELECT ")
            .append(TreeFilter.distance(near, params))
            .append(" FROM tree t WHERE ");
    filter.appendWhere(candidates, params);
    appendDistanceKeyset(candidates, params, near, after);
    candidates.append(" ORDER BY ").append(TreeFilter.POINT).append(" <-> point(?, ?) LIMIT ?");
    params.add(near.lng());
    params.add(near.lat());
    params.add(limit);
    double bound =
        replicas.read(
            Freshness.CALLER,
            connection -> {
              try (PreparedStatement statement =
                      Sql.prepare(connection, candidates.toString(), params);
                  ResultSet results = statement.executeQuery()) {
                double farthest = -1;
                while (results.next()) {
                  farthest = Math.max(farthest, results.getDouble(1));
                }
                return farthest;
              }
            });
    if (bound < 0) {
      return List.of();
    }
    List<Object> exactParams = new ArrayList<>();
    StringBuilder exact =
        new StringBuilder("SELECT m.id, m.v FROM (SELECT t.id, ")
            .append(TreeFilter.distance(near, exactParams))
            .append(" AS v FROM tree t WHERE ");
    filter.appendWhere(exact, exactParams);
    TreeFilter.appendInBoxes(exact, exactParams, Geo.around(near.lat(), near.lng(), bound));
    exact.append(") m WHERE m.v <= ?");
    exactParams.add(bound);
    if (after != null) {
      exact.append(" AND (m.v > ? OR (m.v = ? AND m.id > ?))");
      exactParams.add(Double.valueOf(after.value()));
      exactParams.add(Double.valueOf(after.value()));
      exactParams.add(UUID.fromString(after.id()));
    }
    exact.append(" ORDER BY m.v, m.id LIMIT ?");
    exactParams.add(limit);
    return replicas.read(
        Freshness.CALLER,
        connection -> {
          try (PreparedStatement statement =
                  Sql.prepare(connection, exact.toString(), exactParams);
              ResultSet results = statement.executeQuery()) {
            List<Row> rows = new ArrayList<>();
            while (results.next()) {
              double distance = results.getDouble(2);
              rows.add(
                  new Row(results.getObject(1, UUID.class), Double.toString(distance), distance));
            }
            return rows;
          }
        });
  }

  /** Trees strictly after the cursor in distance order (the id breaks ties). */
  private static void appendDistanceKeyset(
      StringBuilder sql, List<Object> params, Geo.Near near, Cursor after) {
    if (after == null) {
      return;
    }
    Double value = Double.valueOf(after.value());
    sql.append(" AND (").append(TreeFilter.distance(near, params)).append(" > ?");
    params.add(value);
    sql.append(" OR (").append(TreeFilter.distance(near, params)).append(" = ?");
    params.add(value);
    sql.append(" AND t.id > ?))");
    params.add(UUID.fromString(after.id()));
  }

  public long count(TreeFilter filter) {
    StringBuilder sql = new StringBuilder("SELECT count(*) FROM tree t WHERE ");
    List<Object> params = new ArrayList<>();
    filter.appendWhere(sql, params);
    return replicas.read(
        Freshness.CALLER,
        connection -> {
          try (PreparedStatement statement = Sql.prepare(connection, sql.toString(), params);
              ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
          }
        });
  }

  /** Counts of live trees by status, for the metrics. */
  public Map<TreeStatus, Long> countByStatus() {
    Map<TreeStatus, Long> counts = new HashMap<>();
    for (TreeStatus status : TreeStatus.values()) {
      counts.put(status, 0L);
    }
    em.createQuery(
            "SELECT t.status, count(t) FROM Tree t WHERE t.deletedAt IS NULL GROUP BY t.status",
            Object[].class)
        .getResultList()
        .forEach(row -> counts.put((TreeStatus) row[0], (Long) row[1]));
    return counts;
  }

  private List<Found> load(List<Row> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    List<UUID> ids = rows.stream().map(Row::id).toList();
    Map<UUID, Tree> trees = new HashMap<>();
    em.createQuery("SELECT t FROM Tree t LEFT JOIN FETCH t.species WHERE t.id IN :ids", Tree.class)
        .setParameter("ids", ids)
        .getResultList()
        .forEach(tree -> trees.put(tree.id(), tree));
    List<Found> found = new ArrayList<>(rows.size());
    for (Row row : rows) {
      Tree tree = trees.get(row.id());
      if (tree != null) {
        found.add(new Found(tree, row.sortValue(), row.distanceM()));
      }
    }
    return found;
  }

  /** Rows strictly after the cursor in the sort order; NULLs (only dbhCm has them) come last. */
  private static void appendKeyset(
      StringBuilder sql, List<Object> params, TreeQuery.SortOrder order, Cursor after) {
    if (after == null) {
      return;
    }
    String column = "m.v";
    String comparison = order.descending() ? "<" : ">";
    UUID afterId = UUID.fromString(after.id());
    if (after.value() == null) {
      sql.append(" AND ")
          .append(column)
          .append(" IS NULL AND m.id ")
          .append(comparison)
          .append(" ?");
      params.add(afterId);
      return;
    }
    sql.append(" AND ((").append(column).append(", m.id) ").append(comparison).append(" (?, ?)");
    if (order.key().nullable) {
      sql.append(" OR ").append(column).append(" IS NULL");
    }
    sql.append(')');
    params.add(
        order.key().nullable
            ? (Object) Double.valueOf(after.value())
            : OffsetDateTime.ofInstant(Instant.parse(after.value()), ZoneOffset.UTC));
    params.add(afterId);
  }
}
