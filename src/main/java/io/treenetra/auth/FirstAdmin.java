package io.treenetra.auth;

import io.treenetra.platform.persistence.Clocks;
import io.treenetra.platform.persistence.SchemaMigrated;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The first admin, {@code admin}, with the password of {@code TREENETRA_ADMIN_PASSWORD}, made once,
 * when the database has no users at all. There is no other default account or password.
 */
@ApplicationScoped
public class FirstAdmin {

  public static final String USERNAME = "admin";
  private static final Logger LOG = Logger.getLogger(FirstAdmin.class.getName());

  @Inject UserRepository users;
  @Inject Clocks clocks;

  @Inject
  @ConfigProperty(name = "treenetra.admin-password")
  Optional<String> password;

  void onSchemaMigrated(@Observes SchemaMigrated migrated) throws SQLException {
    // Every start but the first finds users: it returns here, before hashing a password (Argon2 is
    // slow on purpose). createFirstAdmin checks again under the table's lock.
    if (users.anyUser()) {
      return;
    }
    String chosen = password.orElse("");
    if (chosen.isEmpty()) {
      LOG.warning(
          "The database has no users: set TREENETRA_ADMIN_PASSWORD to create the first admin");
      return;
    }
    if (chosen.length() < UserService.MIN_PASSWORD) {
      LOG.severe(
          "TREENETRA_ADMIN_PASSWORD must be at least "
              + UserService.MIN_PASSWORD
              + " characters; no admin was created");
      return;
    }
    String hash = PasswordHasher.hash(chosen.toCharArray());
    if (users.createFirstAdmin(USERNAME, hash, clocks.now())) {
      LOG.info(
          "Created the first admin, '"
              + USERNAME
              + "', with the password of TREENETRA_ADMIN_PASSWORD");
    }
  }
}
