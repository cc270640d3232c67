package io.treenetra.imports;

import io.treenetra.platform.web.FieldError;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateReferenceSystem;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;
import org.locationtech.proj4j.UnknownAuthorityCodeException;
import org.locationtech.proj4j.proj.ExtendedTransverseMercatorProjection;
import org.locationtech.proj4j.proj.LambertConformalConicProjection;
import org.locationtech.proj4j.proj.LongLatProjection;
import org.locationtech.proj4j.proj.Projection;
import org.locationtech.proj4j.proj.TransverseMercatorProjection;

/**
 * The reference system an import file's coordinates are in (an EPSG code), and their conversion to
 * WGS 84 latitude and longitude by Proj4J with its EPSG definitions. One instance per file read: a
 * Proj4J transform is not safe for two threads.
 *
 * <p>A point must lie in the system's area, or its row fails naming both coordinates. Proj4J
 * carries no EPSG areas of use, so the area is the one the system's projection is made for: a zone
 * projection (Transverse Mercator, as UTM and most State Plane zones; Lambert conformal conic, as
 * the other State Plane zones) within {@value #ZONE_DEGREES}° of longitude of its central meridian,
 * Lambert's also within {@value #ZONE_DEGREES}° of latitude of its standard parallels, and neither
 * west or south of its false origin when that origin is offset to keep coordinates positive; any
 * system: a finite latitude and longitude.
 */
final class CoordinateSystem {

  static final int WGS84 = 4326;

  /** The half-width of a zone projection's area, in degrees. */
  static final int ZONE_DEGREES = 10;

  private static final CRSFactory CRS = new CRSFactory();

  /** "EPSG:2263", "urn:ogc:def:crs:EPSG::2263", "urn:ogc:def:crs:EPSG:6.3:2263". */
  private static final Pattern EPSG_NAME =
      Pattern.compile("(?i)(?:urn:ogc:def:crs:)?EPSG:(?:[0-9.]*:)?(\\d{1,6})");

  /** The GeoJSON 2008 names of WGS 84 with longitude first. */
  private static final Pattern CRS84 = Pattern.compile("(?i)urn:ogc:def:crs:OGC:(?:1\\.3:)?CRS84");

  final int srid;
  private final CoordinateTransform toWgs84;
  private final boolean geographic;
  private final Projection projection;
  private final ProjCoordinate out = new ProjCoordinate();

  private CoordinateSystem(int srid, CoordinateReferenceSystem from) {
    this.srid = srid;
    this.projection = from == null ? null : from.getProjection();
    this.geographic = from == null || projection instanceof LongLatProjection;
    this.toWgs84 =
        from == null
            ? null
            : new CoordinateTransformFactory()
                .createTransform(from, CRS.createFromName("EPSG:" + WGS84));
  }

  /** The system of an EPSG code; an unknown code is an {@link IllegalArgumentException}. */
  static CoordinateSystem of(int srid) {
    if (srid == WGS84) {
      return new CoordinateSystem(srid, null);
    }
    try {
      return new CoordinateSystem(srid, CRS.createFromName("EPSG:" + srid));
    } catch (UnknownAuthorityCodeException | IllegalStateException e) {
      throw new IllegalArgumentException(
          "EPSG:" + srid + " is not a coordinate reference system Proj4J knows");
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "EPSG:" + srid + " cannot be converted to WGS 84 (" + e.getMessage() + ")");
    }
  }

  /** Whether the code names a system the service can convert from. */
  static Optional<String> unknown(int srid) {
    try {
      of(srid);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  /**
   * The EPSG code of a GeoJSON {@code crs} name ({@code EPSG:2263}, its URN, or CRS84); empty when
   * the name is none of these.
   */
  static Optional<Integer> sridOf(String name) {
    String stripped = name.strip();
    if (CRS84.matcher(stripped).matches()) {
      return Optional.of(WGS84);
    }
    Matcher epsg = EPSG_NAME.matcher(stripped);
    return epsg.matches() ? Optional.of(Integer.parseInt(epsg.group(1))) : Optional.empty();
  }

  boolean isWgs84() {
    return toWgs84 == null;
  }

  /**
   * The point {@code (x, y)} of this system (x the easting or longitude) as {@code [lat, lng]} in
   * WGS 84; null, with an error on {@code field} naming both coordinates, when it lies outside the
   * system's area.
   */
  double[] toLatLng(double x, double y, String field, String both, List<FieldError> errors) {
    if (toWgs84 == null) {
      return new double[] {y, x};
    }
    double lat = Double.NaN;
    double lng = Double.NaN;
    if (inProjectedArea(x, y)) {
      try {
        toWgs84.transform(new ProjCoordinate(x, y), out);
        lat = out.y;
        lng = out.x;
      } catch (RuntimeException e) {
        // Outside what the projection can invert: reported below.
      }
    }
    if (!Double.isFinite(lat)
        || !Double.isFinite(lng)
        || Math.abs(lat) > 90
        || Math.abs(lng) > 180
        || !inZone(lat, lng)) {
      errors.add(
          new FieldError(
              field,
              "the point "
                  + both
                  + " ("
                  + plain(x)
                  + ", "
                  + plain(y)
                  + ") lies outside the area of EPSG:"
                  + srid
                  + (projection == null ? "" : " (" + projection + ")")));
      return null;
    }
    return new double[] {lat, lng};
  }

  /** Not west or south of a false origin that keeps the system's coordinates positive. */
  private boolean inProjectedArea(double x, double y) {
    if (geographic) {
      return true;
    }
    return (projection.getFalseEasting() <= 0 || x >= 0)
        && (projection.getFalseNorthing() <= 0 || y >= 0);
  }

  private boolean inZone(double lat, double lng) {
    if (projection instanceof TransverseMercatorProjection
        || projection instanceof LambertConformalConicProjection
        || projection instanceof ExtendedTransverseMercatorProjection) {
      double off = Math.abs(lng - projection.getProjectionLongitudeDegrees()) % 360;
      if (Math.min(off, 360 - off) > ZONE_DEGREES) {
        return false;
      }
    }
    if (projection instanceof LambertConformalConicProjection lambert) {
      double parallels =
          Math.toDegrees((lambert.getProjectionLatitude1() + lambert.getProjectionLatitude2()) / 2);
      return Math.abs(lat - parallels) <= ZONE_DEGREES;
    }
    return true;
  }

  /** A coordinate as the file most likely wrote it: no exponent, no trailing zeros. */
  static String plain(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
