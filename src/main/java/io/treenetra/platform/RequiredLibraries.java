package io.treenetra.platform;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Stops the deployment when a library the application needs is on no class path, and names each one
 * missing. Without it the first symptom is far from the cause (a JNDI lookup of the pool failing
 * because the class declaring it could not load, or Hibernate unable to make a cache region).
 * Payara Micro finds them next to the WAR (payara/launch.properties, --addLibs), a full Payara
 * Server inside target/treenetra-server.war. Hibernate boots first of all, at deploy, and asks
 * {@link io.treenetra.platform.persistence.LibrariesCheck} before anything else; without Hibernate
 * itself the server's own message names its provider class.
 */
public final class RequiredLibraries {

  /** A library by its Maven coordinates and one class of it that the application uses. */
  record Library(String coordinates, String className) {}

  static final List<Library> LIBRARIES =
      List.of(
          new Library("org.hibernate.orm:hibernate-core", "org.hibernate.Session"),
          new Library("org.flywaydb:flyway-core", "org.flywaydb.core.Flyway"),
          new Library(
              "org.flywaydb:flyway-database-postgresql",
              "org.flywaydb.database.postgresql.PostgreSQLDatabaseType"),
          new Library("org.postgresql:postgresql", "org.postgresql.Driver"),
          new Library(
              "org.infinispan:infinispan-core", "org.infinispan.manager.DefaultCacheManager"),
          new Library(
              "org.infinispan:infinispan-hibernate-cache-v66",
              "org.infinispan.hibernate.cache.v6.InfinispanRegionFactory"),
          new Library("org.apache.commons:commons-csv", "org.apache.commons.csv.CSVFormat"),
          new Library(
              "com.fasterxml.jackson.core:jackson-core", "com.fasterxml.jackson.core.JsonFactory"),
          new Library("com.nimbusds:nimbus-jose-jwt", "com.nimbusds.jwt.SignedJWT"),
          new Library(
              "org.bouncycastle:bcprov-jdk18on",
              "org.bouncycastle.crypto.generators.Argon2BytesGenerator"),
          new Library(
              "com.twelvemonkeys.imageio:imageio-jpeg",
              "com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReader"),
          new Library(
              "org.apache.commons:commons-fileupload2-jakarta-servlet6",
              "org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload"),
          new Library("org.locationtech.proj4j:proj4j", "org.locationtech.proj4j.CRSFactory"),
          new Library("com.zaxxer:HikariCP", "com.zaxxer.hikari.HikariDataSource"));

  private RequiredLibraries() {}

  /** Throws, naming every library {@code loader} cannot load, when there is one. */
  public static void check(ClassLoader loader) {
    String missing = missing(loader);
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "TreeNetra cannot start: libraries missing from its class path: "
              + missing
              + ". Deploy target/treenetra-server.war on a Payara Server (it holds them all); "
              + "on Payara Micro start it with payara/launch.sh (docs/deployment.md)");
    }
  }

  /** The coordinates of the libraries {@code loader} cannot load, comma-separated. */
  static String missing(ClassLoader loader) {
    return LIBRARIES.stream()
        .filter(library -> !loads(loader, library.className()))
        .map(Library::coordinates)
        .collect(Collectors.joining(", "));
  }

  private static boolean loads(ClassLoader loader, String className) {
    try {
      Class.forName(className, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
