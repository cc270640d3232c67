package io.treenetra.support;

import java.io.File;
import org.eu.ingwar.tools.arquillian.extension.suite.annotations.ArquillianSuiteDeployment;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The one deployment every integration test shares (one Payara start for the suite): the WAR that
 * `mvn package` built, exactly as it ships.
 */
@ArquillianSuiteDeployment
public class Deployments {

  @Deployment(testable = false)
  public static WebArchive treenetra() {
    return ShrinkWrap.createFromZipFile(
        WebArchive.class, new File(System.getProperty("treenetra.war", "target/treenetra.war")));
  }
}
