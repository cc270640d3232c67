package io.treenetra.platform.cache;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.hibernate.boot.spi.SessionFactoryOptions;
import org.hibernate.service.ServiceRegistry;
import org.infinispan.hibernate.cache.v6.InfinispanRegionFactory;
import org.infinispan.manager.EmbeddedCacheManager;

/**
 * Hibernate's second-level cache on the application's own cache manager ({@link CacheCluster}), so
 * that there is one JGroups channel per instance. The regions' bounds come from the same
 * configuration as the other caches; {@code treenetra.cache.entity-mode} picks invalidation (the
 * default: every instance keeps what it read, writes invalidate the others' copies) or
 * distribution.
 */
public class TreeNetraRegionFactory extends InfinispanRegionFactory {

  private static final String PREFIX = "hibernate.cache.infinispan.";

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public void start(SessionFactoryOptions options, Map configValues) {
    Map<Object, Object> values = new HashMap<>(configValues);
    values.put(PREFIX + "statistics", "true");
    try {
      CacheSettings settings = CacheSettings.load();
      for (String region : new String[] {CacheCluster.TREES, CacheCluster.SPECIES}) {
        CacheSettings.Bounds bounds = settings.bounds(region);
        values.put(PREFIX + region + ".memory.size", Long.toString(bounds.maxEntries()));
        values.put(
            PREFIX + region + ".expiration.max_idle", Long.toString(bounds.expiry().toMillis()));
      }
      if (settings.clustered() && settings.entityMode() == CacheSettings.EntityMode.DISTRIBUTION) {
        values.put(PREFIX + "entity.cfg", CacheCluster.DISTRIBUTED_ENTITY_TEMPLATE);
      }
    } catch (RuntimeException e) {
      throw new IllegalStateException("cache configuration: " + e.getMessage(), e);
    }
    super.start(options, values);
  }

  @Override
  protected EmbeddedCacheManager createCacheManager(
      Properties properties, ServiceRegistry serviceRegistry) {
    return CacheCluster.acquire();
  }

  @Override
  protected void stopCacheManager() {
    CacheCluster.release();
  }
}
