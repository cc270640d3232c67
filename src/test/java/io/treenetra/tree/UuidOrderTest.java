package io.treenetra.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Text-search pages are sorted in Java as PostgreSQL sorts uuids (unsigned bytes), or a cursor
 * skips trees.
 */
class UuidOrderTest {

  @Test
  void sortsAsPostgresqlDoes() {
    List<UUID> ids =
        new ArrayList<>(
            List.of(
                UUID.fromString("ffffffff-0000-4000-8000-000000000000"),
                UUID.fromString("80000000-0000-4000-8000-000000000000"),
                UUID.fromString("7fffffff-ffff-4fff-bfff-ffffffffffff"),
                UUID.fromString("00000000-0000-4000-8000-000000000001"),
                UUID.fromString("00000000-0000-4000-7000-000000000001"),
                UUID.fromString("00000000-0000-4000-f000-000000000001")));
    ids.sort(TreeRepository.UUID_ORDER);
    // As `SELECT id FROM ... ORDER BY id` returns them (checked in psql): byte by byte, unsigned.
    assertThat(ids)
        .extracting(UUID::toString)
        .containsExactly(
            "00000000-0000-4000-7000-000000000001",
            "00000000-0000-4000-8000-000000000001",
            "00000000-0000-4000-f000-000000000001",
            "7fffffff-ffff-4fff-bfff-ffffffffffff",
            "80000000-0000-4000-8000-000000000000",
            "ffffffff-0000-4000-8000-000000000000");
    // Java's own order is signed, and differs: the reason for the comparator.
    List<UUID> natural = new ArrayList<>(ids);
    natural.sort(null);
    assertThat(natural).isNotEqualTo(ids);
  }
}
