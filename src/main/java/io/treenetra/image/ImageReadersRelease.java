package io.treenetra.image;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/** Undeployed: the image readers this application registered with ImageIO leave with it. */
@WebListener
public class ImageReadersRelease implements ServletContextListener {

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    ImageReaders.release();
  }
}
