package io.treenetra.platform.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The one clock: UTC, at PostgreSQL's microsecond precision so a stored time reads back equal. */
@ApplicationScoped
public class Clocks {

  private final Clock clock = Clock.systemUTC();

  @Produces
  public Clock clock() {
    return clock;
  }

  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
