package io.treenetra.platform.persistence;

import io.treenetra.platform.RequiredLibraries;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.service.spi.ServiceContributor;

/**
 * The first of the application's code that a deployment runs: Hibernate asks its service
 * contributors before it makes any service (the cache regions' factory among them, which needs
 * Infinispan), so a missing library is named here rather than in Hibernate's words.
 */
public class LibrariesCheck implements ServiceContributor {

  @Override
  public void contribute(StandardServiceRegistryBuilder registry) {
    RequiredLibraries.check(LibrariesCheck.class.getClassLoader());
  }
}
