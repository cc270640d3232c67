package io.treenetra.logging;

/**
 * The request a thread is serving, so that every log record written while serving it carries the
 * request id and user. Lives on the server's boot class path (not in the WAR) so that the formatter
 * and the application see the same thread-local.
 */
public final class LogContext {

  private static final ThreadLocal<String[]> CURRENT = new ThreadLocal<>();

  private LogContext() {}

  public static void set(String requestId, String userId) {
    CURRENT.set(new String[] {requestId, userId});
  }

  public static void setUserId(String userId) {
    String[] current = CURRENT.get();
    CURRENT.set(new String[] {current == null ? null : current[0], userId});
  }

  public static void clear() {
    CURRENT.remove();
  }

  public static String requestId() {
    String[] current = CURRENT.get();
    return current == null ? null : current[0];
  }

  public static String userId() {
    String[] current = CURRENT.get();
    return current == null ? null : current[1];
  }
}
