package io.treenetra.platform;

import com.fasterxml.jackson.databind.type.TypeFactory;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Undeployed from a server that lives on: what the server's own libraries keep of this application
 * is let go, so that its classes can be unloaded. A Payara Server lends its own Jackson to the
 * applications it runs, and Jackson's shared type cache keeps every class it has described
 * (Hibernate's and Flyway's use of Jackson puts this application's there).
 */
@WebListener
public class Undeployment implements ServletContextListener {

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    if (TypeFactory.class.getClassLoader() != Undeployment.class.getClassLoader()) {
      TypeFactory.defaultInstance().clearCache();
    }
  }
}
