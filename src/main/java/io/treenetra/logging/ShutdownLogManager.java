package io.treenetra.logging;

import java.util.logging.Handler;
import java.util.logging.LogManager;

/**
 * The JVM's log manager, except when the JVM shuts down: the JDK's own manager then resets itself
 * from a shutdown hook of its own, closing and removing every handler while the server and the
 * application are still stopping, so the records of the stop (a job handed back to the queue, the
 * server's last words) were lost. This one keeps its handlers; {@link JsonStdoutHandler} writes
 * what it has queued and then each record at once. Named by {@code java.util.logging.manager} in
 * payara/launch.properties (Payara Micro only: a Payara Server has its own).
 */
public class ShutdownLogManager extends LogManager {

  @Override
  public void reset() {
    if (!shuttingDown()) {
      super.reset();
      return;
    }
    for (Handler handler : getLogger("").getHandlers()) {
      if (handler instanceof JsonStdoutHandler json) {
        json.close();
      }
    }
  }

  /** True once the JVM has begun to shut down (no shutdown hook can be added any more). */
  static boolean shuttingDown() {
    Thread probe = new Thread(() -> {}, "treenetra-shutdown-probe");
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }
}
