package io.treenetra.platform.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGStatement;

/**
 * Binds the parameters of SQL built at run time; a {@code String[]} becomes a {@code text[]}.
 *
 * <p>Each such statement is planned with its values, every time. The driver otherwise switches to a
 * server-side statement from the fifth run of the same SQL, and PostgreSQL then settles on one
 * generic plan: for a text search that cannot know how common the words are, that plan reads a
 * common word's whole list of trees from the index (60 ms per 100,000 trees here) where a scan
 * would have stopped after a page. Planning costs a fraction of a millisecond.
 */
public final class Sql {

  private Sql() {}

  public static PreparedStatement prepare(Connection connection, String sql, List<Object> params)
      throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    if (statement.isWrapperFor(PGStatement.class)) {
      statement.unwrap(PGStatement.class).setPrepareThreshold(0);
    }
    for (int i = 0; i < params.size(); i++) {
      Object param = params.get(i);
      if (param instanceof String[] array) {
        statement.setArray(i + 1, connection.createArrayOf("text", array));
      } else {
        statement.setObject(i + 1, param);
      }
    }
    return statement;
  }
}
