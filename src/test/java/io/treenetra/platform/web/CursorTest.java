package io.treenetra.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CursorTest {

  @Test
  void roundTripsItsSortValueAndId() {
    Cursor cursor = new Cursor("-dbhCm", "12.5", "6f1c0000-0000-0000-0000-000000000001");
    assertThat(Cursor.decode(cursor.encode(), "-dbhCm")).isEqualTo(cursor);
    Cursor nullValue = new Cursor("dbhCm", null, "6f1c0000-0000-0000-0000-000000000001");
    assertThat(Cursor.decode(nullValue.encode(), "dbhCm")).isEqualTo(nullValue);
  }

  @Test
  void refusesAnotherSortAndGarbage() {
    String encoded = new Cursor("createdAt", "2026-01-01T00:00:00Z", "x").encode();
    assertThatThrownBy(() -> Cursor.decode(encoded, "-createdAt"))
        .isInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(((ApiException) e).errors().get(0).field()).isEqualTo("cursor"));
    assertThatThrownBy(() -> Cursor.decode("%%%", "createdAt")).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> Cursor.decode("YWJj", "createdAt")).isInstanceOf(ApiException.class);
  }
}
