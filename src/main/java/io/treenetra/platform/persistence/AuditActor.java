package io.treenetra.platform.persistence;

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

  /**
   * Must run inside the transaction ({@code autoCommit} off): the setting ends with it. A null
   * actor is nobody (a change of the system).
   */
  public static void bind(Connection connection, Actor actor) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(SET_SQL.replace("?1", "?").replace("?2", "?"))) {
      statement.setString(1, actor == null ? "" : actor.id().toString());
      statement.setString(2, actor == null ? "" : actor.name());
      statement.execute();
    }
  }
}
