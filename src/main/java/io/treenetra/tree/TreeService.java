package io.treenetra.tree;

import io.treenetra.platform.cache.DataGeneration;
import io.treenetra.platform.json.JsonP;
import io.treenetra.platform.persistence.Audited;
import io.treenetra.platform.persistence.Clocks;
import io.treenetra.platform.validation.RequestValidator;
import io.treenetra.platform.web.ApiException;
import io.treenetra.platform.web.Cursor;
import io.treenetra.platform.web.FieldError;
import io.treenetra.platform.web.Ids;
import io.treenetra.platform.web.Page;
import io.treenetra.platform.web.Preconditions;
import io.treenetra.species.Species;
import io.treenetra.species.SpeciesRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

@ApplicationScoped
public class TreeService {

  @Inject TreeRepository trees;
  @Inject DataGeneration generation;
  @Inject SpeciesRepository species;
  @Inject RequestValidator validator;
  @Inject TreeMetrics metrics;
  @Inject Clocks clocks;
  @PersistenceContext EntityManager em;

  public Tree get(UUID id) {
    return trees.find(id).orElseThrow(() -> ApiException.notFound("No tree " + id));
  }

  @Transactional
  @Audited
  public Tree create(JsonObject json) {
    generation.changedOnCommit();
    TreeInput input = validate(json);
    Species resolved = resolveSpecies(input);
    requireUniqueExternalId(input.externalId(), null);
    Instant now = clocks.now();
    Tree tree = new Tree(UUID.randomUUID(), now);
    tree.apply(input, resolved, now);
    trees.add(tree);
    em.flush();
    metrics.created();
    return tree;
  }

  @Transactional
  @Audited
  public Tree replace(UUID id, JsonObject json, String ifMatch) {
    generation.changedOnCommit();
    Tree tree = get(id);
    Preconditions.checkIfMatch(ifMatch, tree.version());
    return update(tree, json);
  }

  /** RFC 7396 merge patch over the tree's writable fields, then validated like a replace. */
  @Transactional
  @Audited
  public Tree patch(UUID id, JsonObject patch, String ifMatch) {
    generation.changedOnCommit();
    Tree tree = get(id);
    Preconditions.checkIfMatch(ifMatch, tree.version());
    JsonObject current = writable(tree);
    if (patch.containsKey("scientificName") || patch.containsKey("species")) {
      current = JsonP.PROVIDER.createObjectBuilder(current).remove("speciesId").build();
    }
    JsonValue merged = JsonP.PROVIDER.createMergePatch(patch).apply(current);
    return update(tree, merged.asJsonObject());
  }

  @Transactional
  @Audited
  public void delete(UUID id, String ifMatch) {
    generation.changedOnCommit();
    Tree tree = get(id);
    Preconditions.checkIfMatch(ifMatch, tree.version());
    tree.delete(clocks.now());
    em.flush();
  }

  /**
   * The filters of {@code GET /trees} from a query string, for every listing or statistic of trees.
   */
  public TreeFilter filter(jakarta.ws.rs.core.MultivaluedMap<String, String> queryParameters) {
    return filter(TreeQuery.from(queryParameters));
  }

  TreeFilter filter(TreeQuery query) {
    return new TreeFilter(
        query.statuses(),
        query.healthStatuses(),
        speciesFilter(query.species()),
        query.tag(),
        query.dbhMin(),
        query.dbhMax(),
        query.plantedFrom(),
        query.plantedTo(),
        query.bbox(),
        query.near(),
        query.text(),
        query.riskRatings());
  }

  public Page<TreeResponse> list(TreeQuery query) {
    TreeFilter filter = filter(query);
    Cursor after = query.cursor() == null ? null : decode(query.cursor(), query.sort());
    List<TreeRepository.Found> found = trees.search(filter, query.sort(), after, query.limit() + 1);
    Long total = query.count() ? trees.count(filter) : null;
    return Page.keyset(
        found,
        query.limit(),
        total,
        hit ->
            TreeResponse.of(hit.tree(), hit.distanceM() == null ? null : roundCm(hit.distanceM())),
        last -> new Cursor(query.sort().name(), last.sortValue(), last.tree().id().toString()));
  }

  /** Distances to the centimetre: what a map needs, and stable across platforms. */
  static double roundCm(double metres) {
    return Math.round(metres * 100) / 100.0;
  }

