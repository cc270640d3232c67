package io.treenetra.species;

import io.treenetra.platform.cache.Lookups;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
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
        "species.scientificName",
        key,
        id -> em.find(Species.class, id),
        species -> species.scientificName().toLowerCase(Locale.ROOT).equals(key),
        () -> queryByScientificName(name),
        Species::id);
  }

  private Optional<Species> queryByScientificName(String name) {
    return em.createQuery(
            "SELECT s FROM Species s WHERE lower(s.scientificName) = lower(:name)", Species.class)
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
      jpql.append(
          " AND (lower(s.scientificName) LIKE :prefix ESCAPE '\\' OR lower(s.commonName) LIKE :prefix ESCAPE '\\')");
    }
    if (afterId != null) {
      jpql.append(
          " AND (lower(s.scientificName) > :afterName OR (lower(s.scientificName) = :afterName AND s.id > :afterId))");
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

  /** A species and how well it matches an autocomplete query. */
  public record Match(Species species, double score, String name) {}

  /**
   * Autocomplete: species matching {@code q} best first, after the keyset position. A name that
   * starts with q scores 3 more, a name with words starting with q's words 2 more; the trigram
   * similarity of q to the names (pg_trgm) adds up to 1.5 and lets a typo through ("plantanus",
   * "honeylocsut"). Ties go by scientific name.
   */
  public List<Match> rank(
      String q, String prefixQuery, Double afterScore, String afterName, UUID afterId, int limit) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT m.id, m.score, m.name FROM (SELECT s.id, lower(s.scientific_name) AS name,"
                + " (CASE WHEN lower(unaccent(s.scientific_name)) LIKE :prefix ESCAPE '\\'"
                + "   OR lower(unaccent(coalesce(s.common_name, ''))) LIKE :prefix ESCAPE '\\' THEN 3"
                + "  WHEN s.search @@ to_tsquery('treenetra', :words) THEN 2 ELSE 0 END"
                + "  + greatest(word_similarity(:q, lower(unaccent(s.scientific_name))),"
                + "             word_similarity(:q, lower(unaccent(coalesce(s.common_name, '')))))"
                + "  + greatest(similarity(:q, lower(unaccent(s.scientific_name))),"
                + "             similarity(:q, lower(unaccent(coalesce(s.common_name, ''))))) / 2)::float8 AS score"
                + " FROM species s) m WHERE m.score >= :threshold");
    if (afterId != null) {
      sql.append(
          " AND (m.score < :afterScore OR (m.score = :afterScore AND (m.name > :afterName"
              + " OR (m.name = :afterName AND m.id > :afterId))))");
    }
    sql.append(" ORDER BY m.score DESC, m.name, m.id");
    String normalized = q.strip().toLowerCase(Locale.ROOT);
    var query =
        em.createNativeQuery(sql.toString())
            .setParameter("prefix", escapeLike(normalized) + "%")
            .setParameter("words", prefixQuery)
            .setParameter("q", normalized)
            .setParameter("threshold", MIN_FUZZY_SCORE)
            .setMaxResults(limit);
    if (afterId != null) {
      query
          .setParameter("afterScore", afterScore)
          .setParameter("afterName", afterName)
          .setParameter("afterId", afterId);
    }
    List<Match> matches = new ArrayList<>();
    for (Object row : query.getResultList()) {
      Object[] columns = (Object[]) row;
      find((UUID) columns[0])
          .ifPresent(
              species ->
                  matches.add(
                      new Match(
                          species, ((Number) columns[1]).doubleValue(), (String) columns[2])));
    }
    return matches;
  }

  /** The least score a match needs: "cheery" still offers cherries, "xyzzy" offers nothing. */
  static final double MIN_FUZZY_SCORE = 0.5;

  public void add(Species species) {
    em.persist(species);
  }

  private static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
