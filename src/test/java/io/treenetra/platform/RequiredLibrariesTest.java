package io.treenetra.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

class RequiredLibrariesTest {

  @Test
  void everyLibraryNamedLoadsWhereTheApplicationRuns() {
    assertThat(RequiredLibraries.missing(getClass().getClassLoader())).isEmpty();
  }

  @Test
  void aClassPathWithoutThemNamesEachOneMissing() {
    try (URLClassLoader bare =
        new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
      assertThat(RequiredLibraries.missing(bare))
          .isEqualTo(
              "org.hibernate.orm:hibernate-core, org.flywaydb:flyway-core,"
                  + " org.flywaydb:flyway-database-postgresql, org.postgresql:postgresql,"
                  + " org.infinispan:infinispan-core, org.infinispan:infinispan-hibernate-cache-v66,"
                  + " org.apache.commons:commons-csv, com.fasterxml.jackson.core:jackson-core,"
                  + " com.nimbusds:nimbus-jose-jwt, org.bouncycastle:bcprov-jdk18on,"
                  + " com.twelvemonkeys.imageio:imageio-jpeg,"
                  + " org.apache.commons:commons-fileupload2-jakarta-servlet6,"
                  + " org.locationtech.proj4j:proj4j, com.zaxxer:HikariCP");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
