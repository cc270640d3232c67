package io.treenetra.image;

import io.treenetra.auth.Caller;
import io.treenetra.platform.persistence.AuditActor;
import io.treenetra.platform.persistence.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The image table (V9 migration). */
@ApplicationScoped
public class ImageRepository {

  /** An image row. */
  public record Image(
      UUID id,
      UUID treeId,
      String contentType,
      long sizeBytes,
      int width,
      int height,
      String caption,
      String fileName,
      String contentKey,
      String thumbnailKey,
      Instant createdAt) {}

  private static final String COLUMNS =
      "id, tree_id, content_type, size_bytes, width, height, caption, file_name,"
          + " content_key, thumbnail_key, created_at";

  @Inject Jdbc jdbc;

  boolean treeExists(UUID treeId) throws SQLException {
    try (Jdbc.Lease lease = jdbc.lease();
        PreparedStatement select =
            lease
                .connection()
                .prepareStatement("SELECT 1 FROM tree WHERE id = ? AND deleted_at IS NULL")) {
      select.setObject(1, treeId);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }

  void insert(Connection connection, Image image) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO image (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setObject(1, image.id());
      insert.setObject(2, image.treeId());
      insert.setString(3, image.contentType());
      insert.setLong(4, image.sizeBytes());
      insert.setInt(5, image.width());
      insert.setInt(6, image.height());
      insert.setString(7, image.caption());
      insert.setString(8, image.fileName());
      insert.setString(9, image.contentKey());
      insert.setString(10, image.thumbnailKey());
      insert.setObject(11, image.createdAt().atOffset(java.time.ZoneOffset.UTC));
      insert.executeUpdate();
    }
  }

  /** An image of a tree that is not deleted. */
  Optional<Image> find(UUID id) throws SQLException {
    List<Image> found =
        select(
            "SELECT "
                + prefixed()
                + " FROM image i JOIN tree t ON t.id = i.tree_id"
                + " WHERE i.id = ? AND t.deleted_at IS NULL",
            id);
    return found.stream().findFirst();
  }

  /** Any image row, whatever its tree (for the thumbnail job). */
  Optional<Image> findAny(UUID id) throws SQLException {
    return select("SELECT " + COLUMNS + " FROM image WHERE id = ?", id).stream().findFirst();
  }

  /**
   * A page of a tree's images, oldest first, after the image {@code after} (null: from the start).
   */
  List<Image> ofTree(UUID treeId, Image after, int limit) throws SQLException {
    if (after == null) {
      return select(
          "SELECT " + COLUMNS + " FROM image WHERE tree_id = ? ORDER BY created_at, id LIMIT ?",
          treeId,
          limit);
    }
    return select(
        "SELECT "
            + COLUMNS
            + " FROM image WHERE tree_id = ? AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?",
        treeId,
        after.createdAt().atOffset(java.time.ZoneOffset.UTC),
        after.id(),
        limit);
  }

  boolean delete(UUID id, Caller caller) throws SQLException {
    return jdbc.transaction(
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement(
                  "DELETE FROM image i USING tree t WHERE i.id = ? AND t.id = i.tree_id AND t.deleted_at IS NULL")) {
            AuditActor.bind(connection, Caller.actor(caller));
            delete.setObject(1, id);
            return delete.executeUpdate() == 1;
          }
        });
  }

  void thumbnail(Connection connection, UUID id, String key) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement("UPDATE image SET thumbnail_key = ? WHERE id = ?")) {
      update.setString(1, key);
      update.setObject(2, id);
      update.executeUpdate();
    }
  }

  /**
   * Serialises, per object key, an upload that stores the object and records it against the sweep
   * that removes it: held until the caller's transaction ends.
   */
  static void lock(Connection connection, String key) throws SQLException {
    try (PreparedStatement lock =
        connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 7))")) {
      lock.setString(1, key);
      lock.execute();
    }
  }

  /** Whether any row names this object (as content or thumbnail). */
  static boolean referenced(Connection connection, String key) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT EXISTS (SELECT 1 FROM image WHERE content_key = ?) OR EXISTS (SELECT 1 FROM image WHERE thumbnail_key = ?)")) {
      select.setString(1, key);
      select.setString(2, key);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getBoolean(1);
      }
    }
  }

  private static String prefixed() {
    return "i." + COLUMNS.replace(", ", ", i.");
  }

  private List<Image> select(String sql, Object... params) throws SQLException {
    List<Image> images = new ArrayList<>();
    try (Jdbc.Lease lease = jdbc.lease();
        PreparedStatement select = lease.connection().prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        select.setObject(i + 1, params[i]);
      }
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          images.add(
              new Image(
                  row.getObject(1, UUID.class),
                  row.getObject(2, UUID.class),
                  row.getString(3),
                  row.getLong(4),
                  row.getInt(5),
                  row.getInt(6),
                  row.getString(7),
                  row.getString(8),
                  row.getString(9),
                  row.getString(10),
                  row.getObject(11, OffsetDateTime.class).toInstant()));
        }
      }
    }
    return images;
  }
}
