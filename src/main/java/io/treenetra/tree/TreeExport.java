package io.treenetra.tree;

import io.treenetra.itree.Benefits;
import io.treenetra.itree.CodesJson;
import io.treenetra.itree.Regions;
import io.treenetra.itree.TreeBenefits;
import io.treenetra.platform.json.JsonP;
import io.treenetra.platform.persistence.Sql;
import io.treenetra.platform.replica.ReadReplicas;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.stream.JsonGenerator;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/**
 * The whole filtered inventory as GeoJSON (RFC 7946) or CSV, streamed from a database cursor: rows
 * are fetched a batch at a time and written as they come, so a million trees take the memory of one
 * batch. The CSV columns are the {@code treenetra} import layout, so an export imports back.
 */
@ApplicationScoped
public class TreeExport {

  /** The columns of the {@code treenetra} CSV layout, in order. */
  public static final List<String> CSV_COLUMNS =
      List.of(
          "id",
          "externalId",
          "scientificName",
          "commonName",
          "lat",
          "lng",
          "address",
          "dbhCm",
          "heightM",
          "canopyDiameterM",
          "status",
          "healthStatus",
          "plantedDate",
          "tags",
          "notes",
          "lastInspectedAt",
          "version",
          "createdAt",
          "updatedAt");

  /** Tags share one CSV cell, separated by '|'; a '|' or '\' inside a tag is escaped with '\'. */
  public static final char TAG_SEPARATOR = '|';

  private static final Logger LOG = Logger.getLogger(TreeExport.class.getName());
  private static final int FETCH_SIZE = 2000;
  private static final int BUFFER_BYTES = 64 * 1024;

  /** The columns {@code include=benefits} adds to the CSV layout, in order. */
  public static final List<String> BENEFIT_COLUMNS =
      List.of(
          "itreeRegion",
          "itreeCode",
          "benefitsSkipped",
          "stormwaterGal",
          "stormwaterUsd",
          "electricityKwh",
          "naturalGasKbtu",
          "energyUsd",
          "co2SequesteredKg",
          "co2AvoidedKg",
          "co2StoredKg",
          "co2Usd",
          "co2StoredUsd",
          "airQualityNetKg",
          "airQualityUsd",
          "totalUsdPerYear");

  @Inject ReadReplicas replicas;
  @Inject Benefits benefits;

  /**
   * One export's benefit figures: the same species, region and DBH give the same figures, computed
   * once; each species' codes parsed once.
   */
  private final class BenefitsOf {
    private record Key(boolean alive, UUID species, String region, Double dbh) {}

    private final Map<Key, TreeBenefits> figures = new HashMap<>();
    private final Map<UUID, Map<String, String>> codes = new HashMap<>();

    TreeBenefits of(ResultSet row) throws SQLException {
      String species = row.getString(20);
      UUID speciesId = species == null ? null : UUID.fromString(species);
      double dbh = row.getDouble(8);
      Double dbhCm = row.wasNull() ? null : dbh;
      String region = Regions.standard().at(row.getDouble(5), row.getDouble(6));
      boolean alive = "alive".equals(row.getString(11));
      if (speciesId != null && !codes.containsKey(speciesId)) {
        Map<String, String> parsed = CODES.convertToEntityAttribute(row.getString(23));
        codes.put(speciesId, parsed == null ? Map.of() : parsed);
      }
      Key key = new Key(alive, speciesId, region, dbhCm);
      TreeBenefits found = figures.get(key);
      if (found == null) {
        found =
            benefits.tree(
                null, alive, speciesId == null ? null : codes.get(speciesId), region, dbhCm);
        if (figures.size() < 100_000) {
          figures.put(key, found);
        }
      }
      return found;
    }
  }

  private static final CodesJson CODES = new CodesJson();

  public StreamingOutput geoJson(TreeFilter filter, TreeQuery.SortOrder order) {
    return geoJson(filter, order, false);
  }

