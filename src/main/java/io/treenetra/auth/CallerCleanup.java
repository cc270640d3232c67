package io.treenetra.auth;

import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;

/**
 * Forgets the caller when a request ends, whatever ended it, so that the next request on the same
 * thread starts as nobody (declared in web.xml).
 */
public class CallerCleanup implements ServletRequestListener {

  @Override
  public void requestDestroyed(ServletRequestEvent event) {
    Callers.clear();
  }
}
