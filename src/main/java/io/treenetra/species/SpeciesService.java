package io.treenetra.species;

import io.treenetra.itree.Benefits;
import io.treenetra.itree.ResourceUnits;
import io.treenetra.itree.SpeciesCodes;
import io.treenetra.platform.cache.DataGeneration;
import io.treenetra.platform.json.JsonInput;
import io.treenetra.platform.persistence.Audited;
import io.treenetra.platform.persistence.Clocks;
import io.treenetra.platform.persistence.TextSearch;
import io.treenetra.platform.validation.RequestValidator;
import io.treenetra.platform.web.ApiException;
import io.treenetra.platform.web.Cursor;
import io.treenetra.platform.web.ErrorCode;
import io.treenetra.platform.web.FieldError;
import io.treenetra.platform.web.Page;
import io.treenetra.platform.web.Preconditions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

@ApplicationScoped
public class SpeciesService {

  private static final String SORT = "scientificName";

  @Inject SpeciesRepository repository;
  @Inject DataGeneration generation;
  @Inject RequestValidator validator;
  @Inject Clocks clocks;
  @Inject Benefits benefits;
  @PersistenceContext EntityManager em;

  public Species get(UUID id) {
    return repository.find(id).orElseThrow(() -> ApiException.notFound("No species " + id));
  }

  public Page<SpeciesResponse> search(String q, String cursor, int limit) {
    if (q != null && !q.isBlank()) {
      return rank(q, cursor, limit);
    }
    Cursor after = cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor, SORT);
    UUID afterId = after == null ? null : after.uuid();
    List<Species> found =
        repository.search(
            q == null || q.isBlank() ? null : q,
            after == null ? null : after.value(),
            afterId,
            limit + 1);
    return Page.keyset(
        found,
        limit,
        null,
        SpeciesResponse::of,
        last -> new Cursor(SORT, last.scientificName().toLowerCase(), last.id().toString()));
  }

  /** Autocomplete, best match first; a cursor continues only the same query. */
  private Page<SpeciesResponse> rank(String q, String cursor, int limit) {
    if (q.length() > TextSearch.MAX_LENGTH) {
      throw ApiException.invalid("q", "must be at most " + TextSearch.MAX_LENGTH + " characters");
    }
    List<String> words = TextSearch.words(q);
    if (words.isEmpty()) {
      throw ApiException.invalid("q", "must contain a letter or a digit");
    }
    if (words.size() > TextSearch.MAX_WORDS) {
      throw ApiException.invalid("q", "must have at most " + TextSearch.MAX_WORDS + " words");
    }
    String sort = "match@" + String.join(" ", words);
    Double afterScore = null;
    String afterName = null;
    UUID afterId = null;
    if (cursor != null && !cursor.isBlank()) {
      Cursor after = Cursor.decode(cursor, sort);
      afterId = after.uuid();
      afterScore = after.value(v -> Double.valueOf(v.substring(0, v.indexOf(' '))));
      afterName = after.value(v -> v.substring(v.indexOf(' ') + 1));
    }
    List<SpeciesRepository.Match> found =
        repository.rank(
            q, TextSearch.prefixQuery(words), afterScore, afterName, afterId, limit + 1);
    return Page.keyset(
        found,
        limit,
        null,
        match -> SpeciesResponse.of(match.species()),
        last -> new Cursor(sort, last.score() + " " + last.name(), last.species().id().toString()));
  }

  @Transactional
  @Audited
  public Species create(JsonObject json, boolean admin) {
    generation.changedOnCommit();
    SpeciesInput input = validate(json);
    requireUniqueName(input.scientificName(), null);
    Species species = new Species(UUID.randomUUID(), clocks.now());
    species.apply(input, overrides(input, null, admin), clocks.now());
    repository.add(species);
    em.flush();
    return species;
  }

  @Transactional
  @Audited
  public Species replace(UUID id, JsonObject json, String ifMatch, boolean admin) {
    generation.changedOnCommit();
    Species species = get(id);
    Preconditions.checkIfMatch(ifMatch, species.version());
    SpeciesInput input = validate(json);
    requireUniqueName(input.scientificName(), id);
    species.apply(input, overrides(input, species, admin), clocks.now());
    em.flush();
    return species;
  }

  /**
   * The species' code overrides after this write. {@code itreeCodes} absent keeps them; given, each
   * region it names gets the code (an override where the master list assigns another) or, for null
   * or the master list's own code, the master list's. Every region must be one of the sixteen and
   * every code a row of its tables (400). Only an admin may change an override (403), so a species
   * sent back as read is accepted from anyone.
   */
  private Map<String, String> overrides(SpeciesInput input, Species current, boolean admin) {
    Map<String, String> before = current == null ? Map.of() : current.itreeCodeOverrides();
    if (input.itreeCodes() == null) {
      return before;
    }
    Map<String, String> master = SpeciesCodes.standard().codes(input.scientificName());
    Map<String, String> after = new TreeMap<>(before);
    List<FieldError> errors = new ArrayList<>();
    input
        .itreeCodes()
        .forEach(
            (region, code) -> {
              String field = "itreeCodes." + JsonInput.printable(region);
              if (!ResourceUnits.REGIONS.contains(region)) {
                errors.add(
                    new FieldError(
                        field,
                        "is not an i-Tree region; the regions are " + ResourceUnits.REGIONS));
              } else if (code != null && !benefits.units().has(region, code)) {
                errors.add(
                    new FieldError(
                        field,
                        "'"
                            + JsonInput.printable(code)
                            + "' is not a code of the "
                            + region
                            + " tables; they have "
                            + benefits.units().codes(region)));
              } else if (code == null || code.equals(master.get(region))) {
                after.remove(region);
              } else {
                after.put(region, code);
              }
            });
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    if (!after.equals(before) && !admin) {
      throw new ApiException(
          ErrorCode.AUTHORIZATION_ERROR, "Only an admin may set a species' i-Tree codes");
    }
    return after;
  }

  private SpeciesInput validate(JsonObject json) {
    List<FieldError> errors = new ArrayList<>();
    SpeciesInput input = SpeciesInput.read(json, errors);
    validator.check(input, errors);
    return input;
  }

  private void requireUniqueName(String scientificName, UUID self) {
    repository
        .findByScientificName(scientificName)
        .filter(existing -> !existing.id().equals(self))
        .ifPresent(
            existing -> {
              throw ApiException.conflict(
                  "scientificName",
                  "a species named "
                      + existing.scientificName()
                      + " already exists ("
                      + existing.id()
                      + ")");
            });
  }
}
