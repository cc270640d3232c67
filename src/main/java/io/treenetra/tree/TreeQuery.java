package io.treenetra.tree;

import io.treenetra.platform.persistence.TextSearch;
import io.treenetra.platform.web.QueryParams;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

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
    List<Geo.Box> bbox,
    Geo.Near near,
    String text,
    Format format,
    SortOrder sort,
    int limit,
    String cursor,
    boolean count,
    List<String> riskRatings) {

  /** The values of {@code riskRating}. */
  public static final List<String> RISK_RATINGS = List.of("low", "moderate", "high", "extreme");

  /**
   * The sort keys: the columns of API.md (a leading '-' sorts descending), the distance from {@code
   * near} (nearest first) and the relevance to {@code q} (best first). The id breaks ties.
   */
  public enum Sort {
    CREATED_AT("createdAt", "created_at", false),
    UPDATED_AT("updatedAt", "updated_at", false),
    DBH_CM("dbhCm", "dbh_cm", true),
    DISTANCE("distance", null, false),
    RELEVANCE("relevance", null, false);

    final String param;
    final String column;
    final boolean nullable;

    Sort(String param, String column, boolean nullable) {
      this.param = param;
      this.column = column;
      this.nullable = nullable;
    }

    boolean computed() {
      return column == null;
    }
  }

  /**
   * A sort and what it is relative to (the point of a distance, the query of a relevance), so that
   * a cursor made for one search is refused by another.
   */
  public record SortOrder(Sort key, boolean descending, String relativeTo) {
    public String name() {
      return (descending ? "-" : "") + key.param + (relativeTo == null ? "" : "@" + relativeTo);
    }
  }

  /** What {@code GET /trees} answers: a JSON page, or the whole filtered set streamed. */
  public enum Format {
    JSON,
    GEOJSON,
    CSV
  }

  public static final String SORTS =
      "createdAt, updatedAt, dbhCm (prefix - for descending), distance (with near), relevance (with q)";
  public static final double MAX_RADIUS_M = 50_000;

  static TreeQuery from(MultivaluedMap<String, String> query) {
    return from(query, false);
  }

  /** {@code geoJsonAccepted}: the client's Accept header asks for GeoJSON rather than JSON. */
  static TreeQuery from(MultivaluedMap<String, String> query, boolean geoJsonAccepted) {
    QueryParams params = new QueryParams();
    List<TreeStatus> statuses =
        list(query.getFirst("status")).stream()
            .map(
                s ->
                    TreeStatus.parse(s)
                        .orElseGet(
                            () -> {
                              params.reject(
                                  "status",
                                  "must be one or more of "
                                      + TreeStatus.ALLOWED
                                      + ", separated by commas");
                              return null;
                            }))
            .toList();
    List<HealthStatus> healths =
        list(query.getFirst("healthStatus")).stream()
            .map(
                s ->
                    HealthStatus.parse(s)
                        .orElseGet(
                            () -> {
                              params.reject(
                                  "healthStatus",
                                  "must be one or more of "
                                      + HealthStatus.ALLOWED
                                      + ", separated by commas");
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
    List<Geo.Box> bbox = bbox(params, query.getFirst("bbox"));
    Geo.Near near = near(params, query.getFirst("near"), query.getFirst("radiusM"));
    String text = text(params, query.getFirst("q"));
    Format format = format(params, query.getFirst("format"), geoJsonAccepted);
    SortOrder sort = sort(params, query.getFirst("sort"), near, text);
    int limit = params.limit(query.getFirst("limit"));
    boolean count = params.flag("count", query.getFirst("count"));
    List<String> riskRatings = list(query.getFirst("riskRating"));
    if (!RISK_RATINGS.containsAll(riskRatings)) {
      params.reject(
          "riskRating",
          "must be one or more of " + String.join(", ", RISK_RATINGS) + ", separated by commas");
    }
    params.check();
    return new TreeQuery(
        statuses,
        healths,
        species,
        tag,
        dbhMin,
        dbhMax,
        plantedFrom,
        plantedTo,
        bbox,
        near,
        text,
        format,
        sort,
        limit,
        blankToNull(query.getFirst("cursor")),
        count,
        riskRatings);
  }

  /** {@code minLng,minLat,maxLng,maxLat}; a minLng above maxLng crosses the antimeridian. */
  public static List<Geo.Box> bbox(QueryParams params, String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    double[] numbers = numbers(value, 4);
    String problem = null;
    if (numbers == null) {
      problem = "must be four numbers minLng,minLat,maxLng,maxLat";
    } else if (!longitude(numbers[0]) || !longitude(numbers[2])) {
      problem = "longitudes must be from -180 to 180";
    } else if (!latitude(numbers[1]) || !latitude(numbers[3])) {
      problem = "latitudes must be from -90 to 90";
    } else if (numbers[1] > numbers[3]) {
      problem = "minLat must not be greater than maxLat";
    }
    if (problem != null) {
      params.reject("bbox", problem);
      return List.of();
    }
    return Geo.bbox(numbers[0], numbers[1], numbers[2], numbers[3]);
  }

  /** {@code near=lat,lng} with an optional {@code radiusM} from 0 to 50,000. */
  private static Geo.Near near(QueryParams params, String value, String radius) {
    Double radiusM = params.number("radiusM", radius);
    if (radiusM != null && (radiusM < 0 || radiusM > MAX_RADIUS_M)) {
      params.reject("radiusM", "must be from 0 to 50000 metres");
      radiusM = null;
    }
    if (value == null || value.isBlank()) {
      if (radius != null && !radius.isBlank()) {
        params.reject("radiusM", "needs near=lat,lng");
      }
      return null;
    }
    double[] numbers = numbers(value, 2);
    if (numbers == null) {
      params.reject("near", "must be two numbers lat,lng");
      return null;
    }
    if (!latitude(numbers[0])) {
      params.reject("near", "latitude must be from -90 to 90");
      return null;
    }
    if (!longitude(numbers[1])) {
      params.reject("near", "longitude must be from -180 to 180");
      return null;
    }
    return new Geo.Near(numbers[0], numbers[1], radiusM);
  }

  /**
   * The words of {@code q} as a PostgreSQL text query: every word must match, each as a prefix
   * ("map" finds "maple"), stemmed and unaccented by the {@code treenetra} configuration.
   */
  private static String text(QueryParams params, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    if (value.length() > TextSearch.MAX_LENGTH) {
      params.reject("q", "must be at most " + TextSearch.MAX_LENGTH + " characters");
      return null;
    }
    List<String> words = TextSearch.words(value);
    if (words.isEmpty()) {
      params.reject("q", "must contain a letter or a digit");
      return null;
    }
    if (words.size() > TextSearch.MAX_WORDS) {
      params.reject("q", "must have at most " + TextSearch.MAX_WORDS + " words");
      return null;
    }
    return TextSearch.prefixQuery(words);
  }

  private static Format format(QueryParams params, String value, boolean geoJsonAccepted) {
    if (value == null || value.isBlank()) {
      return geoJsonAccepted ? Format.GEOJSON : Format.JSON;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "json" -> Format.JSON;
      case "geojson" -> Format.GEOJSON;
      case "csv" -> Format.CSV;
      default -> {
        params.reject("format", "must be json, geojson or csv");
        yield Format.JSON;
      }
    };
  }

  /**
   * The sort asked for, or the natural one: by distance with {@code near}, by relevance with {@code
   * q}, by creation otherwise. The nearest trees without a radius only sort by distance.
   */
  private static SortOrder sort(QueryParams params, String value, Geo.Near near, String text) {
    String sort = blankToNull(value);
    String point = near == null ? null : near.lat() + "," + near.lng();
    if (sort == null) {
      if (near != null) {
        return new SortOrder(Sort.DISTANCE, false, point);
      }
      return text != null
          ? new SortOrder(Sort.RELEVANCE, false, text)
          : new SortOrder(Sort.CREATED_AT, false, null);
    }
    boolean descending = sort.startsWith("-");
    String name = descending ? sort.substring(1) : sort;
    Sort key =
        Arrays.stream(Sort.values()).filter(s -> s.param.equals(name)).findFirst().orElse(null);
    if (key == null) {
      params.reject("sort", "must be one of " + SORTS);
      return new SortOrder(Sort.CREATED_AT, false, null);
    }
    if (key.computed() && descending) {
      params.reject("sort", key.param + " sorts one way only: nearest or most relevant first");
    } else if (key == Sort.DISTANCE && near == null) {
      params.reject("sort", "distance needs near=lat,lng");
    } else if (key == Sort.RELEVANCE && text == null) {
      params.reject("sort", "relevance needs q");
    } else if (near != null && near.radiusM() == null && key != Sort.DISTANCE) {
      params.reject(
          "sort",
          "near without radiusM finds the nearest trees and sorts by distance; give radiusM to sort otherwise");
    }
    String relativeTo = key == Sort.DISTANCE ? point : key == Sort.RELEVANCE ? text : null;
    return new SortOrder(key, descending, relativeTo);
  }

  private static double[] numbers(String value, int count) {
    String[] parts = value.split(",", -1);
    if (parts.length != count) {
      return null;
    }
    double[] numbers = new double[count];
    for (int i = 0; i < count; i++) {
      try {
        numbers[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        return null;
      }
      if (!Double.isFinite(numbers[i])) {
        return null;
      }
    }
    return numbers;
  }

  private static boolean latitude(double value) {
    return value >= -90 && value <= 90;
  }

  private static boolean longitude(double value) {
    return value >= -180 && value <= 180;
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
