package io.treenetra.imports;

/**
 * EPSG:2263 (NAD83 / New York Long Island, US survey feet) by the published formulas of the Lambert
 * conic conformal projection with two standard parallels (IOGP Guidance Note 7-2, section 3.2.1.1),
 * written from the guidance note rather than taken from the library the service uses, so that the
 * two check each other.
 */
final class StatePlane {

  private static final double A = 6378137.0;
  private static final double F = 1 / 298.257222101;
  private static final double E = Math.sqrt(2 * F - F * F);
  private static final double US_FOOT = 1200.0 / 3937.0;
  private static final double LAT_1 = Math.toRadians(41 + 2 / 60.0);
  private static final double LAT_2 = Math.toRadians(40 + 40 / 60.0);
  private static final double LAT_F = Math.toRadians(40 + 10 / 60.0);
  private static final double LNG_F = Math.toRadians(-74);
  private static final double EASTING_F = 300000.0;

  private StatePlane() {}

  private static double m(double lat) {
    return Math.cos(lat) / Math.sqrt(1 - E * E * Math.sin(lat) * Math.sin(lat));
  }

  private static double t(double lat) {
    double sin = Math.sin(lat);
    return Math.tan(Math.PI / 4 - lat / 2) / Math.pow((1 - E * sin) / (1 + E * sin), E / 2);
  }

  /** {x, y}: easting and northing in US survey feet of a point given in degrees. */
  static double[] feet(double lat, double lng) {
    double n =
        (Math.log(m(LAT_1)) - Math.log(m(LAT_2))) / (Math.log(t(LAT_1)) - Math.log(t(LAT_2)));
    double f = m(LAT_1) / (n * Math.pow(t(LAT_1), n));
    double r = A * f * Math.pow(t(Math.toRadians(lat)), n);
    double rF = A * f * Math.pow(t(LAT_F), n);
    double theta = n * (Math.toRadians(lng) - LNG_F);
    double easting = EASTING_F + r * Math.sin(theta);
    double northing = rF - r * Math.cos(theta);
    return new double[] {easting / US_FOOT, northing / US_FOOT};
  }
}
