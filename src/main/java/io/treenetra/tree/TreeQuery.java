package io.treenetra.tree;

import io.treenetra.platform.web.QueryParams;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The filters, sort and page of {@code GET /trees}, read from the query string; every bad parameter
 * is a 400 naming it.
 */
public record TreeQuery(
    List<TreeStatus> statuses,
    List<HealthStatus> healthStatuses,
    String species,
    String tag,
    Double dbhMin,
    Double dbhMax,
    LocalDate plantedFrom,
    LocalDate plantedTo,
    SortOrder sort,
    int limit,
    String cursor,
    boolean count) {

  /** The sort keys of API.md; a leading '-' sorts descending. The id breaks ties. */
  public enum Sort {
    CREATED_AT("createdAt", "created_at", false),
    UPDATED_AT("updatedAt", "updated_at", false),
    DBH_CM("dbhCm", "dbh_cm", true);

    final String param;
    final String column;
    final boolean nullable;

    Sort(String param, String column, boolean nullable) {
      this.param = param;
      this.column = column;
      this.nullable = nullable;
    }
  }

  public record SortOrder(Sort key, boolean descending) {
    public String name() {
      return (descending ? "-" : "") + key.param;
    }
  }

  public static final String SORTS = "createdAt, updatedAt, dbhCm (prefix - for descending)";

  static TreeQuery from(MultivaluedMap<String, String> query) {
    QueryParams params = new QueryParams();
    List<TreeStatus> statuses = list(query.getFirst("status")).stream()
        .map(s -> TreeStatus.parse(s).orElseGet(() -> {
          params.reject("status", "must be one or more of " + TreeStatus.ALLOWED + ", separated by commas");
          return null;
        }))
        .toList();
    List<HealthStatus> healths = list(query.getFirst("healthStatus")).stream()
        .map(s -> HealthStatus.parse(s).orElseGet(() -> {
          params.reject("healthStatus", "must be one or more of " + HealthStatus.ALLOWED + ", separated by commas");
          return null;
        }))
        .toList();
    String species = blankToNull(query.getFirst("species"));
    String tag = blankToNull(query.getFirst("tag"));
    if (tag != null && tag.length() > 40) {
      params.reject("tag", "must be at most 40 characters");
    }
    Double dbhMin = params.number("dbhMin", query.getFirst("dbhMin"));
    Double dbhMax = params.number("dbhMax", query.getFirst("dbhMax"));
    if (dbhMin != null && dbhMax != null && dbhMin > dbhMax) {
      params.reject("dbhMin", "must not be greater than dbhMax");
    }
    LocalDate plantedFrom = params.date("plantedFrom", query.getFirst("plantedFrom"));
    LocalDate plantedTo = params.date("plantedTo", query.getFirst("plantedTo"));
    if (plantedFrom != null && plantedTo != null && plantedFrom.isAfter(plantedTo)) {
      params.reject("plantedFrom", "must not be after plantedTo");
    }
    Sort sortKey = Sort.CREATED_AT;
    boolean descending = false;
    String sort = blankToNull(query.getFirst("sort"));
    if (sort != null) {
      descending = sort.startsWith("-");
      String name = descending ? sort.substring(1) : sort;
      sortKey = Arrays.stream(Sort.values()).filter(s -> s.param.equals(name)).findFirst().orElse(null);
      if (sortKey == null) {
        params.reject("sort", "must be one of " + SORTS);
        sortKey = Sort.CREATED_AT;
      }
    }
    int limit = params.limit(query.getFirst("limit"));
    boolean count = params.flag("count", query.getFirst("count"));
    params.check();
    return new TreeQuery(
        statuses, healths, species, tag, dbhMin, dbhMax, plantedFrom, plantedTo,
        new SortOrder(sortKey, descending), limit, blankToNull(query.getFirst("cursor")), count);
  }

  private static List<String> list(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    List<String> items = new ArrayList<>();
    for (String item : value.split(",")) {
      if (!item.isBlank()) {
        items.add(item.trim());
      }
    }
    return items;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
