package io.treenetra.itree;

import io.treenetra.platform.json.JsonP;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The i-Tree climate regions as polygons (the project's copy of {@code regions.json}: sixteen
 * GeoJSON MultiPolygons in WGS84), and the region a point stands in. A point is in a polygon when
 * it is inside its outer ring and in none of its holes (even-odd crossing test, the ring's bounding
 * box first); where two regions overlap (about 0.2 km² in all), the first in the file wins.
 *
 * <p>A city's trees stand in a few cells of a {@value #CELL_DEGREES}° grid, and nearly every cell
 * lies wholly inside or outside each region: no ring's edge comes near it (the edge's bounding box
 * misses the cell). Such a cell's answer is that of its centre, worked out the first time a point
 * falls in it and kept; only a point in a cell that an edge touches is tested against the polygons.
 * The answers are the polygons' own. Thread-safe; one copy per class loader.
 */
public final class Regions {

  private record Ring(double minLng, double minLat, double maxLng, double maxLat, double[] xy) {

    static Ring of(JsonArray positions) {
      double[] xy = new double[positions.size() * 2];
      double minLng = Double.POSITIVE_INFINITY;
      double minLat = Double.POSITIVE_INFINITY;
      double maxLng = Double.NEGATIVE_INFINITY;
      double maxLat = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < positions.size(); i++) {
        JsonArray position = positions.getJsonArray(i);
        double lng = position.getJsonNumber(0).doubleValue();
        double lat = position.getJsonNumber(1).doubleValue();
        xy[2 * i] = lng;
        xy[2 * i + 1] = lat;
        minLng = Math.min(minLng, lng);
        minLat = Math.min(minLat, lat);
        maxLng = Math.max(maxLng, lng);
        maxLat = Math.max(maxLat, lat);
      }
      return new Ring(minLng, minLat, maxLng, maxLat, xy);
    }

    boolean inBox(double lng, double lat) {
      return lng >= minLng && lng <= maxLng && lat >= minLat && lat <= maxLat;
    }

