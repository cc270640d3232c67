package io.treenetra.image;

import javax.imageio.ImageIO;

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
}
