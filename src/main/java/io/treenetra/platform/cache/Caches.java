package io.treenetra.platform.cache;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.infinispan.Cache;
import org.infinispan.manager.EmbeddedCacheManager;
import org.infinispan.remoting.transport.Address;

/**
 * The application's handle on the cache manager: started with the application, let go at its end.
 */
@ApplicationScoped
public class Caches {

  private EmbeddedCacheManager manager;

  @PostConstruct
  void acquire() {
    manager = CacheCluster.acquire();
  }

  /**
   * Joins the cluster while the application starts, not on the first request that needs a cache.
   */
  void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
    manager.getStatus();
  }

  @PreDestroy
  void release() {
    CacheCluster.release();
  }

  public <K, V> Cache<K, V> get(String name) {
    return manager.getCache(name);
  }

  /**
   * Whether the named cache has been created on this instance (Hibernate's regions appear at
   * deploy).
   */
  public boolean exists(String name) {
    return manager.cacheExists(name);
  }

  public CacheSettings settings() {
    return CacheCluster.settings();
  }

  /** The cluster's members, this instance included; just this one when alone. */
  public List<String> members() {
    List<Address> members = manager.getMembers();
    return members == null ? List.of(self()) : members.stream().map(Address::toString).toList();
  }

  /** This instance's name in the cluster ({@code local} when alone). */
  public String self() {
    Address address = manager.getAddress();
    return address == null ? "local" : address.toString();
  }
}
