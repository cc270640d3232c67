package io.treenetra.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
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

  @Test
  void readsItsPartsTypedAndRefusesWhatDoesNotParseWithOneError() {
    Cursor good =
        Cursor.decode(
            new Cursor("createdAt", "2026-01-01T00:00:00Z", "6f1c0000-0000-0000-0000-000000000001")
                .encode(),
            "createdAt");
    assertThat(good.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(good.uuid()).isEqualTo(UUID.fromString("6f1c0000-0000-0000-0000-000000000001"));
    assertThat(Cursor.decode(new Cursor("at", null, "42").encode(), "at").number()).isEqualTo(42);

    Cursor bad = Cursor.decode(new Cursor("createdAt", "yesterday", "x").encode(), "createdAt");
    Cursor noValue = Cursor.decode(new Cursor("createdAt", null, "x").encode(), "createdAt");
    for (Runnable read :
        List.<Runnable>of(bad::instant, bad::uuid, bad::number, noValue::instant)) {
      assertThatThrownBy(read::run)
          .isInstanceOf(ApiException.class)
          .satisfies(
              e ->
                  assertThat(((ApiException) e).errors())
                      .containsExactly(
                          new FieldError("cursor", "is not a cursor this service returned")));
    }
  }
}
