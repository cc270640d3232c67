package io.treenetra.auth;

import io.treenetra.platform.persistence.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The users: JPA for the API's reads and writes, plain SQL for the first admin at start-up. */
@ApplicationScoped
public class UserRepository {

  private static final String ANY_USER = "SELECT EXISTS (SELECT 1 FROM app_user)";

  @PersistenceContext EntityManager em;
  @Inject Jdbc jdbc;

  public Optional<User> find(UUID id) {
    return Optional.ofNullable(em.find(User.class, id));
  }

  public Optional<User> byName(String username) {
    return em.createQuery("SELECT u FROM User u WHERE lower(u.username) = lower(:name)", User.class)
        .setParameter("name", username)
        .getResultStream()
        .findFirst();
  }

  /** Users by lower-case name, then id, after the given pair; one more than {@code limit}. */
  List<User> page(String afterName, UUID afterId, int limit) {
    return em.createQuery(
            """
            SELECT u FROM User u
             WHERE lower(u.username) > :name OR (lower(u.username) = :name AND u.id > :id)
             ORDER BY lower(u.username), u.id""",
            User.class)
        .setParameter("name", afterName)
        .setParameter("id", afterId)
        .setMaxResults(limit + 1)
        .getResultList();
  }

  long adminsOtherThan(UUID id) {
    return em.createQuery(
            "SELECT count(u) FROM User u WHERE u.role = 'admin' AND u.id <> :id", Long.class)
        .setParameter("id", id)
        .getSingleResult();
  }

  void persist(User user) {
    em.persist(user);
    em.flush();
  }

  void flush() {
    em.flush();
  }

  void remove(User user) {
    em.remove(user);
    em.flush();
  }

  /** Whether the database has any user at all (a fresh database has none). */
  boolean anyUser() throws SQLException {
    return jdbc.transaction(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(ANY_USER);
              ResultSet row = select.executeQuery()) {
            row.next();
            return row.getBoolean(1);
          }
        });
  }

  /**
   * Creates an admin if the database still has no user, with the table locked so that instances
   * starting together make one; answers whether this call made it.
   */
  boolean createFirstAdmin(String username, String passwordHash, Instant now) throws SQLException {
    return jdbc.transaction(
        connection -> {
          try (PreparedStatement lock =
                  connection.prepareStatement("LOCK TABLE app_user IN SHARE ROW EXCLUSIVE MODE");
              PreparedStatement exists = connection.prepareStatement(ANY_USER);
              PreparedStatement insert =
                  connection.prepareStatement(
                      """
                      INSERT INTO app_user (id, username, role, password_hash, created_at, updated_at)
                      VALUES (?, ?, 'admin', ?, ?, ?)""")) {
            lock.execute();
            try (ResultSet row = exists.executeQuery()) {
              row.next();
              if (row.getBoolean(1)) {
                return false;
              }
            }
            insert.setObject(1, UUID.randomUUID());
            insert.setString(2, username);
            insert.setString(3, passwordHash);
            insert.setTimestamp(4, Timestamp.from(now));
            insert.setTimestamp(5, Timestamp.from(now));
            insert.executeUpdate();
            return true;
          }
        });
  }
}
