package io.treenetra.species;

import io.treenetra.platform.cache.Lookups;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class SpeciesRepository {

  @PersistenceContext EntityManager em;

  @Inject Lookups lookups;

  public Optional<Species> find(UUID id) {
    return Optional.ofNullable(em.find(Species.class, id));
  }

  /** Scientific names are unique ignoring case. */
  public Optional<Species> findByScientificName(String name) {
    String key = name.strip().toLowerCase(Locale.ROOT);
    return lookups.find(
        "species.scientificName", key,
        id -> em.find(Species.class, id),
        species -> species.scientificName().toLowerCase(Locale.ROOT).equals(key),
        () -> queryByScientificName(name),
        Species::id);
  }

  private Optional<Species> queryByScientificName(String name) {
    return em.createQuery("SELECT s FROM Species s WHERE lower(s.scientificName) = lower(:name)", Species.class)
        .setParameter("name", name.strip())
        .getResultStream()
        .findFirst();
  }

  /**
   * Species whose scientific or common name starts with {@code q} (any case), by scientific name,
   * after the keyset position {@code afterName}/{@code afterId}.
   */
  public List<Species> search(String q, String afterName, UUID afterId, int limit) {
    StringBuilder jpql = new StringBuilder("SELECT s FROM Species s WHERE 1 = 1");
    if (q != null) {
      jpql.append(" AND (lower(s.scientificName) LIKE :prefix ESCAPE '\\' OR lower(s.commonName) LIKE :prefix ESCAPE '\\')");
    }
    if (afterId != null) {
      jpql.append(" AND (lower(s.scientificName) > :afterName OR (lower(s.scientificName) = :afterName AND s.id > :afterId))");
    }
    jpql.append(" ORDER BY lower(s.scientificName), s.id");
    var query = em.createQuery(jpql.toString(), Species.class).setMaxResults(limit);
    if (q != null) {
      query.setParameter("prefix", escapeLike(q.strip().toLowerCase()) + "%");
    }
    if (afterId != null) {
      query.setParameter("afterName", afterName).setParameter("afterId", afterId);
    }
    return query.getResultList();
  }

  public void add(Species species) {
    em.persist(species);
  }

  private static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
