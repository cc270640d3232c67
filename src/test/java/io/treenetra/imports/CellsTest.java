package io.treenetra.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.platform.web.FieldError;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class CellsTest {

  @Test
  void readsPlainValuesAndNullForNone() {
    List<FieldError> errors = new ArrayList<>();
    assertThat(Cells.number("12.5", "dbh", errors)).isEqualTo(12.5);
    assertThat(Cells.number(" 7 ", "dbh", errors)).isEqualTo(7.0);
    assertThat(Cells.number("-0.25e1", "dbh", errors)).isEqualTo(-2.5);
    assertThat(Cells.number(null, "dbh", errors)).isNull();
    assertThat(Cells.uuid("0b6f3c2e-4a5d-4e8f-9a1b-2c3d4e5f6a7b", "id", errors))
        .isEqualTo(UUID.fromString("0b6f3c2e-4a5d-4e8f-9a1b-2c3d4e5f6a7b"));
    assertThat(Cells.instant("2026-11-26T10:30:00Z", "createdAt", errors))
        .isEqualTo(Instant.parse("2026-11-26T10:30:00Z"));
    assertThat(Cells.positiveInt("3", "version", errors)).isEqualTo(3);
    assertThat(errors).isEmpty();
  }

  @Test
  void eachBadValueIsOneErrorNamingItsColumnAndQuotingTheValue() {
    List<FieldError> errors = new ArrayList<>();
    assertThat(Cells.number("NaN", "tree_dbh", errors)).isNull();
    assertThat(Cells.number("Infinity", "tree_dbh", errors)).isNull();
    assertThat(Cells.number("1e400", "tree_dbh", errors)).isNull();
    assertThat(Cells.number("0x10", "tree_dbh", errors)).isNull();
    assertThat(Cells.number("12,5", "tree_dbh", errors)).isNull();
    // java.util.UUID would read this short form; a cell must be the canonical 36 characters.
    assertThat(Cells.uuid("1-2-3-4-5", "id", errors)).isNull();
    assertThat(Cells.instant("2026-11-26", "createdAt", errors)).isNull();
    assertThat(Cells.positiveInt("0", "version", errors)).isNull();
    assertThat(Cells.positiveInt("1.5", "version", errors)).isNull();
    assertThat(errors)
        .containsExactly(
            new FieldError("tree_dbh", "must be a number, not 'NaN'"),
            new FieldError("tree_dbh", "must be a number, not 'Infinity'"),
            new FieldError("tree_dbh", "must be a number, not '1e400'"),
            new FieldError("tree_dbh", "must be a number, not '0x10'"),
            new FieldError("tree_dbh", "must be a number, not '12,5'"),
            new FieldError("id", "must be a UUID, not '1-2-3-4-5'"),
            new FieldError(
                "createdAt",
                "must be an ISO-8601 UTC time such as 2026-11-26T10:30:00Z, not '2026-11-26'"),
            new FieldError("version", "must be a whole number of at least 1, not '0'"),
            new FieldError("version", "must be a whole number of at least 1, not '1.5'"));
  }

  @Test
  void aHostileCellIsQuotedToFiftyCharacters() {
    List<FieldError> errors = new ArrayList<>();
    Cells.number("x".repeat(10_000), "dbh", errors);
    assertThat(errors.get(0).message())
        .isEqualTo("must be a number, not '" + "x".repeat(50) + "…'");
  }

  @Property
  void everyFiniteDoubleReadsBackExactly(@ForAll double value) {
    List<FieldError> errors = new ArrayList<>();
    assertThat(Cells.number(Double.toString(value), "c", errors))
        .isEqualTo(value == 0 ? 0.0 : value);
    assertThat(Cells.number(new BigDecimal(value).toPlainString(), "c", errors))
        .isEqualTo(value == 0 ? 0.0 : value);
    assertThat(errors).isEmpty();
  }
}
