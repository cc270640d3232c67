package io.treenetra.auth;

/** Rate limits count in windows of one clock minute: a test that counts to a limit starts early in one. */
final class RateWindows {

  private RateWindows() {}

  /** Returns at once in the first 30 s of a minute, else waits for the next minute to begin. */
  static void awaitFreshMinute() throws InterruptedException {
    long intoMinute = System.currentTimeMillis() % 60_000;
    if (intoMinute > 30_000) {
      Thread.sleep(60_000 - intoMinute + 200);
    }
  }
}
