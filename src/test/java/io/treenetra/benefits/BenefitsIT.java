package io.treenetra.benefits;

import static io.treenetra.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.treenetra.itree.SharedTables;
import io.treenetra.support.Api;
import io.treenetra.support.ApiIT;
import io.treenetra.support.Imports;
import io.treenetra.support.NycSample;
import io.treenetra.support.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * Eco-benefits through the API, every expected figure computed here from the i-Tree CSV files
 * themselves ({@link SharedTables}, after the data's README), not by the production code.
 */
class BenefitsIT extends ApiIT {

  private static final String[] FACTORS = {
    "electricity",
    "natural_gas",
    "hydro_interception",
    "co2_sequestered",
    "co2_avoided",
    "co2_storage",
    "aq_ozone_dep",
    "aq_nox_dep",
    "aq_pm10_dep",
    "aq_sox_dep",
    "aq_nox_avoided",
    "aq_pm10_avoided",
    "aq_sox_avoided",
    "aq_voc_avoided",
    "bvoc",
    "property_value"
  };
  private static final BigDecimal GAL = new BigDecimal("264.172");
  private static final BigDecimal LB = new BigDecimal("2.20462");
  private static final Map<String, Map<String, BigDecimal>> RATES = SharedTables.rates();

  private static final double[] NEW_YORK = {40.7812, -73.9665};
  private static final double[] SAN_FRANCISCO = {37.77, -122.42};

  /** A tree's factors, exact, by file name. */
  private record Exact(String region, Map<String, BigDecimal> factors) {}

  private static Exact exact(String region, String code, String dbh) {
    Map<String, BigDecimal> factors = new LinkedHashMap<>();
    for (String factor : FACTORS) {
      factors.put(factor, SharedTables.value(region, factor, code, dbh));
    }
    return new Exact(region, factors);
  }

  private static BigDecimal q(BigDecimal value) {
    return value.setScale(6, RoundingMode.HALF_EVEN);
  }

  private static BigDecimal usd(BigDecimal value) {
    return value.setScale(2, RoundingMode.HALF_UP);
  }

  /** The figures of trees summed, as the API states them; one tree is a sum of one. */
  private static Map<String, BigDecimal> figures(List<Exact> trees) {
    Map<String, BigDecimal> f = new HashMap<>();
    for (String factor : FACTORS) {
      f.put(factor, BigDecimal.ZERO);
    }
    BigDecimal stormUsd = BigDecimal.ZERO;
    BigDecimal energyUsd = BigDecimal.ZERO;
    BigDecimal co2Usd = BigDecimal.ZERO;
    BigDecimal storedUsd = BigDecimal.ZERO;
    BigDecimal airUsd = BigDecimal.ZERO;
    for (Exact tree : trees) {
      Map<String, BigDecimal> x = tree.factors();
      Map<String, BigDecimal> p = RATES.get(tree.region());
      x.forEach((k, v) -> f.merge(k, v, BigDecimal::add));
      stormUsd =
          stormUsd.add(
              x.get("hydro_interception").multiply(GAL).multiply(p.get("stormwater_usd_per_gal")));
      energyUsd =
          energyUsd.add(
              x.get("electricity")
                  .multiply(p.get("electricity_usd_per_kwh"))
                  .add(x.get("natural_gas").multiply(p.get("natural_gas_usd_per_kbtu"))));
      co2Usd =
          co2Usd.add(
              x.get("co2_sequestered")
                  .add(x.get("co2_avoided"))
                  .multiply(LB)
                  .multiply(p.get("co2_usd_per_lb")));
      storedUsd =
          storedUsd.add(x.get("co2_storage").multiply(LB).multiply(p.get("co2_usd_per_lb")));
      airUsd =
          airUsd.add(
              LB.multiply(
                  x.get("aq_ozone_dep")
                      .multiply(p.get("o3_usd_per_lb"))
                      .add(
                          x.get("aq_nox_dep")
                              .add(x.get("aq_nox_avoided"))
                              .multiply(p.get("nox_usd_per_lb")))
                      .add(
                          x.get("aq_pm10_dep")
                              .add(x.get("aq_pm10_avoided"))
                              .multiply(p.get("pm10_usd_per_lb")))
                      .add(
                          x.get("aq_sox_dep")
                              .add(x.get("aq_sox_avoided"))
                              .multiply(p.get("sox_usd_per_lb")))
                      .add(
                          x.get("aq_voc_avoided")
                              .add(x.get("bvoc"))
                              .multiply(p.get("voc_usd_per_lb")))));
    }
    Map<String, BigDecimal> out = new LinkedHashMap<>();
    out.put("stormwater.m3", q(f.get("hydro_interception")));
    out.put("stormwater.gal", q(f.get("hydro_interception").multiply(GAL)));
    out.put("stormwater.usd", usd(stormUsd));
    out.put("energy.electricityKwh", q(f.get("electricity")));
    out.put("energy.naturalGasKbtu", q(f.get("natural_gas")));
    out.put("energy.usd", usd(energyUsd));
    out.put("co2.sequesteredKg", q(f.get("co2_sequestered")));
    out.put("co2.avoidedKg", q(f.get("co2_avoided")));
    out.put("co2.storedKg", q(f.get("co2_storage")));
    out.put("co2.usd", usd(co2Usd));
    out.put("co2.storedUsd", usd(storedUsd));
    BigDecimal nox = f.get("aq_nox_dep").add(f.get("aq_nox_avoided"));
    BigDecimal pm10 = f.get("aq_pm10_dep").add(f.get("aq_pm10_avoided"));
    BigDecimal so2 = f.get("aq_sox_dep").add(f.get("aq_sox_avoided"));
    out.put("airQuality.o3Kg", q(f.get("aq_ozone_dep")));
    out.put("airQuality.noxKg", q(nox));
    out.put("airQuality.pm10Kg", q(pm10));
    out.put("airQuality.so2Kg", q(so2));
    out.put("airQuality.vocKg", q(f.get("aq_voc_avoided")));
    out.put("airQuality.bvocKg", q(f.get("bvoc")));
    out.put(
        "airQuality.netKg",
        q(
            f.get("aq_ozone_dep")
                .add(nox)
                .add(pm10)
                .add(so2)
                .add(f.get("aq_voc_avoided"))
                .add(f.get("bvoc"))));
    out.put("airQuality.usd", usd(airUsd));
    out.put("totalUsdPerYear", usd(stormUsd).add(usd(energyUsd)).add(usd(co2Usd)).add(usd(airUsd)));
    return out;
  }

  /** The same figures read from an API answer. */
  private static Map<String, BigDecimal> figuresOf(JsonObject json) {
    Map<String, BigDecimal> out = new LinkedHashMap<>();
    for (String group : List.of("stormwater", "energy", "co2", "airQuality")) {
      JsonObject figures = json.getJsonObject(group);
      for (String name : figures.keySet()) {
        out.put(group + "." + name, figures.getJsonNumber(name).bigDecimalValue());
      }
    }
    out.put("totalUsdPerYear", json.getJsonNumber("totalUsdPerYear").bigDecimalValue());
    return out;
  }

  private static void assertFigures(JsonObject json, Map<String, BigDecimal> expected) {
    Map<String, BigDecimal> actual = figuresOf(json);
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    expected.forEach(
        (name, value) ->
            assertThat(actual.get(name)).as(name + " in " + json).isEqualByComparingTo(value));
  }

  /** The row the region's master list assigns to this exact scientific name. */
  private static String assignment(String region, String scientificName) {
    try (Reader reader =
        Files.newBufferedReader(
            SharedTables.folder().resolve("species_master_list.csv"), StandardCharsets.UTF_8)) {
      for (CSVRecord row :
          CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
        if (row.get("region").equals(region)
            && row.get("ScientificName").equalsIgnoreCase(scientificName)) {
          return row.get("SppValueAssignment");
        }
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String plant(String tag, String species, Double dbh, double[] at, String status) {
    var tree =
        Json.createObjectBuilder()
            .add("location", Json.createObjectBuilder().add("lat", at[0]).add("lng", at[1]).build())
            .add("status", status)
            .add("tags", Json.createArrayBuilder().add(tag));
    if (species != null) {
      tree.add("scientificName", species);
    }
    if (dbh != null) {
      tree.add("dbhCm", dbh);
    }
    Api.Response created = api().post("/api/v1/trees", tree.build().toString());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }

  private JsonObject benefits(String treeId) {
    Api.Response response = api().get("/api/v1/trees/" + treeId + "/benefits");
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json();
  }

  private JsonObject totals(String query) {
    Api.Response response = api().get("/api/v1/analytics/benefits?" + query);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json();
  }

  private static String tag(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Five trees: at a breakpoint, between two, below the first, above the last, and between two
   * again; every factor and every figure as computed here from the tables.
   */
  @Test
  void fiveTreesAreTheTablesToTheLastDecimal() {
    String tag = tag("five");
    Object[][] trees = {
      {"Platanus x acerifolia", "PLAC", "38.1"},
      {"Gleditsia triacanthos var. inermis", "GLTR", "45.72"},
      {"Quercus palustris", "QUPA", "2.5"},
      {"Tilia cordata", "TICO", "130"},
      {"Ginkgo biloba", "GIBI", "60.1"}
    };
    for (Object[] t : trees) {
      String id = plant(tag, (String) t[0], Double.valueOf((String) t[2]), NEW_YORK, "alive");
      JsonObject b = benefits(id);
      assertThat(b.getString("treeId")).isEqualTo(id);
      assertThat(b.getBoolean("computable")).isTrue();
      assertThat(b.isNull("reason")).isTrue();
      assertThat(b.getString("region")).isEqualTo("NoEastXXX");
      assertThat(b.getString("regionSource")).isEqualTo("location");
      assertThat(b.getString("itreeCode")).isEqualTo(t[1]);
      assertThat(b.getJsonNumber("dbhCm").bigDecimalValue()).isEqualByComparingTo((String) t[2]);
      Exact exact = exact("NoEastXXX", (String) t[1], (String) t[2]);
      JsonObject factors = b.getJsonObject("factors");
      assertThat(factors.keySet()).containsExactly(FACTORS);
      for (String factor : FACTORS) {
        assertThat(factors.getJsonNumber(factor).bigDecimalValue())
            .as(t[0] + " " + factor)
            .isEqualByComparingTo(q(exact.factors().get(factor)));
      }
      assertFigures(b, figures(List.of(exact)));
    }
    // The tree says its region too.
    JsonObject tree =
        api()
            .get("/api/v1/trees?tag=" + tag + "&species=Gleditsia%20triacanthos%20var.%20inermis")
            .json()
            .getJsonArray("data")
            .getJsonObject(0);
    assertThat(tree.getString("itreeRegion")).isEqualTo("NoEastXXX");
  }

  @Test
  void totalsAreTheExactSumOfTheTreesAndSkippedTreesAreCountedByReason() {
    String tag = tag("sum");
    List<Exact> computed = new ArrayList<>();
    Object[][] trees = {
      {"Platanus x acerifolia", "PLAC", 20.3},
      {"Platanus x acerifolia", "PLAC", 47.0},
      {"Acer rubrum", "ACRU", 11.43},
      {"Zelkova serrata", "ZESE", 99.9},
      {"Pyrus calleryana", "PYCA", 17.8}
    };
    for (Object[] t : trees) {
      plant(tag, (String) t[0], (Double) t[2], NEW_YORK, "alive");
      computed.add(exact("NoEastXXX", (String) t[1], t[2].toString()));
    }
    String dead = plant(tag, "Acer rubrum", 30.0, NEW_YORK, "dead");
    String noDbh = plant(tag, "Acer rubrum", null, NEW_YORK, "alive");
    String noSpecies = plant(tag, null, 30.0, NEW_YORK, "alive");
    String honolulu = plant(tag, "Acer rubrum", 30.0, new double[] {21.31, -157.86}, "alive");
    String crapeMyrtle = plant(tag, "Lagerstroemia", 30.0, NEW_YORK, "alive");
    Map<String, String> reasons =
        Map.of(
            dead, "not_alive",
            noDbh, "no_dbh",
            noSpecies, "no_species",
            honolulu, "no_region",
            crapeMyrtle, "no_itree_code");
    reasons.forEach(
        (id, reason) -> {
          JsonObject b = benefits(id);
          assertThat(b.getBoolean("computable")).as(reason).isFalse();
          assertThat(b.getString("reason")).isEqualTo(reason);
          assertThat(b.getString("detail")).isNotBlank();
          assertThat(b.isNull("stormwater")).isTrue();
          assertThat(b.isNull("totalUsdPerYear")).isTrue();
        });
    assertThat(benefits(honolulu).isNull("region")).isTrue();
    assertThat(benefits(crapeMyrtle).getString("region")).isEqualTo("NoEastXXX");

    JsonObject totals = totals("tag=" + tag);
    assertThat(totals.getInt("trees")).isEqualTo(10);
    assertThat(totals.getInt("treesComputed")).isEqualTo(5);
    assertThat(totals.getJsonObject("treesSkipped").toString())
        .isEqualTo(
            "{\"not_alive\":1,\"no_species\":1,\"no_dbh\":1,\"no_region\":1,\"no_itree_code\":1}");
    assertFigures(totals, figures(computed));
    assertThat(totals.isNull("extrapolated")).isTrue();

    // Asked for, the four living trees skipped for want of data count at the mean of the five,
    // apart from the figures above, which do not change.
    JsonObject estimated = totals("tag=" + tag + "&extrapolate=true");
    assertFigures(estimated, figures(computed));
    JsonObject extrapolated = estimated.getJsonObject("extrapolated");
    assertThat(extrapolated.getInt("trees")).isEqualTo(4);
    List<Exact> mean = new ArrayList<>();
    for (Exact tree : computed) {
      Map<String, BigDecimal> scaled = new LinkedHashMap<>();
      tree.factors()
          .forEach(
              (k, v) ->
                  scaled.put(
                      k,
                      v.multiply(BigDecimal.valueOf(4))
                          .divide(BigDecimal.valueOf(5), MathContext.DECIMAL128)));
      mean.add(new Exact(tree.region(), scaled));
    }
    assertFigures(extrapolated, figures(mean));

    // The filters of GET /trees apply.
    JsonObject plac = totals("tag=" + tag + "&species=Platanus%20x%20acerifolia&status=alive");
    assertThat(plac.getInt("trees")).isEqualTo(2);
    assertFigures(plac, figures(computed.subList(0, 2)));
  }

  @Test
  void aTreesFiguresFollowItsDbhSpeciesAndLocationHoweverTheyChange() throws Exception {
    String tag = tag("follow");
    String id = plant(tag, "Platanus x acerifolia", 30.0, NEW_YORK, "alive");
    assertFigures(benefits(id), figures(List.of(exact("NoEastXXX", "PLAC", "30.0"))));

    Api.Response patched =
        api()
            .patch(
                "/api/v1/trees/" + id,
                "{\"dbhCm\": 50}",
                "Content-Type",
                "application/merge-patch+json");
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    List<Exact> expected = List.of(exact("NoEastXXX", "PLAC", "50"));
    assertFigures(benefits(id), figures(expected));
    assertFigures(totals("tag=" + tag), figures(expected));

    patched =
        api()
            .patch(
                "/api/v1/trees/" + id,
                "{\"scientificName\": \"Acer rubrum\"}",
                "Content-Type",
                "application/merge-patch+json");
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    expected = List.of(exact("NoEastXXX", "ACRU", "50"));
    assertFigures(benefits(id), figures(expected));
    assertFigures(totals("tag=" + tag), figures(expected));

    // Into another region: its code for the species, and its prices.
    patched =
        api()
            .patch(
                "/api/v1/trees/" + id,
                "{\"location\": {\"lat\": 37.77, \"lng\": -122.42}}",
                "Content-Type",
                "application/merge-patch+json");
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(patched.json().getString("itreeRegion")).isEqualTo("CaNCCoJBK");
    String code = assignment("CaNCCoJBK", "Acer rubrum");
    expected = List.of(exact("CaNCCoJBK", code, "50"));
    JsonObject moved = benefits(id);
    assertThat(moved.getString("region")).isEqualTo("CaNCCoJBK");
    assertThat(moved.getString("itreeCode")).isEqualTo(code);
    assertFigures(moved, figures(expected));
    assertFigures(totals("tag=" + tag), figures(expected));

    // By SQL, past the application: the tree's own figures at once, the totals' region within the
    // sweep's interval (the DBH at once).
    TestEnvironment.execute(
        "UPDATE tree SET lat = ?, lng = ?, dbh_cm = 20 WHERE id = ?::uuid",
        NEW_YORK[0],
        NEW_YORK[1],
        id);
    expected = List.of(exact("NoEastXXX", "ACRU", "20"));
    assertFigures(benefits(id), figures(expected));
    long deadline = System.nanoTime() + 10_000_000_000L;
    Map<String, BigDecimal> want = figures(expected);
    while (!figuresOf(totals("tag=" + tag)).equals(want) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertFigures(totals("tag=" + tag), want);
    assertThat(TestEnvironment.queryString("SELECT itree_region FROM tree WHERE id = ?::uuid", id))
        .isEqualTo("NoEastXXX");
  }

  @Test
  void theWholeInventorysCountsAgreeWithItsTrees() throws Exception {
    awaitRegions();
    // A filter that selects every live tree reads the trees; none reads the counts the triggers
    // keep. Both must be the same numbers.
    JsonObject counted = totals("");
    JsonObject read = totals("status=planned,alive,dead,stump,removed");
    assertThat(counted.toString()).isEqualTo(read.toString());
    assertThat(counted.getInt("trees"))
        .isEqualTo(
            (int) TestEnvironment.queryLong("SELECT count(*) FROM tree WHERE deleted_at IS NULL"));
  }

  /** Waits until the sweep has found the region of every tree written by SQL. */
  private static void awaitRegions() throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    String stale =
        "SELECT count(*) FROM tree WHERE deleted_at IS NULL AND (itree_region_lat IS DISTINCT FROM lat"
            + " OR itree_region_lng IS DISTINCT FROM lng)";
    while (TestEnvironment.queryLong(stale) > 0 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(TestEnvironment.queryLong(stale)).isZero();
    assertThat(TestEnvironment.queryLong("SELECT count(*) FROM species WHERE itree_codes IS NULL"))
        .isZero();
  }

  @Test
  void theNewYorkSampleGetsItsCodesAndTheSkippedTreesAreCountedByReason() throws Exception {
    NycSample.Loaded sample = NycSample.shared();
    awaitRegions();
    long notAlive = 0;
    long noSpecies = 0;
    long noDbh = 0;
    long noCode = 0;
    long living = 0;
    for (NycSample.Tree tree : sample.trees()) {
      if (!tree.status().equals("alive")) {
        notAlive++;
      } else if (tree.scientificName() == null) {
        noSpecies++;
      } else {
        living++;
        if (tree.dbhCm() == null) {
          noDbh++;
        } else if (tree.scientificName().equals("Lagerstroemia")) {
          noCode++;
        }
      }
    }
    JsonObject totals = totals("tag=" + sample.tag());
    assertThat(totals.getInt("trees")).isEqualTo(10_189);
    Map<String, Long> skipped = new LinkedHashMap<>();
    totals
        .getJsonObject("treesSkipped")
        .forEach((k, v) -> skipped.put(k, Long.parseLong(v.toString())));
    assertThat(skipped)
        .containsExactly(
            Map.entry("not_alive", notAlive),
            Map.entry("no_species", noSpecies),
            Map.entry("no_dbh", noDbh),
            Map.entry("no_region", 0L),
            Map.entry("no_itree_code", noCode));
    assertThat(noCode).isEqualTo(9);
    assertThat(totals.getInt("treesComputed"))
        .isEqualTo((int) (10_189 - notAlive - noSpecies - noDbh - noCode));
    assertThat((living - noCode) * 100.0 / living).isGreaterThanOrEqualTo(99.0);

    // The species of the census without a Northeast code, listed: only crape myrtle.
    java.util.Set<String> names = new java.util.HashSet<>();
    sample.trees().forEach(t -> names.add(t.scientificName()));
    List<String> without = new ArrayList<>();
    for (JsonObject species : api().pageThrough("/api/v1/species?limit=500")) {
      if (names.contains(species.getString("scientificName"))
          && !species.getJsonObject("itreeCodes").containsKey("NoEastXXX")) {
        without.add(species.getString("scientificName"));
      }
    }
    assertThat(without).containsExactly("Lagerstroemia");
  }

  @Test
  void anImportSetsTheRegionInItsTransaction() {
    String prefix = tag("import");
    String csv =
        "externalId,scientificName,lat,lng,status,healthStatus,dbhCm,tags,notes\n"
            + prefix
            + "-1,Acer rubrum,40.7812,-73.9665,alive,healthy,25.4,,\n"
            + prefix
            + "-2,Acer rubrum,37.77,-122.42,alive,healthy,25.4,,\n"
            + prefix
            + "-3,Acer rubrum,21.31,-157.86,alive,healthy,25.4,,\n";
    JsonObject job =
        Imports.run(api(), "format=treenetra", "text/csv", csv.getBytes(StandardCharsets.UTF_8));
    assertThat(Imports.counts(job)).as(job.toString()).isEqualTo("succeeded 3/0/0/0");
    Map<String, String> regions = new TreeMap<>();
    for (int i = 1; i <= 3; i++) {
      regions.put(
          prefix + "-" + i,
          TestEnvironment.queryString(
              "SELECT coalesce(itree_region, '-') FROM tree WHERE external_id = ?"
                  + " AND itree_region_lat = lat AND itree_region_lng = lng",
              prefix + "-" + i));
    }
    assertThat(regions)
        .containsExactly(
            Map.entry(prefix + "-1", "NoEastXXX"),
            Map.entry(prefix + "-2", "CaNCCoJBK"),
            Map.entry(prefix + "-3", "-"));
  }

  @Test
  void speciesCarryTheirCodesAndOnlyAnAdminOverridesThem() {
    String name = "Platanus testii " + UUID.randomUUID().toString().substring(0, 8);
    Api.Response created = api().post("/api/v1/species", "{\"scientificName\": \"" + name + "\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().getString("id");
    JsonObject codes = created.json().getJsonObject("itreeCodes");
    // Unknown to the list: the genus's row in each region where the genus has one.
    assertThat(codes.getString("NoEastXXX")).isEqualTo("PLAC");
    assertThat(codes.getString("LoMidWXXX")).isEqualTo("BDL OTHER");
    assertThat(codes.containsKey("TropicPacXXX")).isFalse();

    String user = "user-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "pw-" + UUID.randomUUID();
    assertThat(
            api()
                .post(
                    "/api/v1/users",
                    Json.createObjectBuilder()
                        .add("username", user)
                        .add("role", "user")
                        .add("password", password)
                        .build()
                        .toString())
                .status())
        .isEqualTo(201);
    Api asUser = api().as(user, password);

    // Sent back as read: accepted from anyone, nothing changes.
    JsonObject read = api().get("/api/v1/species/" + id).json();
    Api.Response same = asUser.put("/api/v1/species/" + id, read.toString());
    assertThat(same.status()).as(same.toString()).isEqualTo(200);
    assertThat(same.json().getJsonObject("itreeCodes")).isEqualTo(codes);

    String override =
        "{\"scientificName\": \"" + name + "\", \"itreeCodes\": {\"NoEastXXX\": \"ACRU\"}}";
    assertProblem(
        asUser.put("/api/v1/species/" + id, override), 403, "AUTHORIZATION_ERROR", List.of());
    String tree = plant(tag("override"), name, 45.72, NEW_YORK, "alive");
    assertThat(benefits(tree).getString("itreeCode")).isEqualTo("PLAC");
    Api.Response admin = api().put("/api/v1/species/" + id, override);
    assertThat(admin.status()).as(admin.toString()).isEqualTo(200);
    assertThat(admin.json().getJsonObject("itreeCodes").getString("NoEastXXX")).isEqualTo("ACRU");
    assertThat(admin.json().getJsonObject("itreeCodes").getString("LoMidWXXX"))
        .isEqualTo("BDL OTHER");
    JsonObject overridden = benefits(tree);
    assertThat(overridden.getString("itreeCode")).isEqualTo("ACRU");
    assertFigures(overridden, figures(List.of(exact("NoEastXXX", "ACRU", "45.72"))));

    // null gives the master list's code back.
    Api.Response reset =
        api()
            .put(
                "/api/v1/species/" + id,
                "{\"scientificName\": \"" + name + "\", \"itreeCodes\": {\"NoEastXXX\": null}}");
    assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
    assertThat(reset.json().getJsonObject("itreeCodes").getString("NoEastXXX")).isEqualTo("PLAC");
    assertThat(benefits(tree).getString("itreeCode")).isEqualTo("PLAC");
  }

  @Test
  void badInputIsAClearProblemAndChangesNothing() {
    String name = "Quercus testii " + UUID.randomUUID().toString().substring(0, 8);
    String id =
        api()
            .post("/api/v1/species", "{\"scientificName\": \"" + name + "\"}")
            .json()
            .getString("id");
    String before = api().get("/api/v1/species/" + id).body();
    Map<String, String[]> bad = new LinkedHashMap<>();
    bad.put(
        "{\"Nowhere\": \"QURU\"}",
        new String[] {
          "itreeCodes.Nowhere", "is not an i-Tree region; the regions are [CaNCCoJBK,"
        });
    bad.put(
        "{\"NoEastXXX\": \"QUXX\"}",
        new String[] {
          "itreeCodes.NoEastXXX", "'QUXX' is not a code of the NoEastXXX tables; they have ["
        });
    bad.put(
        "{\"NoEastXXX\": 7}",
        new String[] {
          "itreeCodes.NoEastXXX", "must be an i-Tree code (a string), or null for the master list's"
        });
    bad.put(
        "{\"NoEastXXX\": \"\"}",
        new String[] {
          "itreeCodes.NoEastXXX", "must be an i-Tree code (a string), or null for the master list's"
        });
    bad.put(
        "[\"PLAC\"]", new String[] {"itreeCodes", "must be an object of i-Tree region to code"});
    bad.forEach(
        (codes, error) -> {
          Api.Response response =
              api()
                  .put(
                      "/api/v1/species/" + id,
                      "{\"scientificName\": \"" + name + "\", \"itreeCodes\": " + codes + "}");
          assertProblem(response, 400, "VALIDATION_ERROR", List.of(error[0]));
          JsonObject first = response.json().getJsonArray("errors").getJsonObject(0);
          assertThat(first.getString("field")).as(codes).isEqualTo(error[0]);
          assertThat(first.getString("message")).as(codes).startsWith(error[1]);
        });
    assertThat(api().get("/api/v1/species/" + id).body()).isEqualTo(before);

    assertProblem(
        api().get("/api/v1/analytics/benefits?extrapolate=maybe"),
        400,
        "VALIDATION_ERROR",
        List.of("extrapolate"));
    assertProblem(
        api().get("/api/v1/analytics/benefits?dbhMin=x"),
        400,
        "VALIDATION_ERROR",
        List.of("dbhMin"));
    assertProblem(
        api().get("/api/v1/trees/not-a-tree/benefits"), 400, "VALIDATION_ERROR", List.of("treeId"));
    assertProblem(
        api().get("/api/v1/trees/" + UUID.randomUUID() + "/benefits"), 404, "NOT_FOUND", List.of());
    assertProblem(
        api().anonymous().get("/api/v1/trees/" + UUID.randomUUID() + "/benefits"),
        401,
        "AUTHENTICATION_ERROR",
        List.of());
  }

  @Test
  void exportsCarryEachTreesFiguresWhenAskedAndImportBack() throws Exception {
    String tag = tag("export");
    String plac = plant(tag, "Platanus x acerifolia", 45.72, NEW_YORK, "alive");
    String dead = plant(tag, "Acer rubrum", 30.0, NEW_YORK, "dead");
    Map<String, JsonObject> byId = Map.of(plac, benefits(plac), dead, benefits(dead));

    Api.Response csv = api().get("/api/v1/trees?format=csv&include=benefits&tag=" + tag);
    assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
    List<CSVRecord> rows =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new java.io.StringReader(csv.body()))
            .getRecords();
    assertThat(rows).hasSize(2);
    for (CSVRecord row : rows) {
      JsonObject b = byId.get(row.get("id"));
      if (b.getBoolean("computable")) {
        assertThat(row.get("itreeRegion")).isEqualTo("NoEastXXX");
        assertThat(row.get("itreeCode")).isEqualTo("PLAC");
        assertThat(row.get("benefitsSkipped")).isEmpty();
        assertThat(new BigDecimal(row.get("electricityKwh"))).isEqualByComparingTo("127.85");
        assertThat(row.get("energyUsd"))
            .isEqualTo(
                b.getJsonObject("energy").getJsonNumber("usd").bigDecimalValue().toPlainString());
        assertThat(row.get("co2StoredKg")).isEqualTo("1487.15");
        assertThat(row.get("co2StoredUsd")).isEqualTo("10.95");
        assertThat(row.get("totalUsdPerYear"))
            .isEqualTo(b.getJsonNumber("totalUsdPerYear").bigDecimalValue().toPlainString());
      } else {
        assertThat(row.get("benefitsSkipped")).isEqualTo("not_alive");
        assertThat(row.get("totalUsdPerYear")).isEmpty();
      }
    }

    Api.Response geo = api().get("/api/v1/trees?format=geojson&include=benefits&tag=" + tag);
    assertThat(geo.status()).as(geo.toString()).isEqualTo(200);
    for (JsonObject feature : geo.json().getJsonArray("features").getValuesAs(JsonObject.class)) {
      JsonObject b = byId.get(feature.getString("id"));
      JsonObject exported = feature.getJsonObject("properties").getJsonObject("benefits");
      assertThat(exported.getBoolean("computable")).isEqualTo(b.getBoolean("computable"));
      if (b.getBoolean("computable")) {
        assertFigures(exported, figuresOf(b));
        assertThat(exported.getString("itreeCode")).isEqualTo("PLAC");
      } else {
        assertThat(exported.getString("reason")).isEqualTo("not_alive");
      }
    }
    // Without include, no figures.
    assertThat(api().get("/api/v1/trees?format=csv&tag=" + tag).body()).doesNotContain("itreeCode");

    // The export with its figures imports back: the computed columns are ignored.
    JsonObject job =
        Imports.run(
            api(), "format=treenetra", "text/csv", csv.body().getBytes(StandardCharsets.UTF_8));
    assertThat(job.getString("state")).as(job.toString()).isEqualTo("succeeded");
    assertThat(job.getInt("failed")).isZero();
    assertThat(job.getInt("inserted")).isZero();

    assertProblem(
        api().get("/api/v1/trees?format=csv&include=photos&tag=" + tag),
        400,
        "VALIDATION_ERROR",
        List.of("include"));
    assertProblem(
        api().get("/api/v1/trees?include=benefits&tag=" + tag),
        400,
        "VALIDATION_ERROR",
        List.of("include"));
  }
}
