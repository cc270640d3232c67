package io.treenetra.platform.cache;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.infinispan.Cache;

/**
 * Natural keys to ids (a tree's {@code externalId}, a species' scientific name), so that a lookup
 * by natural key is an id lookup in the second-level cache instead of a query. Never trusted
 * blindly: the entity found by id must still carry the key (entities are coherent across instances,
 * this cache need not be), otherwise the query decides. Only keys that were found are remembered.
 */
@ApplicationScoped
public class Lookups {

  @Inject Caches caches;

  /**
   * The entity whose natural key is {@code key} in {@code kind}: through the remembered id when
   * {@code stillMatches} agrees, else from {@code query}, then remembered.
   */
  public <E> Optional<E> find(
      String kind,
      String key,
      Function<UUID, E> byId,
      Predicate<E> stillMatches,
      Supplier<Optional<E>> query,
      Function<E, UUID> idOf) {
    Cache<String, UUID> ids = caches.get(CacheCluster.LOOKUPS);
    String cacheKey = kind + '\n' + key;
    UUID id = ids.get(cacheKey);
    if (id != null) {
      E entity = byId.apply(id);
      if (entity != null && stillMatches.test(entity)) {
        return Optional.of(entity);
      }
      ids.remove(cacheKey);
    }
    Optional<E> found = query.get();
    found.ifPresent(entity -> ids.put(cacheKey, idOf.apply(entity)));
    return found;
  }
}
