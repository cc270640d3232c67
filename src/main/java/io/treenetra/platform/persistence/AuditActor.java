package io.treenetra.audit;

import io.treenetra.auth.Caller;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Names the caller of a JDBC transaction for the audit triggers (those that bypass JPA: imports,
 * photos).
 */
public final class AuditActor {

  static final String SET_SQL =
      "SELECT set_config('treenetra.actor_id', ?1, true), set_config('treenetra.actor_name', ?2, true)";

  private AuditActor() {}

  /** Must run inside the transaction ({@code autoCommit} off): the setting ends with it. */
  public static void bind(Connection connection, Caller caller) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(SET_SQL.replace("?1", "?").replace("?2", "?"))) {
      statement.setString(1, caller == null ? "" : caller.id().toString());
      statement.setString(2, caller == null ? "" : caller.username());
      statement.execute();
    }
  }
}
