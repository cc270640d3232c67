package io.treenetra.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.treenetra.platform.web.FieldError;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The treenetra CSV layout read without a server: rows, their numbers, values and errors. */
class CsvRowsTest {

  private static CsvRows rows(String csv) throws IOException {
    return new CsvRows(new StringReader(csv), new TreenetraLayout());
  }

  @Test
  void eachRecordIsATreeBodyNumberedAsASpreadsheetShowsIt() throws IOException {
    try (CsvRows rows =
        rows(
            """
            lat,lng,status,scientificName,dbhCm,tags,notes,address,id,version,createdAt
            40.7,-73.9,alive,Acer rubrum,12.5,a|b\\|c,"",,0b6f3c2e-4a5d-4e8f-9a1b-2c3d4e5f6a7b,2,2026-11-26T10:30:00Z
            40.8,-73.8,dead,,,,plain,"12 Oak St",,,
            """)) {
      ImportRow first = rows.next();
      assertThat(first.row()).isEqualTo(2);
      assertThat(first.tree().toString())
          .isEqualTo(
              "{\"scientificName\":\"Acer rubrum\",\"location\":{\"lat\":40.7,\"lng\":-73.9,"
                  + "\"address\":null},\"dbhCm\":12.5,\"status\":\"alive\",\"tags\":[\"a\",\"b|c\"],"
                  + "\"notes\":\"\"}");
      assertThat(first.id()).isEqualTo(UUID.fromString("0b6f3c2e-4a5d-4e8f-9a1b-2c3d4e5f6a7b"));
      assertThat(first.version()).isEqualTo(2);
      assertThat(first.createdAt()).isEqualTo(Instant.parse("2026-11-26T10:30:00Z"));
      assertThat(first.errors()).isEmpty();

      ImportRow second = rows.next();
      assertThat(second.row()).isEqualTo(3);
      assertThat(second.tree().toString())
          .isEqualTo(
              "{\"scientificName\":null,\"location\":{\"lat\":40.8,\"lng\":-73.8,"
                  + "\"address\":\"12 Oak St\"},\"dbhCm\":null,\"status\":\"dead\",\"tags\":[],"
                  + "\"notes\":\"plain\"}");
      assertThat(second.id()).isNull();
      assertThat(rows.next()).isNull();
    }
  }

  @Test
  void aValueThatDoesNotReadIsAnErrorNamedByItsColumn() throws IOException {
    try (CsvRows rows = rows("lat,lng,status,dbhCm,version\nnorth,-73.9,alive,NaN,0\n")) {
      ImportRow row = rows.next();
      assertThat(row.errors())
          .containsExactly(
              new FieldError("lat", "must be a number, not 'north'"),
              new FieldError("dbhCm", "must be a number, not 'NaN'"),
              new FieldError("version", "must be a whole number of at least 1, not '0'"));
    }
  }

  @Test
  void skippingCountsRowsWithoutMappingThem() throws IOException {
    try (CsvRows rows = rows("lat,lng,status\n1,2,alive\n3,4,alive\n5,6,alive\n")) {
      assertThat(rows.skip(2)).isEqualTo(2);
      assertThat(rows.next().row()).isEqualTo(4);
      assertThat(rows.skip(5)).isZero();
    }
  }

  @Test
  void aFileThatIsNotThisLayoutFailsAsAWhole() {
    assertThatThrownBy(() -> rows(""))
        .isInstanceOf(ImportFileException.class)
        .hasMessage("The file has no header row");
    assertThatThrownBy(() -> rows("lat,status\n1,alive\n"))
        .isInstanceOf(ImportFileException.class)
        .hasMessageStartingWith(
            "The header lacks the column lng of this layout (it has lat, status)");
    assertThatThrownBy(() -> rows("lat,lng,status,colour\n"))
        .isInstanceOf(ImportFileException.class)
        .hasMessageStartingWith("Unknown column colour (this layout has ");
    assertThatThrownBy(() -> rows("lat,lat,status\n"))
        .isInstanceOf(ImportFileException.class)
        .hasMessageStartingWith("The header row is not valid: ");
  }
}