  /** With {@code withBenefits}, each feature's properties have {@code benefits} as the API's. */
  public StreamingOutput geoJson(
      TreeFilter filter, TreeQuery.SortOrder order, boolean withBenefits) {
    return output -> {
      JsonGenerator json =
          JsonP.PROVIDER.createGenerator(new BufferedOutputStream(output, BUFFER_BYTES));
      json.writeStartObject().write("type", "FeatureCollection").writeStartArray("features");
      BenefitsOf computed = withBenefits ? new BenefitsOf() : null;
      stream(filter, order, row -> feature(json, row, computed == null ? null : computed.of(row)));
      json.writeEnd().writeEnd();
      json.close();
    };
  }

  public StreamingOutput csv(TreeFilter filter, TreeQuery.SortOrder order) {
    return csv(filter, order, false);
  }

  /** With {@code withBenefits}, the {@link #BENEFIT_COLUMNS} follow the layout's. */
  public StreamingOutput csv(TreeFilter filter, TreeQuery.SortOrder order, boolean withBenefits) {
    return output -> {
      Writer writer =
          new OutputStreamWriter(
              new BufferedOutputStream(output, BUFFER_BYTES), StandardCharsets.UTF_8);
      List<String> header = new ArrayList<>(CSV_COLUMNS);
      if (filter.near() != null) {
        header.add("distanceM");
      }
      if (withBenefits) {
        header.addAll(BENEFIT_COLUMNS);
      }
      CSVFormat.RFC4180.printRecord(writer, header.toArray());
      // Every value quoted, none for null: an empty text ("") and no value (an empty cell) stay
      // apart, as in
      // PostgreSQL's CSV, and the import reads them back apart.
      CSVPrinter csv =
          CSVFormat.RFC4180.builder().setQuoteMode(QuoteMode.ALL_NON_NULL).get().print(writer);
      BenefitsOf computed = withBenefits ? new BenefitsOf() : null;
      stream(
          filter,
          order,
          row ->
              csvRecord(
                  csv, row, filter.near() != null, computed == null ? null : computed.of(row)));
      csv.close(true);
    };
  }

  private interface RowWriter {
    void write(ResultSet row) throws SQLException, IOException;
  }

