package io.treenetra.auth;

import io.treenetra.platform.persistence.SchemaMigrated;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The first admin, {@code admin}, with the password of {@code TREENETRA_ADMIN_PASSWORD}, made once,
 * when the database has no users at all. There is no other default account or password.
 */
@ApplicationScoped
public class FirstAdmin {

  public static final String USERNAME = "admin";
  private static final Logger LOG = Logger.getLogger(FirstAdmin.class.getName());

  @Inject
  @ConfigProperty(name = "treenetra.admin-password")
  Optional<String> password;

  void onSchemaMigrated(@Observes SchemaMigrated migrated) throws SQLException {
    ensure(migrated.dataSource(), password.orElse(null));
  }

  static void ensure(DataSource dataSource, String password) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement lock =
              connection.prepareStatement("LOCK TABLE app_user IN SHARE ROW EXCLUSIVE MODE");
          PreparedStatement count =
              connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM app_user)")) {
        lock.execute();
        var rs = count.executeQuery();
        rs.next();
        if (rs.getBoolean(1)) {
          connection.rollback();
          return;
        }
        if (password == null || password.isEmpty()) {
          LOG.warning(
              "The database has no users: set TREENETRA_ADMIN_PASSWORD to create the first admin");
          connection.rollback();
          return;
        }
        if (password.length() < UserService.MIN_PASSWORD) {
          LOG.severe(
              "TREENETRA_ADMIN_PASSWORD must be at least "
                  + UserService.MIN_PASSWORD
                  + " characters; no admin was created");
          connection.rollback();
          return;
        }
        try (PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO app_user (id, username, role, password_hash, created_at, updated_at) VALUES (?, ?, 'admin', ?, ?, ?)")) {
          Timestamp now = Timestamp.from(Instant.now());
          insert.setObject(1, UUID.randomUUID());
          insert.setString(2, USERNAME);
          insert.setString(3, PasswordHasher.hash(password.toCharArray()));
          insert.setTimestamp(4, now);
          insert.setTimestamp(5, now);
          insert.executeUpdate();
        }
        connection.commit();
        LOG.info(
            "Created the first admin, '"
                + USERNAME
                + "', with the password of TREENETRA_ADMIN_PASSWORD");
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }
}
