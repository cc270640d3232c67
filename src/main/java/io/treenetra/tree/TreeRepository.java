package io.treenetra.tree;

import io.treenetra.platform.cache.Lookups;
import io.treenetra.platform.persistence.Sql;
import io.treenetra.platform.web.Cursor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import org.hibernate.Session;

@ApplicationScoped
public class TreeRepository {

  @PersistenceContext EntityManager em;

  @Inject Lookups lookups;

  /** A tree that is not deleted. */
  public Optional<Tree> find(UUID id) {
    return Optional.ofNullable(em.find(Tree.class, id)).filter(tree -> !tree.deleted());
  }

  public Optional<Tree> findByExternalId(String externalId) {
    return lookups.find(
        "tree.externalId", externalId,
        id -> em.find(Tree.class, id),
        tree -> !tree.deleted() && externalId.equals(tree.externalId()),
        () -> queryByExternalId(externalId),
        Tree::id);
  }

  private Optional<Tree> queryByExternalId(String externalId) {
    return em.createQuery("SELECT t FROM Tree t WHERE t.externalId = :externalId AND t.deletedAt IS NULL", Tree.class)
        .setParameter("externalId", externalId)
        .getResultStream()
        .findFirst();
  }

  public void add(Tree tree) {
    em.persist(tree);
  }

  /**
   * One keyset page: up to {@code limit} trees after {@code after}, in the query's order. SQL picks
   * the ids (the filters and the keyset are SQL's strength); the entities load in one more query.
   */
  public List<Tree> search(TreeFilter filter, TreeQuery.SortOrder order, Cursor after, int limit) {
    StringBuilder sql = new StringBuilder("SELECT t.id FROM tree t WHERE ");
    List<Object> params = new ArrayList<>();
    filter.appendWhere(sql, params);
    appendKeyset(sql, params, order, after);
    String direction = order.descending() ? " DESC" : " ASC";
    sql.append(" ORDER BY t.").append(order.key().column).append(direction);
    if (order.key().nullable) {
      sql.append(" NULLS LAST");
    }
    sql.append(", t.id").append(direction).append(" LIMIT ?");
    params.add(limit);
    List<UUID> ids = em.unwrap(Session.class).doReturningWork(connection -> queryIds(connection, sql.toString(), params));
    return load(ids);
  }

  public long count(TreeFilter filter) {
    StringBuilder sql = new StringBuilder("SELECT count(*) FROM tree t WHERE ");
    List<Object> params = new ArrayList<>();
    filter.appendWhere(sql, params);
    return em.unwrap(Session.class).doReturningWork(connection -> {
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
    em.createQuery("SELECT t.status, count(t) FROM Tree t WHERE t.deletedAt IS NULL GROUP BY t.status", Object[].class)
        .getResultList()
        .forEach(row -> counts.put((TreeStatus) row[0], (Long) row[1]));
    return counts;
  }

  private List<Tree> load(List<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    Map<UUID, Integer> position = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      position.put(ids.get(i), i);
    }
    List<Tree> trees =
        new ArrayList<>(
            em.createQuery("SELECT t FROM Tree t LEFT JOIN FETCH t.species WHERE t.id IN :ids", Tree.class)
                .setParameter("ids", ids)
                .getResultList());
    trees.sort(Comparator.comparing(tree -> position.get(tree.id())));
    return trees;
  }

  /** Rows strictly after the cursor in the sort order; NULLs (only dbhCm has them) come last. */
  private static void appendKeyset(StringBuilder sql, List<Object> params, TreeQuery.SortOrder order, Cursor after) {
    if (after == null) {
      return;
    }
    String column = "t." + order.key().column;
    String comparison = order.descending() ? "<" : ">";
    UUID afterId = UUID.fromString(after.id());
    if (after.value() == null) {
      sql.append(" AND ").append(column).append(" IS NULL AND t.id ").append(comparison).append(" ?");
      params.add(afterId);
      return;
    }
    sql.append(" AND ((").append(column).append(", t.id) ").append(comparison).append(" (?, ?)");
    if (order.key().nullable) {
      sql.append(" OR ").append(column).append(" IS NULL");
    }
    sql.append(')');
    params.add(order.key().nullable ? (Object) Double.valueOf(after.value()) : OffsetDateTime.ofInstant(Instant.parse(after.value()), ZoneOffset.UTC));
    params.add(afterId);
  }

  private static List<UUID> queryIds(Connection connection, String sql, List<Object> params) throws SQLException {
    try (PreparedStatement statement = Sql.prepare(connection, sql, params);
        ResultSet rows = statement.executeQuery()) {
      List<UUID> ids = new ArrayList<>();
      while (rows.next()) {
        ids.add(rows.getObject(1, UUID.class));
      }
      return ids;
    }
  }
}
