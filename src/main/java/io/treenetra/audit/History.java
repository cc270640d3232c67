package io.treenetra.audit;

import io.treenetra.platform.json.JsonP;
import io.treenetra.platform.web.ApiException;
import io.treenetra.platform.web.Cursor;
import io.treenetra.platform.web.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.StringReader;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads the audit trail of one resource, newest first, with the API's field names. */
@ApplicationScoped
public class History {

  private static final String SORT = "history";

  /** Columns whose API name is not their camelCase. */
  private static final Map<String, String> TREE_FIELDS =
      Map.of("lat", "location.lat", "lng", "location.lng", "address", "location.address");

  @PersistenceContext EntityManager em;

  public Page<HistoryEntry> ofTree(UUID treeId, String cursor, int limit) {
    long before = Long.MAX_VALUE;
    if (cursor != null && !cursor.isBlank()) {
      before = Cursor.decode(cursor, SORT).number();
    }
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT id, at, user_id, username, action, before::text, after::text, work_order_id FROM audit_event"
                    + " WHERE entity = 'tree' AND entity_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3")
            .setParameter(1, treeId)
            .setParameter(2, before)
            .setParameter(3, limit + 1)
            .getResultList();
    if (rows.isEmpty() && before == Long.MAX_VALUE && !treeExists(treeId)) {
      throw ApiException.notFound("No tree " + treeId);
    }
    return Page.keyset(
        rows, limit, null, History::entry, last -> new Cursor(SORT, null, last[0].toString()));
  }

  /** A work order's trail; the caller has checked that the order exists. */
  public Page<HistoryEntry> ofWorkOrder(UUID orderId, String cursor, int limit) {
    long before = Long.MAX_VALUE;
    if (cursor != null && !cursor.isBlank()) {
      before = Cursor.decode(cursor, SORT).number();
    }
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT id, at, user_id, username, action, before::text, after::text, work_order_id"
                    + " FROM audit_event WHERE entity = 'work_order' AND entity_id = ?1 AND id < ?2"
                    + " ORDER BY id DESC LIMIT ?3")
            .setParameter(1, orderId)
            .setParameter(2, before)
            .setParameter(3, limit + 1)
            .getResultList();
    return Page.keyset(
        rows, limit, null, History::entry, last -> new Cursor(SORT, null, last[0].toString()));
  }

  private boolean treeExists(UUID id) {
    return !em.createNativeQuery("SELECT 1 FROM tree WHERE id = ?1")
        .setParameter(1, id)
        .getResultList()
        .isEmpty();
  }

  private static HistoryEntry entry(Object[] row) {
    JsonObject before = json((String) row[5]);
    JsonObject after = json((String) row[6]);
    // The fields that differ, in the row's column order; a field absent on one side was null there.
    JsonObjectBuilder changes = JsonP.PROVIDER.createObjectBuilder();
    java.util.Set<String> columns = new java.util.LinkedHashSet<>(after.keySet());
    columns.addAll(before.keySet());
    for (String column : columns) {
      JsonValue was = before.getOrDefault(column, JsonValue.NULL);
      JsonValue is = after.getOrDefault(column, JsonValue.NULL);
      if (!was.equals(is)) {
        changes.add(
            fieldName(column),
            JsonP.PROVIDER.createObjectBuilder().add("before", was).add("after", is));
      }
    }
    return new HistoryEntry(
        instant(row[1]),
        (UUID) row[2],
        (String) row[3],
        (String) row[4],
        (UUID) row[7],
        changes.build());
  }

  private static JsonObject json(String text) {
    return text == null
        ? JsonValue.EMPTY_JSON_OBJECT
        : JsonP.PROVIDER.createReader(new StringReader(text)).readObject();
  }

  static String fieldName(String column) {
    String mapped = TREE_FIELDS.get(column);
    if (mapped != null) {
      return mapped;
    }
    StringBuilder camel = new StringBuilder(column.length());
    boolean upper = false;
    for (char c : column.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        camel.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return camel.toString();
  }

  private static Instant instant(Object value) {
    if (value instanceof Timestamp timestamp) {
      return timestamp.toInstant();
    }
    if (value instanceof OffsetDateTime offset) {
      return offset.toInstant();
    }
    return (Instant) value;
  }
}
