package io.treenetra.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PreconditionsTest {

  @Test
  void ifNoneMatchNamesTheCurrentVersion() {
    assertThat(Preconditions.notModified("\"3\"", 3)).isTrue();
    assertThat(Preconditions.notModified("W/\"3\"", 3)).isTrue();
    assertThat(Preconditions.notModified("\"1\", \"3\"", 3)).isTrue();
    assertThat(Preconditions.notModified("*", 3)).isTrue();
    assertThat(Preconditions.notModified("\"2\"", 3)).isFalse();
    assertThat(Preconditions.notModified(null, 3)).isFalse();
  }

  @Test
  void staleIfMatchIsPreconditionFailed() {
    assertThatCode(() -> Preconditions.checkIfMatch(null, 2)).doesNotThrowAnyException();
    assertThatCode(() -> Preconditions.checkIfMatch("\"2\"", 2)).doesNotThrowAnyException();
    assertThatThrownBy(() -> Preconditions.checkIfMatch("\"1\"", 2))
        .isInstanceOf(ApiException.class)
        .satisfies(
            e -> {
              ApiException api = (ApiException) e;
              assertThat(api.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
              assertThat(api.headers()).containsEntry("ETag", "\"2\"");
            });
  }
}
