package io.treenetra.imports;

import io.treenetra.platform.json.JsonP;
import io.treenetra.platform.persistence.Jdbc;
import io.treenetra.platform.web.ApiException;
import io.treenetra.platform.web.Preconditions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The mappings stored by name (the import_mapping table, V19). */
@ApplicationScoped
public class ImportMappings {

  /** The most mappings a service keeps. */
  static final int MAX_MAPPINGS = 1000;

  /** A stored mapping: its document with the read-only version and times. */
  record Stored(Mapping mapping, int version, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    /** As the API shows it: the document, and its version and times. */
    JsonObject json() {
      return JsonP.PROVIDER
          .createObjectBuilder(
              JsonP.PROVIDER.createReader(new StringReader(mapping.document)).readObject())
          .add("version", version + 1)
          .add("createdAt", createdAt.toInstant().toString())
          .add("updatedAt", updatedAt.toInstant().toString())
          .build();
    }
  }

  private static final String SELECT =
      "SELECT document, version, created_at, updated_at FROM import_mapping";

  @Inject Jdbc jdbc;

  Stored create(JsonObject json) {
    Mapping mapping = Mapping.parse(json);
    try {
      return jdbc.transaction(
          connection -> {
            try (PreparedStatement lock =
                connection.prepareStatement("LOCK TABLE import_mapping IN EXCLUSIVE MODE")) {
              lock.execute();
            }
            if (count(connection) >= MAX_MAPPINGS) {
              throw ApiException.conflict(
                  null,
                  "The service keeps at most " + MAX_MAPPINGS + " mappings; delete one first");
            }
            try (PreparedStatement insert =
                connection.prepareStatement(
                    "INSERT INTO import_mapping (name, document) VALUES (?, ?::json)"
                        + " ON CONFLICT (name) DO NOTHING")) {
              insert.setString(1, mapping.name);
              insert.setString(2, mapping.document);
              if (insert.executeUpdate() == 0) {
                throw ApiException.conflict(
                    "name",
                    "a mapping named "
                        + mapping.name
                        + " exists; PUT /imports/mappings/"
                        + mapping.name
                        + " replaces it");
              }
            }
            return find(connection, mapping.name).orElseThrow();
          });
    } catch (SQLException e) {
      throw new IllegalStateException("Could not store mapping " + mapping.name, e);
    }
  }

  Stored replace(String name, JsonObject json, String ifMatch) {
    Mapping mapping = Mapping.parse(json);
    if (!name.equals(mapping.name)) {
      throw ApiException.invalid(
          "name",
          "must be " + name + ", the mapping's name in the path (a mapping is not renamed)");
    }
    try {
      return jdbc.transaction(
          connection -> {
            Stored current = lockedOrNotFound(connection, name);
            Preconditions.checkIfMatch(ifMatch, current.version() + 1);
            try (PreparedStatement update =
                connection.prepareStatement(
                    "UPDATE import_mapping SET document = ?::json, version = version + 1,"
                        + " updated_at = now() WHERE name = ?")) {
              update.setString(1, mapping.document);
              update.setString(2, name);
              update.executeUpdate();
            }
            return find(connection, name).orElseThrow();
          });
    } catch (SQLException e) {
      throw new IllegalStateException("Could not replace mapping " + name, e);
    }
  }

  void delete(String name, String ifMatch) {
    try {
      jdbc.transaction(
          connection -> {
            Stored current = lockedOrNotFound(connection, name);
            Preconditions.checkIfMatch(ifMatch, current.version() + 1);
            try (PreparedStatement delete =
                connection.prepareStatement("DELETE FROM import_mapping WHERE name = ?")) {
              delete.setString(1, name);
              delete.executeUpdate();
            }
            return null;
          });
    } catch (SQLException e) {
      throw new IllegalStateException("Could not delete mapping " + name, e);
    }
  }

  Stored get(String name) {
    return named(name).orElseThrow(() -> notFound(name));
  }

  /** The mapping an import names, for a 400 when there is none (a parameter, not the resource). */
  Optional<Stored> named(String name) {
    try (Jdbc.Lease held = jdbc.lease()) {
      return find(held.connection(), name);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read mapping " + name, e);
    }
  }

  List<Stored> all() {
    List<Stored> all = new ArrayList<>();
    try (Jdbc.Lease held = jdbc.lease();
        PreparedStatement select = held.connection().prepareStatement(SELECT + " ORDER BY name");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        all.add(stored(rows));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not list the mappings", e);
    }
    return all;
  }

  private Stored lockedOrNotFound(Connection connection, String name) throws SQLException {
    try (PreparedStatement lock =
        connection.prepareStatement(SELECT + " WHERE name = ? FOR UPDATE")) {
      lock.setString(1, name);
      try (ResultSet row = lock.executeQuery()) {
        if (!row.next()) {
          throw notFound(name);
        }
        return stored(row);
      }
    }
  }

  private static Optional<Stored> find(Connection connection, String name) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(SELECT + " WHERE name = ?")) {
      select.setString(1, name);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(stored(row)) : Optional.empty();
      }
    }
  }

  private static int count(Connection connection) throws SQLException {
    try (PreparedStatement select =
            connection.prepareStatement("SELECT count(*) FROM import_mapping");
        ResultSet row = select.executeQuery()) {
      row.next();
      return row.getInt(1);
    }
  }

  private static Stored stored(ResultSet row) throws SQLException {
    return new Stored(
        Mapping.stored(row.getString(1)),
        row.getInt(2),
        row.getObject(3, OffsetDateTime.class),
        row.getObject(4, OffsetDateTime.class));
  }

  private static ApiException notFound(String name) {
    return ApiException.notFound("No mapping is named " + name);
  }
}
