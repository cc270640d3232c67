package io.treenetra.image;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.spi.IIORegistry;

/**
 * The image readers of the server's class path (TwelveMonkeys: WebP, difficult JPEGs), registered
 * with ImageIO once, before the first image is read, whoever reads it first: an upload, or a
 * thumbnail job on an instance that has taken no upload since it started.
 */
final class ImageReaders {

  static {
    ImageIO.scanForPlugins();
    ImageIO.setUseCache(false);
  }

  private ImageReaders() {}

  /** Makes sure the registration above has run. */
  static void registered() {
    // the static initializer does the work, once
  }

  /**
   * Takes the readers and writers that came with this application out of ImageIO's registry, which
   * belongs to the JVM and would otherwise keep the application's classes loaded after an undeploy.
   * Those of the server's class path (Payara Micro's --addLibs) stay.
   */
  static void release() {
    IIORegistry registry = IIORegistry.getDefaultInstance();
    ClassLoader application = ImageReaders.class.getClassLoader();
    for (Iterator<Class<?>> categories = registry.getCategories(); categories.hasNext(); ) {
      Class<?> category = categories.next();
      List<Object> ours = new ArrayList<>();
      registry
          .getServiceProviders(category, false)
          .forEachRemaining(
              provider -> {
                if (provider.getClass().getClassLoader() == application) {
                  ours.add(provider);
                }
              });
      ours.forEach(registry::deregisterServiceProvider);
    }
  }
}
