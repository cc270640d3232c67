package io.treenetra.platform.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A replica's lag as a time, from the primary's positions seen over a window. */
class PositionsTest {

  private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");

  @Test
  void theLagIsTheTimeSinceThePrimaryFirstWroteWhatTheReplicaHasNotReplayed() {
    Positions positions = new Positions(Duration.ofMinutes(15));
    assertThat(positions.latest()).isEqualTo(-1);
    positions.saw(100, T0);
    positions.saw(100, T0.plusSeconds(5)); // an idle primary: no new sample, only the clock moves
    positions.saw(250, T0.plusSeconds(7));
    positions.saw(400, T0.plusMillis(9_500));
    assertThat(positions.latest()).isEqualTo(400);
    assertThat(positions.lagSeconds(400)).isEqualTo(0.0);
    assertThat(positions.lagSeconds(250)).isEqualTo(0.0); // 400 was seen just now
    assertThat(positions.lagSeconds(249)).isEqualTo(2.5); // 250 first seen at 7 s, now 9.5 s
    assertThat(positions.lagSeconds(99)).isEqualTo(9.5);
  }

  @Test
  void samplesOlderThanTheWindowGoButTheNewestOfThemStays() {
    Positions positions = new Positions(Duration.ofSeconds(60));
    positions.saw(10, T0);
    positions.saw(20, T0.plusSeconds(30));
    positions.saw(30, T0.plusSeconds(50));
    positions.saw(40, T0.plusSeconds(100));
    // The window starts at 40 s: 10 (at 0 s) goes, 20 (at 30 s) stays as the one sample before it.
    assertThat(positions.lagSeconds(5)).isEqualTo(70.0);
    assertThat(positions.lagSeconds(25)).isEqualTo(50.0);
    positions.saw(40, T0.plusSeconds(1_000));
    // Nothing written for 900 s: the last sample is kept, a stuck replica is still 900 s behind.
    assertThat(positions.lagSeconds(39)).isEqualTo(900.0);
    assertThat(positions.lagSeconds(40)).isEqualTo(0.0);
  }
}
