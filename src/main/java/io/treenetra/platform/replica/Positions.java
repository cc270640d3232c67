package io.treenetra.platform.replica;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The primary's write position as it was seen over the last minutes, so that a replica's lag is a
 * time: how long ago the primary had written the first thing the replica has not yet replayed. (The
 * replica's own {@code now() - pg_last_xact_replay_timestamp()} would call a replica of an idle
 * primary minutes behind at its first new write.)
 */
final class Positions {

  private record Sample(long position, Instant seen) {}

  private final Deque<Sample> samples = new ArrayDeque<>();
  private final Duration kept;
  private Instant now = Instant.EPOCH;

  Positions(Duration kept) {
    this.kept = kept;
  }

  /** The primary was at {@code position} at {@code seen}. */
  synchronized void saw(long position, Instant seen) {
    now = seen;
    Sample last = samples.peekLast();
    if (last == null || position > last.position()) {
      samples.addLast(new Sample(position, seen));
    }
    // The oldest sample is kept while it is the only one older than the window, so that a replica
    // stuck for longer than the window still reads at least the window behind.
    Instant cutoff = seen.minus(kept);
    while (samples.size() > 1 && secondOldest().seen().isBefore(cutoff)) {
      samples.removeFirst();
    }
  }

  private Sample secondOldest() {
    var oldestFirst = samples.iterator();
    oldestFirst.next();
    return oldestFirst.next();
  }

  /** Seconds since the primary wrote the first position past {@code replayed}; 0 if none. */
  synchronized double lagSeconds(long replayed) {
    for (Sample sample : samples) {
      if (sample.position() > replayed) {
        return Duration.between(sample.seen(), now).toMillis() / 1000.0;
      }
    }
    return 0;
  }

  /** The primary's latest position seen; -1 before the first. */
  synchronized long latest() {
    Sample last = samples.peekLast();
    return last == null ? -1 : last.position();
  }
}
