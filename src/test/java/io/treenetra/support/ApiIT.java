package io.treenetra.support;

import java.net.URL;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.extension.ExtendWith;

/** Base of the integration tests: the shared server, called over HTTP like any client. */
@ExtendWith({TestEnvironment.class, ArquillianExtension.class})
@RunAsClient
public abstract class ApiIT {

  @ArquillianResource protected URL baseUrl;

  protected Api api() {
    return new Api(baseUrl);
  }
}
