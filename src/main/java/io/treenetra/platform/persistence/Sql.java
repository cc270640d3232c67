package io.treenetra.platform.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Binds the parameters of SQL built at run time; a {@code String[]} becomes a {@code text[]}. */
public final class Sql {

  private Sql() {}

  public static PreparedStatement prepare(Connection connection, String sql, List<Object> params) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
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
