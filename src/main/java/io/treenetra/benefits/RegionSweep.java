package io.treenetra.benefits;

import io.treenetra.itree.CodesJson;
import io.treenetra.itree.Regions;
import io.treenetra.itree.SpeciesCodes;
import io.treenetra.platform.cache.DataGeneration;
import io.treenetra.platform.persistence.Jdbc;
import io.treenetra.platform.persistence.Migrations;
import io.treenetra.species.Species;
import io.treenetra.tree.Tree;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Catches up with what was written past the application (by SQL, or before the V14 migration):
 * every {@link #INTERVAL_SECONDS} seconds it finds the region of trees whose location no longer
 * matches the one their region was found for, and the i-Tree codes of species that have none, in
 * batches, each instance taking rows the others have not locked. The application's own writes set
 * both in their transaction; this bounds how stale any other write leaves them.
 */
@Startup
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class RegionSweep {

  /** How often the sweep looks, in seconds: the bound on a region's staleness after a SQL move. */
  public static final int INTERVAL_SECONDS = 2;

  static final int BATCH = 2000;

  private static final Logger LOG = Logger.getLogger(RegionSweep.class.getName());
  private static final CodesJson CODES = new CodesJson();

  @Inject Jdbc jdbc;
  @Inject DataGeneration generation;
  @Resource ManagedScheduledExecutorService scheduler;
  @PersistenceUnit EntityManagerFactory entities;

  @Inject Migrations migrations;

  private ScheduledFuture<?> task;

  @PostConstruct
  void start() {
    task = scheduler.scheduleWithFixedDelay(this::sweep, 1, INTERVAL_SECONDS, TimeUnit.SECONDS);
  }

  /** Undeployed: the server's scheduler runs nothing of this application's any more. */
  @PreDestroy
  void stop() {
    task.cancel(false);
  }

  void sweep() {
    if (!migrations.done()) {
      return; // no tables to sweep yet
    }
    try {
      while (species() == BATCH) {
        // more to do
      }
      while (trees() == BATCH) {
        // more to do
      }
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.WARNING, "The i-Tree region sweep failed; it tries again", e);
    }
  }

  /** One batch of trees whose region is stale; returns how many it found again. */
  int trees() throws SQLException {
    List<UUID> done = new ArrayList<>();
    jdbc.transaction(
        (Connection connection) -> {
          List<Object[]> rows = new ArrayList<>();
          // Through the partial index of stale rows, never a scan of the table: with LIMIT, the
          // planner takes a sequential scan for cheap when it believes many rows match, and when
          // none does (the usual case) it reads every tree, every two seconds.
          try (PreparedStatement off =
              connection.prepareStatement("SET LOCAL enable_seqscan = off")) {
            off.execute();
          }
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT id, lat, lng FROM tree WHERE deleted_at IS NULL"
                      + " AND (itree_region_lat IS DISTINCT FROM lat"
                      + " OR itree_region_lng IS DISTINCT FROM lng)"
                      + " LIMIT "
                      + BATCH
                      + " FOR UPDATE SKIP LOCKED")) {
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                rows.add(new Object[] {row.getObject(1), row.getDouble(2), row.getDouble(3)});
              }
            }
          }
          if (rows.isEmpty()) {
            return null;
          }
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE tree SET itree_region = ?, itree_region_lat = ?, itree_region_lng = ?"
                      + " WHERE id = ?")) {
            for (Object[] row : rows) {
              double lat = (double) row[1];
              double lng = (double) row[2];
              update.setString(1, Regions.standard().at(lat, lng));
              update.setDouble(2, lat);
              update.setDouble(3, lng);
              update.setObject(4, row[0]);
              update.addBatch();
              done.add((UUID) row[0]);
            }
            update.executeBatch();
          }
          return null;
        });
    if (!done.isEmpty()) {
      done.forEach(id -> entities.getCache().evict(Tree.class, id));
      generation.changed();
    }
    return done.size();
  }

  /** One batch of species without codes; returns how many it assigned. */
  int species() throws SQLException {
    List<UUID> done = new ArrayList<>();
    jdbc.transaction(
        (Connection connection) -> {
          List<Object[]> rows = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT id, scientific_name, itree_code_overrides::text FROM species"
                      + " WHERE itree_codes IS NULL LIMIT "
                      + BATCH
                      + " FOR UPDATE SKIP LOCKED")) {
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                rows.add(new Object[] {row.getObject(1), row.getString(2), row.getString(3)});
              }
            }
          }
          if (rows.isEmpty()) {
            return null;
          }
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE species SET itree_codes = ?::jsonb WHERE id = ?")) {
            for (Object[] row : rows) {
              Map<String, String> codes =
                  new TreeMap<>(SpeciesCodes.standard().codes((String) row[1]));
              Map<String, String> overrides = CODES.convertToEntityAttribute((String) row[2]);
              if (overrides != null) {
                codes.putAll(overrides);
              }
              update.setString(1, CODES.convertToDatabaseColumn(codes));
              update.setObject(2, row[0]);
              update.addBatch();
              done.add((UUID) row[0]);
            }
            update.executeBatch();
          }
          return null;
        });
    if (!done.isEmpty()) {
      done.forEach(id -> entities.getCache().evict(Species.class, id));
      generation.changed();
    }
    return done.size();
  }
}
