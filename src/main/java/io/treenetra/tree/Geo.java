package io.treenetra.tree;

import java.util.List;

/**
 * Map boxes and circles on the WGS84 sphere, as the SQL of a tree search needs them: a box is
 * indexed (GiST on {@code point(lng, lat)}), the distance is exact ({@code sphere_distance_m}, V4
 * migration).
 */
public final class Geo {

  /** The WGS84 mean radius, as in {@code sphere_distance_m}. */
  public static final double EARTH_RADIUS_M = 6371008.8;

  private Geo() {}

  /** A box in degrees that does not cross the antimeridian: {@code minLng <= maxLng}. */
  public record Box(double minLng, double minLat, double maxLng, double maxLat) {}

  /** A point with an optional radius in metres ({@code null}: the nearest trees, however far). */
  public record Near(double lat, double lng, Double radiusM) {}

  /**
   * The boxes of {@code bbox=minLng,minLat,maxLng,maxLat}: two when it crosses the antimeridian.
   */
  public static List<Box> bbox(double minLng, double minLat, double maxLng, double maxLat) {
    if (minLng <= maxLng) {
      return List.of(new Box(minLng, minLat, maxLng, maxLat));
    }
    return List.of(new Box(minLng, minLat, 180, maxLat), new Box(-180, minLat, maxLng, maxLat));
  }

  /**
   * Boxes that contain every point within {@code radiusM} of ({@code lat}, {@code lng}): the
   * latitude band, and the widest longitude the circle reaches, split at the antimeridian; the
   * whole longitude range when the circle holds a pole. A millimetre of margin keeps rounding from
   * cutting off a point the exact distance would accept.
   */
  public static List<Box> around(double lat, double lng, double radiusM) {
    double angle = (radiusM * (1 + 1e-9) + 1e-3) / EARTH_RADIUS_M;
    if (angle >= Math.PI) {
      return List.of(new Box(-180, -90, 180, 90));
    }
    double dLat = Math.toDegrees(angle);
    double minLat = lat - dLat;
    double maxLat = lat + dLat;
    if (minLat <= -90 || maxLat >= 90) {
      return List.of(new Box(-180, Math.max(-90, minLat), 180, Math.min(90, maxLat)));
    }
    double ratio = Math.sin(angle) / Math.cos(Math.toRadians(lat));
    if (ratio >= 1) {
      return List.of(new Box(-180, minLat, 180, maxLat));
    }
    double dLng = Math.toDegrees(Math.asin(ratio));
    double minLng = lng - dLng;
    double maxLng = lng + dLng;
    if (minLng < -180) {
      return List.of(
          new Box(minLng + 360, minLat, 180, maxLat), new Box(-180, minLat, maxLng, maxLat));
    }
    if (maxLng > 180) {
      return List.of(
          new Box(minLng, minLat, 180, maxLat), new Box(-180, minLat, maxLng - 360, maxLat));
    }
    return List.of(new Box(minLng, minLat, maxLng, maxLat));
  }

  /** Great-circle distance in metres (haversine), the formula of {@code sphere_distance_m}. */
  public static double distanceM(double lat1, double lng1, double lat2, double lng2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLng = Math.toRadians(lng2 - lng1);
    double h =
        Math.pow(Math.sin(dLat / 2), 2)
            + Math.cos(Math.toRadians(lat1))
                * Math.cos(Math.toRadians(lat2))
                * Math.pow(Math.sin(dLng / 2), 2);
    return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
  }
}
