package io.treenetra.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.support.ApiIT;
import io.treenetra.support.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/schema.md names every table, index, trigger and function of the database that the server
 * migrated, and the functions V13 dropped are gone: the page cannot drift from the migrations.
 */
class SchemaDocumentIT extends ApiIT {

  private static final String OBJECTS =
      """
      SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i')
         AND c.relname NOT LIKE 'flyway%'
      UNION SELECT tgname FROM pg_trigger WHERE NOT tgisinternal
      UNION SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
       WHERE n.nspname = 'public'
         AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
      """;

  @Test
  void theSchemaPageNamesEveryObjectOfTheMigratedDatabase() throws IOException, SQLException {
    api().get("/ready"); // the shared server has migrated the test database
    String page = Files.readString(Path.of("docs", "schema.md"));
    List<String> objects = names(OBJECTS);
    assertThat(objects)
        .contains("tree", "tree_search_ab_idx", "tree_audit_update", "sphere_distance_m");
    assertThat(objects)
        // a function is written with its arguments: `fold_tree_counts()`
        .filteredOn(name -> !page.contains("`" + name + "`") && !page.contains("`" + name + "("))
        .as("in the database but not in docs/schema.md")
        .isEmpty();
    assertThat(objects)
        .doesNotContain(
            "tree_search_document",
            "tree_search_species_tags",
            "tree_search_species_tags_address",
            "species_names");
  }

  private static List<String> names(String sql) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection connection = TestEnvironment.database().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }
}
