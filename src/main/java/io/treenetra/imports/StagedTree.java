package io.treenetra.imports;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A valid row, ready to write. {@code id} is the file's id when it gave one ({@code idGiven}), a
 * new one otherwise; {@code present} has a bit per optional field the row carries ({@link
 * ImportWriter}), so that updating a tree changes only what the file says and keeps the rest. A row
 * that names a tree (by id or externalId) may leave out its location ({@code lat} and {@code lng}
 * null) and its {@code status}; the row then fails unless the tree exists.
 */
record StagedTree(
    int row,
    UUID id,
    boolean idGiven,
    int present,
    String externalId,
    UUID speciesId,
    Double lat,
    Double lng,
    String address,
    Double dbhCm,
    Double heightM,
    Double canopyDiameterM,
    String status,
    String healthStatus,
    LocalDate plantedDate,
    List<String> tags,
    String notes,
    Instant lastInspectedAt,
    Integer version,
    Instant createdAt,
    Instant updatedAt) {

  /** The same row naming another species. */
  StagedTree withSpecies(UUID species) {
    return new StagedTree(
        row,
        id,
        idGiven,
        present,
        externalId,
        species,
        lat,
        lng,
        address,
        dbhCm,
        heightM,
        canopyDiameterM,
        status,
        healthStatus,
        plantedDate,
        tags,
        notes,
        lastInspectedAt,
        version,
        createdAt,
        updatedAt);
  }
}
