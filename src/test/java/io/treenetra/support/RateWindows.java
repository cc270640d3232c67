package io.treenetra.support;

/**
 * Rate limits count in windows of one clock minute: a test that counts to a limit starts early in
 * one.
 */
public final class RateWindows {

  private RateWindows() {}

  /** Returns at once in the first 30 s of a minute, else waits for the next minute to begin. */
  public static void awaitFreshMinute() throws InterruptedException {
    awaitFreshMinuteAfter(0);
  }

  /**
   * The same, and never in the minute of {@code countedAtMillis} (something already counted then).
   */
  public static void awaitFreshMinuteAfter(long countedAtMillis) throws InterruptedException {
    long now = System.currentTimeMillis();
    if (now % 60_000 > 30_000 || now / 60_000 == countedAtMillis / 60_000) {
      Thread.sleep(60_000 - now % 60_000 + 200);
    }
  }
}
