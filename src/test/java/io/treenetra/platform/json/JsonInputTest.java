package io.treenetra.platform.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.platform.web.FieldError;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class JsonInputTest {

  private static JsonInput input(String json) {
    JsonObject object = JsonP.PROVIDER.createReader(new StringReader(json)).readObject();
    return JsonInput.of(object);
  }

  @Test
  void typedReadsOfTheRightType() {
    JsonInput in =
        input(
            """
            {"s": "oak", "n": 12.5, "i": 7, "d": "2015-08-27", "t": "2026-11-26T10:30:00+01:00",
             "u": "0b6f3c2e-4a5d-4e8f-9a1b-2c3d4e5f6a7b", "c": "alive", "l": ["a", "b"],
             "o": {"lat": 40.5}, "z": null}
            """);
    assertThat(in.string("s")).isEqualTo("oak");
    assertThat(in.number("n")).isEqualTo(12.5);
    assertThat(in.integer("i")).isEqualTo(7);
    assertThat(in.date("d")).isEqualTo(LocalDate.of(2015, 8, 27));
    assertThat(in.instant("t")).isEqualTo(Instant.parse("2026-11-26T09:30:00Z"));
    assertThat(in.uuid("u")).isEqualTo(UUID.fromString("0b6f3c2e-4a5d-4e8f-9a1b-2c3d4e5f6a7b"));
    Integer alive =
        in.choice("c", v -> v.equals("alive") ? Optional.of(1) : Optional.empty(), "alive");
    assertThat(alive).isEqualTo(1);
    assertThat(in.strings("l")).containsExactly("a", "b");
    assertThat(in.object("o").number("lat")).isEqualTo(40.5);
    assertThat(in.has("z")).isFalse();
    assertThat(in.string("z")).isNull();
    assertThat(in.has("missing")).isFalse();
    assertThat(in.errors()).isEmpty();
  }

  @Test
  void eachWrongValueIsOneErrorNamingItsPath() {
    JsonInput in =
        input(
            """
            {"s": 1, "n": "x", "big": 1e400, "frac": 1.5, "huge": 3000000000, "d": "27/08/2015",
             "t": "2026-11-26", "u": "maple", "c": "growing", "l": [1], "o": {"lat": "north"},
             "notObject": [], "unknown": true}
            """);
    assertThat(in.string("s")).isNull();
    assertThat(in.number("n")).isNull();
    assertThat(in.number("big")).isNull();
    assertThat(in.integer("frac")).isNull();
    assertThat(in.integer("huge")).isNull();
    assertThat(in.date("d")).isNull();
    assertThat(in.instant("t")).isNull();
    assertThat(in.uuid("u")).isNull();
    Object status = in.choice("c", v -> Optional.empty(), "alive, dead");
    assertThat(status).isNull();
    assertThat(in.strings("l")).isNull();
    assertThat(in.object("o").number("lat")).isNull();
    assertThat(in.object("notObject")).isNull();
    in.allowOnly(
        Set.of(
            "s", "n", "big", "frac", "huge", "d", "t", "u", "c", "l", "o", "notObject", "other"));
    assertThat(in.errors())
        .containsExactly(
            new FieldError("s", "must be a string"),
            new FieldError("n", "must be a number"),
            new FieldError("big", "is out of range"),
            new FieldError("frac", "must be a whole number"),
            new FieldError("huge", "is out of range"),
            new FieldError("d", "must be a date as YYYY-MM-DD"),
            new FieldError("t", "must be a timestamp such as 2026-11-26T10:30:00Z"),
            new FieldError("u", "must be a UUID"),
            new FieldError("c", "must be one of alive, dead"),
            new FieldError("l", "must be an array of strings"),
            new FieldError("o.lat", "must be a number"),
            new FieldError("notObject", "must be an object"),
            new FieldError("unknown", "is not a field of this resource"));
  }

  @Test
  void textThatPostgresqlCannotStoreAsSentIsRefused() {
    JsonInput in =
        input(
            """
            {"nul": "a\\u0000b", "lone": "x\\ud800y", "low": "\\udc00", "end": "tree\\ud83c",
             "pair": "\\ud83c\\udf33 oak", "tags": ["ok", "\\udfff"], "tagsNul": ["\\u0000"]}
            """);
    assertThat(in.string("nul")).isNull();
    assertThat(in.string("lone")).isNull();
    assertThat(in.string("low")).isNull();
    assertThat(in.string("end")).isNull();
    assertThat(in.string("pair")).isEqualTo("\uD83C\uDF33 oak");
    assertThat(in.strings("tags")).isNull();
    assertThat(in.strings("tagsNul")).isNull();
    assertThat(in.errors())
        .containsExactly(
            new FieldError("nul", JsonInput.NUL),
            new FieldError("lone", JsonInput.LONE_SURROGATE),
            new FieldError("low", JsonInput.LONE_SURROGATE),
            new FieldError("end", JsonInput.LONE_SURROGATE),
            new FieldError("tags", JsonInput.LONE_SURROGATE),
            new FieldError("tagsNul", JsonInput.NUL));
  }

  @Test
  void aFieldNameThatCannotBePrintedIsEscapedInItsError() {
    JsonInput in = input("{\"a\\ud800\": 1, \"b\\u0000\": 2}");
    in.allowOnly(Set.of());
    assertThat(in.errors())
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder("a\\ud800", "b\\u0000");
  }

  @Property
  void textOfWholeCodePointsWithoutNulIsStorable(@ForAll("codePointText") String text) {
    assertThat(JsonInput.unstorable(text)).isNull();
    assertThat(JsonInput.printable(text)).isEqualTo(text);
  }

  @Property
  void aLoneSurrogateAnywhereIsRefused(
      @ForAll("codePointText") String text,
      @ForAll @IntRange(min = 0, max = 1000) int at,
      @ForAll("surrogates") char surrogate) {
    int position = text.offsetByCodePoints(0, Math.min(at, text.codePointCount(0, text.length())));
    String spoiled = text.substring(0, position) + surrogate + text.substring(position);
    boolean pairs =
        Character.isHighSurrogate(surrogate)
                && position < text.length()
                && Character.isLowSurrogate(text.charAt(position))
            || Character.isLowSurrogate(surrogate)
                && position > 0
                && Character.isHighSurrogate(text.charAt(position - 1));
    if (!pairs) {
      assertThat(JsonInput.unstorable(spoiled)).isEqualTo(JsonInput.LONE_SURROGATE);
    }
    String printable = JsonInput.printable(spoiled);
    assertThat(JsonInput.unstorable(printable)).isNull();
  }

  @Provide
  Arbitrary<String> codePointText() {
    return Arbitraries.integers()
        .between(1, Character.MAX_CODE_POINT)
        .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
        .list()
        .ofMaxSize(40)
        .map(
            cps -> {
              StringBuilder text = new StringBuilder();
              cps.forEach(text::appendCodePoint);
              return text.toString();
            });
  }

  @Provide
  Arbitrary<Character> surrogates() {
    return Arbitraries.chars().range(Character.MIN_SURROGATE, Character.MAX_SURROGATE);
  }

  @Test
  void printableEscapesOnlyWhatCannotBeStored() {
    assertThat(JsonInput.printable("oak\uD83C\uDF33")).isEqualTo("oak\uD83C\uDF33");
    assertThat(JsonInput.printable("a\u0000b\uD800")).isEqualTo("a\\u0000b\\ud800");
    assertThat(List.of(JsonInput.printable("\uDC00\uD800"))).containsExactly("\\udc00\\ud800");
  }
}