  /**
   * Runs the export query in a read-only transaction with a cursor, handing each row to the writer.
   */
  private void stream(TreeFilter filter, TreeQuery.SortOrder order, RowWriter writer)
      throws IOException {
    List<Object> params = new ArrayList<>();
    String sql = query(filter, order, params);
    try {
      // A cursor reads in pages of FETCH_SIZE only inside a transaction (a replica's is one).
      replicas.query(
          ReadReplicas.Freshness.CALLER,
          connection -> {
            try (PreparedStatement statement = Sql.prepare(connection, sql, params)) {
              statement.setFetchSize(FETCH_SIZE);
              try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                  writer.write(rows);
                }
              }
            }
            return null;
          });
    } catch (SQLException e) {
      // The status line is gone: the client sees a truncated body, the operator sees why.
      LOG.log(Level.SEVERE, "Export of trees failed while streaming", e);
      throw new IOException("Export failed", e);
    }
  }

  private static String query(TreeFilter filter, TreeQuery.SortOrder order, List<Object> params) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT t.id, t.external_id, s.scientific_name, s.common_name, t.lat, t.lng, t.address, t.dbh_cm,"
                + " t.height_m, t.canopy_diameter_m, t.status, t.health_status, t.planted_date, t.tags, t.notes,"
                // The column counts from 0 as Hibernate does; the API's version is one more
                // (Tree.version()).
                + " t.last_inspected_at, t.version, t.created_at, t.updated_at, s.id, ");
    sql.append(filter.near() == null ? "NULL::float8" : TreeFilter.distance(filter.near(), params))
        .append(" AS distance_m, ");
    sql.append(
            order.key() == TreeQuery.Sort.RELEVANCE
                ? TreeFilter.relevance(filter.text(), params)
                : "NULL::int")
        .append(
            " AS relevance, s.itree_codes::text FROM tree t LEFT JOIN species s ON s.id ="
                + " t.species_id WHERE ");
    filter.appendWhere(sql, params);
    switch (order.key()) {
      case DISTANCE -> sql.append(" ORDER BY distance_m, t.id");
      case RELEVANCE -> sql.append(" ORDER BY relevance, t.id");
      default -> {
        String direction = order.descending() ? " DESC" : " ASC";
        sql.append(" ORDER BY t.").append(order.key().column).append(direction);
        if (order.key().nullable) {
          sql.append(" NULLS LAST");
        }
        sql.append(", t.id").append(direction);
      }
    }
    return sql.toString();
  }

  private static void feature(JsonGenerator json, ResultSet row, TreeBenefits benefits)
      throws SQLException {
    json.writeStartObject().write("type", "Feature").write("id", row.getString(1));
    json.writeStartObject("geometry")
        .write("type", "Point")
        .writeStartArray("coordinates")
        .write(row.getDouble(6))
        .write(row.getDouble(5))
        .writeEnd()
        .writeEnd();
    json.writeStartObject("properties");
    nullable(json, "externalId", row.getString(2));
    if (row.getString(20) == null) {
      json.writeNull("species");
    } else {
      json.writeStartObject("species")
          .write("id", row.getString(20))
          .write("scientificName", row.getString(3));
      nullable(json, "commonName", row.getString(4));
      json.writeEnd();
    }
    nullable(json, "address", row.getString(7));
    nullable(json, "dbhCm", row, 8);
    nullable(json, "heightM", row, 9);
    nullable(json, "canopyDiameterM", row, 10);
    json.write("status", row.getString(11));
    nullable(json, "healthStatus", row.getString(12));
    nullable(json, "plantedDate", row.getString(13));
    json.writeStartArray("tags");
    for (String tag : tags(row.getArray(14))) {
      json.write(tag);
    }
    json.writeEnd();
    nullable(json, "notes", row.getString(15));
    nullable(json, "lastInspectedAt", instant(row, 16));
    json.write("version", row.getInt(17) + 1);
    json.write("createdAt", instant(row, 18));
    json.write("updatedAt", instant(row, 19));
    double distance = row.getDouble(21);
    if (!row.wasNull()) {
      json.write("distanceM", TreeService.roundCm(distance));
    }
    if (benefits != null) {
      benefits(json, benefits);
    }
    json.writeEnd().writeEnd();
  }

  /** {@code "benefits"}: the figures of GET /trees/{id}/benefits but the tree's id and factors. */
  private static void benefits(JsonGenerator json, TreeBenefits b) {
    json.writeStartObject("benefits").write("computable", b.computable());
    nullable(json, "reason", b.reason());
    nullable(json, "region", b.region());
    nullable(json, "regionSource", b.regionSource());
    nullable(json, "itreeCode", b.itreeCode());
    if (b.computable()) {
      json.writeStartObject("stormwater")
          .write("m3", b.stormwater().m3())
          .write("gal", b.stormwater().gal())
          .write("usd", b.stormwater().usd())
          .writeEnd();
      json.writeStartObject("energy")
          .write("electricityKwh", b.energy().electricityKwh())
          .write("naturalGasKbtu", b.energy().naturalGasKbtu())
          .write("usd", b.energy().usd())
          .writeEnd();
      json.writeStartObject("co2")
          .write("sequesteredKg", b.co2().sequesteredKg())
          .write("avoidedKg", b.co2().avoidedKg())
          .write("storedKg", b.co2().storedKg())
          .write("usd", b.co2().usd())
          .write("storedUsd", b.co2().storedUsd())
          .writeEnd();
      var air = b.airQuality();
      json.writeStartObject("airQuality")
          .write("o3Kg", air.o3Kg())
          .write("noxKg", air.noxKg())
          .write("pm10Kg", air.pm10Kg())
          .write("so2Kg", air.so2Kg())
          .write("vocKg", air.vocKg())
          .write("bvocKg", air.bvocKg())
          .write("netKg", air.netKg())
          .write("usd", air.usd())
          .writeEnd();
      json.write("totalUsdPerYear", b.totalUsdPerYear());
    }
    json.writeEnd();
  }

  private static void csvRecord(
      CSVPrinter csv, ResultSet row, boolean withDistance, TreeBenefits benefits)
      throws SQLException, IOException {
    csv.print(row.getString(1));
    csv.print(row.getString(2));
    csv.print(row.getString(3));
    csv.print(row.getString(4));
    csv.print(Double.toString(row.getDouble(5)));
    csv.print(Double.toString(row.getDouble(6)));
    csv.print(row.getString(7));
    csv.print(number(row, 8));
    csv.print(number(row, 9));
    csv.print(number(row, 10));
    csv.print(row.getString(11));
    csv.print(row.getString(12));
    csv.print(row.getString(13));
    csv.print(joinTags(tags(row.getArray(14))));
    csv.print(row.getString(15));
    csv.print(instant(row, 16));
    csv.print(Integer.toString(row.getInt(17) + 1));
    csv.print(instant(row, 18));
    csv.print(instant(row, 19));
    if (withDistance) {
      csv.print(Double.toString(TreeService.roundCm(row.getDouble(21))));
    }
    if (benefits != null) {
      csv.print(benefits.region());
      csv.print(benefits.itreeCode());
      csv.print(benefits.reason());
      boolean computed = benefits.computable();
      csv.print(computed ? benefits.stormwater().gal().toPlainString() : null);
      csv.print(computed ? benefits.stormwater().usd().toPlainString() : null);
      csv.print(computed ? benefits.energy().electricityKwh().toPlainString() : null);
      csv.print(computed ? benefits.energy().naturalGasKbtu().toPlainString() : null);
      csv.print(computed ? benefits.energy().usd().toPlainString() : null);
      csv.print(computed ? benefits.co2().sequesteredKg().toPlainString() : null);
      csv.print(computed ? benefits.co2().avoidedKg().toPlainString() : null);
      csv.print(computed ? benefits.co2().storedKg().toPlainString() : null);
      csv.print(computed ? benefits.co2().usd().toPlainString() : null);
      csv.print(computed ? benefits.co2().storedUsd().toPlainString() : null);
      csv.print(computed ? benefits.airQuality().netKg().toPlainString() : null);
      csv.print(computed ? benefits.airQuality().usd().toPlainString() : null);
      csv.print(computed ? benefits.totalUsdPerYear().toPlainString() : null);
    }
    csv.println();
  }

  /** The tags cell of the CSV layout: "street|young"; "a|b" is written "a\|b". */
  public static String joinTags(List<String> tags) {
    StringBuilder cell = new StringBuilder();
    for (String tag : tags) {
      if (!cell.isEmpty()) {
        cell.append(TAG_SEPARATOR);
      }
      cell.append(tag.replace("\\", "\\\\").replace("|", "\\|"));
    }
    return cell.toString();
  }

  private static List<String> tags(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    return List.of((String[]) array.getArray());
  }

  private static String number(ResultSet row, int column) throws SQLException {
    double value = row.getDouble(column);
    return row.wasNull() ? null : Double.toString(value);
  }

  private static String instant(ResultSet row, int column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant().toString();
  }

  private static void nullable(JsonGenerator json, String name, String value) {
    if (value == null) {
      json.writeNull(name);
    } else {
      json.write(name, value);
    }
  }

  private static void nullable(JsonGenerator json, String name, ResultSet row, int column)
      throws SQLException {
    double value = row.getDouble(column);
    if (row.wasNull()) {
      json.writeNull(name);
    } else {
      json.write(name, value);
    }
  }
}
