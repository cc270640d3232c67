package io.treenetra.platform;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The HTTP port this instance really serves on, read from the server's own configuration: the first
 * enabled listener of this instance's configuration other than the admin listener ({@code
 * http-listener} on Payara Micro, whatever {@code --port} said; {@code http-listener-1} on a Payara
 * Server, wherever its domain's port base put it). The configuration is Payara's HK2 service
 * locator, an internal API: read by reflection, so that nothing of it is needed to compile or to
 * run elsewhere; empty when it cannot be read.
 */
public final class ServedPort {

  private static final Logger LOG = Logger.getLogger(ServedPort.class.getName());

  private ServedPort() {}

  public static Optional<Integer> http() {
    try {
      Object locator =
          Class.forName("org.glassfish.internal.api.Globals")
              .getMethod("getDefaultBaseServiceLocator")
              .invoke(null);
      Class<?> serverType = Class.forName("com.sun.enterprise.config.serverbeans.Server");
      Object server =
          locator
              .getClass()
              .getMethod("getService", Class.class, String.class, Annotation[].class)
              .invoke(
                  locator,
                  serverType,
                  System.getProperty("com.sun.aas.instanceName", "server"),
                  new Annotation[0]);
      Object config = serverType.getMethod("getConfig").invoke(server);
      Object network = config.getClass().getMethod("getNetworkConfig").invoke(config);
      Object listeners = network.getClass().getMethod("getNetworkListeners").invoke(network);
      Class<?> listenerType = Class.forName("org.glassfish.grizzly.config.dom.NetworkListener");
      for (Object listener :
          (List<?>) listeners.getClass().getMethod("getNetworkListener").invoke(listeners)) {
        String name = (String) listenerType.getMethod("getName").invoke(listener);
        String port = (String) listenerType.getMethod("getPort").invoke(listener);
        String enabled = (String) listenerType.getMethod("getEnabled").invoke(listener);
        if (!"admin-listener".equals(name)
            && !"false".equalsIgnoreCase(enabled)
            && port != null
            && port.matches("[0-9]{1,5}")) {
          return Optional.of(Integer.parseInt(port));
        }
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.log(Level.FINE, "The server's HTTP listeners could not be read", e);
    }
    return Optional.empty();
  }
}
