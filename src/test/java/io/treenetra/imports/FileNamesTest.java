package io.treenetra.imports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rows that first named each tree of a file, through the table's growth. */
class FileNamesTest {

  @Test
  void aNameSeenBeforeGivesTheRowThatFirstNamedIt() {
    FileNames names = new FileNames();
    int distinct = 600_000;
    for (int row = 2; row < distinct + 2; row++) {
      assertThat(names.first("externalId nyc-2015:" + row, row)).isZero();
    }
    // Every name again, later in the file: the first row each time, not the later one.
    for (int row = 2; row < distinct + 2; row++) {
      assertThat(names.first("externalId nyc-2015:" + row, row + distinct)).isEqualTo(row);
    }
    assertThat(names.first("id nyc-2015:2", 5)).isZero();
    assertThat(names.first("externalId nyc-2015:2", 7)).isEqualTo(2);
  }
}
