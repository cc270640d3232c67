package io.treenetra.support;

/**
 * Rate limits count in fixed windows of clock time, {@link #SECONDS} long on every test server
 * (treenetra.ratelimit.window-seconds): a test that counts to a limit starts early in one.
 */
public final class RateWindows {

  /** Long enough for a test to count to a limit within the first half of a window. */
  public static final int SECONDS = 20;

  private static final long MILLIS = SECONDS * 1000L;

  private RateWindows() {}

  /** Returns at once in the first half of a window, else waits for the next window to begin. */
  public static void awaitFreshWindow() throws InterruptedException {
    awaitFreshWindowAfter(0);
  }

  /**
   * The same, and never in the window of {@code countedAtMillis} (something already counted then).
   */
  public static void awaitFreshWindowAfter(long countedAtMillis) throws InterruptedException {
    long now = System.currentTimeMillis();
    if (now % MILLIS > MILLIS / 2 || now / MILLIS == countedAtMillis / MILLIS) {
      Thread.sleep(MILLIS - now % MILLIS + 200);
    }
  }
}