    /** Even-odd rule: a ray towards +lng crosses the ring's edges an odd number of times. */
    boolean contains(double lng, double lat) {
      if (!inBox(lng, lat)) {
        return false;
      }
      boolean inside = false;
      int n = xy.length / 2;
      for (int i = 0, j = n - 1; i < n; j = i++) {
        double xi = xy[2 * i];
        double yi = xy[2 * i + 1];
        double xj = xy[2 * j];
        double yj = xy[2 * j + 1];
        if ((yi > lat) != (yj > lat) && lng < (xj - xi) * (lat - yi) / (yj - yi) + xi) {
          inside = !inside;
        }
      }
      return inside;
    }
  }

  private record Polygon(Ring outer, List<Ring> holes) {
    boolean contains(double lng, double lat) {
      if (!outer.contains(lng, lat)) {
        return false;
      }
      for (Ring hole : holes) {
        if (hole.contains(lng, lat)) {
          return false;
        }
      }
      return true;
    }
  }

  private record Region(String code, String name, List<Polygon> polygons) {
    boolean contains(double lng, double lat) {
      for (Polygon polygon : polygons) {
        if (polygon.contains(lng, lat)) {
          return true;
        }
      }
      return false;
    }
  }

  private static final class Standard {
    static final Regions REGIONS = load();
  }

  static final double CELL_DEGREES = 0.02;

  /** The cells kept at most (about 10 MB); points beyond them are tested against the polygons. */
  private static final int MAX_CELLS = 100_000;

  /** A cell's answer when an edge touches it: test the point itself. */
  private static final String MIXED = "";

  /** A cell's answer when no region holds it. */
  private static final String NONE = "-";

  private final List<Region> regions;

  /** Every ring's edges as their bounding boxes: minLng, minLat, maxLng, maxLat per edge. */
  private final double[] edgeBoxes;

  private final ConcurrentHashMap<Long, String> cells = new ConcurrentHashMap<>();

  private Regions(List<Region> regions) {
    this.regions = regions;
    int edges = 0;
    for (Region region : regions) {
      for (Polygon polygon : region.polygons()) {
        edges += polygon.outer().xy().length / 2;
        for (Ring hole : polygon.holes()) {
          edges += hole.xy().length / 2;
        }
      }
    }
    double[] boxes = new double[edges * 4];
    int at = 0;
    for (Region region : regions) {
      for (Polygon polygon : region.polygons()) {
        at = edgeBoxes(polygon.outer(), boxes, at);
        for (Ring hole : polygon.holes()) {
          at = edgeBoxes(hole, boxes, at);
        }
      }
    }
    this.edgeBoxes = boxes;
  }

  private static int edgeBoxes(Ring ring, double[] boxes, int at) {
    double[] xy = ring.xy();
    int n = xy.length / 2;
    for (int i = 0, j = n - 1; i < n; j = i++) {
      boxes[at++] = Math.min(xy[2 * i], xy[2 * j]);
      boxes[at++] = Math.min(xy[2 * i + 1], xy[2 * j + 1]);
      boxes[at++] = Math.max(xy[2 * i], xy[2 * j]);
      boxes[at++] = Math.max(xy[2 * i + 1], xy[2 * j + 1]);
    }
    return at;
  }

  /** The project's copy of the polygons, loaded on first use. */
  public static Regions standard() {
    return Standard.REGIONS;
  }

  static Regions load() {
    String path = "itree/regions.json";
    try (InputStream in = Regions.class.getClassLoader().getResourceAsStream(path);
        JsonReader reader = JsonP.PROVIDER.createReader(in)) {
      return parse(reader.readObject());
    } catch (IOException e) {
      throw new UncheckedIOException("Reading " + path, e);
    }
  }

  static Regions parse(JsonObject collection) {
    List<Region> regions = new ArrayList<>();
    for (JsonValue value : collection.getJsonArray("features")) {
      JsonObject feature = value.asJsonObject();
      JsonObject properties = feature.getJsonObject("properties");
      String code = properties.getString("code");
      if (!ResourceUnits.REGIONS.contains(code)) {
        throw new IllegalStateException("regions.json names an unknown region " + code);
      }
      JsonObject geometry = feature.getJsonObject("geometry");
      if (!"MultiPolygon".equals(geometry.getString("type"))) {
        throw new IllegalStateException("The region " + code + " is not a MultiPolygon");
      }
      List<Polygon> polygons = new ArrayList<>();
      for (JsonValue polygon : geometry.getJsonArray("coordinates")) {
        JsonArray rings = polygon.asJsonArray();
        List<Ring> holes = new ArrayList<>();
        for (int i = 1; i < rings.size(); i++) {
          holes.add(Ring.of(rings.getJsonArray(i)));
        }
        polygons.add(new Polygon(Ring.of(rings.getJsonArray(0)), List.copyOf(holes)));
      }
      regions.add(new Region(code, properties.getString("name"), List.copyOf(polygons)));
    }
    return new Regions(List.copyOf(regions));
  }

  /** The code of the region that holds the point, or null where none does. */
  public String at(double lat, double lng) {
    if (!Double.isFinite(lat) || !Double.isFinite(lng)) {
      return null;
    }
    long row = (long) Math.floor(lat / CELL_DEGREES);
    long column = (long) Math.floor(lng / CELL_DEGREES);
    Long key = row * 1_000_000L + column;
    String cell = cells.get(key);
    if (cell == null) {
      if (cells.size() >= MAX_CELLS) {
        return tested(lat, lng);
      }
      cell = cells.computeIfAbsent(key, k -> cell(row, column));
    }
    if (MIXED.equals(cell)) {
      return tested(lat, lng);
    }
    return NONE.equals(cell) ? null : cell;
  }

  /** A cell's answer for every point in it, or {@link #MIXED}. */
  private String cell(long row, long column) {
    // A little larger than the cell, so that rounding at its border cannot matter.
    double margin = CELL_DEGREES * 1e-6;
    double minLat = row * CELL_DEGREES - margin;
    double maxLat = (row + 1) * CELL_DEGREES + margin;
    double minLng = column * CELL_DEGREES - margin;
    double maxLng = (column + 1) * CELL_DEGREES + margin;
    for (int i = 0; i < edgeBoxes.length; i += 4) {
      if (edgeBoxes[i] <= maxLng
          && edgeBoxes[i + 2] >= minLng
          && edgeBoxes[i + 1] <= maxLat
          && edgeBoxes[i + 3] >= minLat) {
        return MIXED;
      }
    }
    String code = tested((row + 0.5) * CELL_DEGREES, (column + 0.5) * CELL_DEGREES);
    return code == null ? NONE : code;
  }

  /** The region that holds the point by the polygons, or null. */
  String tested(double lat, double lng) {
    for (Region region : regions) {
      if (region.contains(lng, lat)) {
        return region.code();
      }
    }
    return null;
  }

  /** The region's name as the polygons' file gives it ("Northeast", ...), or null. */
  public String name(String code) {
    for (Region region : regions) {
      if (region.code().equals(code)) {
        return region.name();
      }
    }
    return null;
  }
}