  private Tree update(Tree tree, JsonObject json) {
    TreeInput input = validate(json);
    Species resolved = resolveSpecies(input);
    requireUniqueExternalId(input.externalId(), tree.id());
    tree.apply(input, resolved, clocks.now());
    em.flush();
    return tree;
  }

  private TreeInput validate(JsonObject json) {
    List<FieldError> errors = new ArrayList<>();
    TreeInput input = TreeInput.read(json, errors);
    validator.check(input, errors);
    return input;
  }

  private Species resolveSpecies(TreeInput input) {
    if (input.speciesId() != null) {
      Species byId =
          species
              .find(input.speciesId())
              .orElseThrow(() -> ApiException.invalid("speciesId", "no species has this id"));
      if (input.scientificName() != null
          && !byId.scientificName().equalsIgnoreCase(input.scientificName().strip())) {
        throw ApiException.invalid("scientificName", "names another species than speciesId");
      }
      return byId;
    }
    if (input.scientificName() != null) {
      return species
          .findByScientificName(input.scientificName())
          .orElseThrow(
              () ->
                  ApiException.invalid(
                      "scientificName",
                      "is not in the species catalogue; create the species first"));
    }
    return null;
  }

  private void requireUniqueExternalId(String externalId, UUID self) {
    if (externalId == null) {
      return;
    }
    trees
        .findByExternalId(externalId)
        .filter(existing -> !existing.id().equals(self))
        .ifPresent(
            existing -> {
              throw ApiException.conflict(
                  "externalId", "tree " + existing.id() + " already has this externalId");
            });
  }

  private UUID speciesFilter(String value) {
    if (value == null) {
      return null;
    }
    return Ids.tryParse(value)
        .or(() -> species.findByScientificName(value).map(Species::id))
        .orElseThrow(
            () ->
                ApiException.invalid(
                    "species", "is neither a species id nor a scientific name in the catalogue"));
  }

  private static Cursor decode(String encoded, TreeQuery.SortOrder order) {
    Cursor cursor = Cursor.decode(encoded, order.name());
    try {
      UUID.fromString(cursor.id());
      if (cursor.value() != null) {
        switch (order.key()) {
          case CREATED_AT, UPDATED_AT -> Instant.parse(cursor.value());
          case RELEVANCE -> {
            int tier = Integer.parseInt(cursor.value());
            if (tier < 1 || tier > TreeFilter.TIERS) {
              throw new IllegalArgumentException();
            }
          }
          default -> {
            if (!Double.isFinite(Double.parseDouble(cursor.value()))) {
              throw new IllegalArgumentException();
            }
          }
        }
      } else if (!order.key().nullable) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw Cursor.invalid();
    }
    return cursor;
  }

  /** The tree as a client would write it: the target of a merge patch. */
  private static JsonObject writable(Tree tree) {
    JsonObjectBuilder json = JsonP.PROVIDER.createObjectBuilder();
    putNullable(json, "externalId", tree.externalId());
    if (tree.species() != null) {
      json.add("speciesId", tree.species().id().toString());
    }
    JsonObjectBuilder location =
        JsonP.PROVIDER.createObjectBuilder().add("lat", tree.lat()).add("lng", tree.lng());
    putNullable(location, "address", tree.address());
    json.add("location", location);
    putNullable(json, "dbhCm", tree.dbhCm());
    putNullable(json, "heightM", tree.heightM());
    putNullable(json, "canopyDiameterM", tree.canopyDiameterM());
    json.add("status", tree.status().json());
    putNullable(
        json, "healthStatus", tree.healthStatus() == null ? null : tree.healthStatus().json());
    putNullable(
        json, "plantedDate", tree.plantedDate() == null ? null : tree.plantedDate().toString());
    json.add(
        "tags",
        JsonP.PROVIDER.createArrayBuilder(Objects.requireNonNullElse(tree.tags(), List.of())));
    putNullable(json, "notes", tree.notes());
    return json.build();
  }

  private static void putNullable(JsonObjectBuilder json, String name, Object value) {
    if (value == null) {
      json.addNull(name);
    } else if (value instanceof Double number) {
      json.add(name, number);
    } else {
      json.add(name, value.toString());
    }
  }
}
