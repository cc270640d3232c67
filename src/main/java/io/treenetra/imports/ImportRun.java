package io.treenetra.imports;

import io.treenetra.auth.Caller;
import io.treenetra.job.JobContext;
import io.treenetra.job.JobState;
import io.treenetra.platform.persistence.AuditActor;
import io.treenetra.platform.persistence.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * One attempt at one import: the second pass of {@link ImportJob}, batch by batch.
 *
 * <p>An import that commits batch by batch writes on two connections at once, each batch on the
 * other connection from the one before it: PostgreSQL writes a batch on one core while it writes
 * the next on the other. The batches still commit in the file's order, one at a time (each waits
 * for the one before it to commit): the progress the job records is always a whole prefix of the
 * file, so an instance that takes the job over continues exactly where the last commit ended. A
 * batch whose rows name a tree that a row of the batch before it names too (or either names trees
 * by id) is written only after that batch committed, as if there were one connection. The warnings
 * of a batch (a tree of the same species within a metre) are looked for once the batch before it
 * has committed, so that they see every earlier row of the file.
 *
 * <p>The order is a chain of futures: each batch completes its own when it has committed, and the
 * next batch waits on it. A batch that fails, or that ends the job, completes its future with
 * {@link Abandoned}, so no batch after it commits. How a run ends is a value ({@link Outcome}), not
 * an exception.
 */
final class ImportRun {

  private static final ImportWriter.Written NOTHING =
      new ImportWriter.Written(0, 0, 0, List.of(), List.of(), false);
  private static final Comparator<RowMessage> BY_ROW = Comparator.comparingInt(RowMessage::row);

  /** Connections writing at once in an import that commits batch by batch. */
  static final int WRITERS = 2;

  /** What became of a batch, or of a run. */
  private enum Outcome {
    /** Committed; the run goes on. */
    COMMITTED,
    /** Ended the job (cancelled, failed, done): nothing more to write. */
    ENDED,
    /** Not committed because a batch before it was not (or the run stopped): it changed nothing. */
    ABANDONED
  }

  /** What a batch's future holds when the batch before it did not commit. */
  private static final class Abandoned extends RuntimeException {
    Abandoned() {
      super(null, null, false, false);
    }
  }

  private final JobContext job;
  private final ImportRepository.Spec spec;
  private final Connection connection;
  private final Jdbc jdbc;
  private final ImportRepository imports;
  private final RowChecker checker;
  private final Runnable changed;
  private final ThreadFactory threads;

  /** Dry runs and atomic imports write in one transaction, kept open to the end. */
  private final boolean single;

  private final ImportWriter.TableStatistics statistics = new ImportWriter.TableStatistics();

  /** Set when the run stops early: a batch still waiting for its turn then commits nothing. */
  private volatile boolean stopping;

  // Changed only by the batch whose turn it is (after the batch before it committed, before its own
  // future completes), so each batch sees the counts of every batch before it.
  private ImportRepository.Counts counts;
  private int storedErrors;
  private int storedWarnings;
  private final List<RowMessage> pendingErrors = new ArrayList<>();
  private final List<RowMessage> pendingWarnings = new ArrayList<>();
  // In one transaction: every message's code counted, for the end.
  private final java.util.Map<String, Integer> errorCodes = new java.util.TreeMap<>();
  private final java.util.Map<String, Integer> warningCodes = new java.util.TreeMap<>();
  private final java.util.Map<String, BatchReader.NameCount> speciesNames =
      new java.util.TreeMap<>();
  private final ImportPreview preview;

  ImportRun(
      JobContext job,
      ImportRepository.Spec spec,
      Connection connection,
      Jdbc jdbc,
      ImportRepository imports,
      RowChecker checker,
      Runnable changed,
      ThreadFactory threads) {
    this.job = job;
    this.spec = spec;
    this.connection = connection;
    this.jdbc = jdbc;
    this.imports = imports;
    this.checker = checker;
    this.changed = changed;
    this.threads = threads;
    this.single = spec.dryRun() || spec.atomic();
    this.counts = single ? ImportRepository.Counts.ZERO : spec.counts();
    this.preview =
        spec.dryRun() ? new ImportPreview(id -> checker.matcher().nameOf(id).orElse(null)) : null;
  }

  void run() throws Exception {
    ImportWriter.prepare(connection);
    if (!single) {
      storedErrors = imports.storedMessages(connection, spec.id(), "error");
      storedWarnings = imports.storedMessages(connection, spec.id(), "warning");
    }
    BatchReader reader =
        new BatchReader(() -> StoredFile.rows(jdbc, spec), counts.rowsProcessed(), checker);
    Thread reading = threads.newThread(reader);
    reading.start();
    try {
      if (single) {
        runInOneTransaction(reader);
      } else {
        runBatchByBatch(reader);
      }
    } finally {
      reader.stop();
    }
  }

  private void runInOneTransaction(BatchReader reader) throws Exception {
    try {
      for (BatchReader.Batch batch = reader.next(); batch != null; batch = reader.next()) {
        if (imports.progress(spec.id(), job.owner(), counts.rowsProcessed() + batch.rows())) {
          connection.rollback();
          finish(connection, JobState.CANCELLED, null, ImportRepository.Counts.ZERO);
          return;
        }
        job.ensureHeld();
        // An atomic import with a bad row will be rolled back, and still writes every batch: some
        // problems only the database sees (an update of a tree that does not exist, a taken
        // externalId), and every bad row is reported.
        boolean write = !batch.trees().isEmpty();
        if (write) {
          AuditActor.bind(connection, Caller.actor(spec.submitter()));
          batch = withNewSpecies(connection, batch);
        }
        ImportWriter.Written written =
            withReaderWarnings(
                batch,
                write ? ImportWriter.write(connection, batch.trees(), batch.copyText()) : NOTHING);
        statistics.written(connection, written.inserted());
        List<RowMessage> errors = errors(batch, written);
        counts = counts.plus(batch, written);
        if (preview != null) {
          batch.trees().forEach(preview::add);
        }
        batch
            .speciesNames()
            .forEach((name, count) -> speciesNames.merge(name, count, (a, b) -> a.plus(b.rows())));
        keep(pendingErrors, errors);
        keep(pendingWarnings, written.warnings());
        errors.forEach(e -> errorCodes.merge(e.code(), 1, Integer::sum));
        written.warnings().forEach(w -> warningCodes.merge(w.code(), 1, Integer::sum));
      }
    } catch (ImportFileException e) {
      connection.rollback();
      finish(connection, JobState.FAILED, e.getMessage(), ImportRepository.Counts.ZERO);
      return;
    }
    if (spec.dryRun()) {
      connection.rollback();
      finish(connection, ended(counts), allFailed(counts), counts);
      return;
    }
    if (counts.failed() > 0) {
      connection.rollback();
      finish(
          connection,
          JobState.FAILED,
          counts.failed()
              + " of "
              + counts.rowsProcessed()
              + " rows are invalid; an atomic import writes nothing unless every row is valid",
          new ImportRepository.Counts(
              counts.rowsProcessed(), 0, 0, 0, counts.failed(), counts.warned()));
      return;
    }
    if (job.checkpoint(connection)) {
      connection.rollback();
      finish(connection, JobState.CANCELLED, null, ImportRepository.Counts.ZERO);
      return;
    }
    complete(connection, JobState.SUCCEEDED, null, counts);
    if (counts.inserted() + counts.updated() > 0) {
      changed.run();
    }
  }

  /**
   * Batch k on connection k % WRITERS, each connection's batches in turn on a thread of its own.
   */
  private void runBatchByBatch(BatchReader reader) throws Exception {
    Connection[] connections = new Connection[WRITERS];
    Jdbc.Lease[] leases = new Jdbc.Lease[WRITERS];
    ExecutorService[] writers = new ExecutorService[WRITERS];
    List<Future<Outcome>> inFlight = new ArrayList<>(Collections.nCopies(WRITERS, null));
    connections[0] = connection;
    try {
      for (int w = 0; w < WRITERS; w++) {
        if (connections[w] == null) {
          leases[w] = jdbc.lease();
          connections[w] = leases[w].connection();
          connections[w].setAutoCommit(false);
          ImportWriter.prepare(connections[w]);
          connections[w].commit();
        }
        writers[w] = Executors.newSingleThreadExecutor(threads);
      }
      CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);
      long index = 0;
      try {
        for (BatchReader.Batch batch = reader.next();
            batch != null;
            batch = reader.next(), index++) {
          int w = (int) (index % WRITERS);
          // The connection's previous batch is done (and memory holds at most one batch per
          // connection).
          if (inFlight.get(w) != null && outcome(inFlight.get(w)) == Outcome.ENDED) {
            awaitAll(inFlight);
            return;
          }
          BatchReader.Batch handed = batch;
          Connection writing = connections[w];
          CompletableFuture<Void> before = previous;
          CompletableFuture<Void> committed = new CompletableFuture<>();
          inFlight.set(w, writers[w].submit(() -> writeInTurn(handed, before, committed, writing)));
          previous = committed;
        }
      } catch (ImportFileException e) {
        if (awaitAll(inFlight) == Outcome.ENDED) {
          return;
        }
        connection.rollback();
        String committed =
            counts.rowsProcessed() == 0
                ? ""
                : "; the " + counts.rowsProcessed() + " rows before it were imported";
        finish(connection, JobState.FAILED, e.getMessage() + committed, counts);
        return;
      }
      if (awaitAll(inFlight) == Outcome.ENDED) {
        return;
      }
      // Every row is committed: a cancel asked for now comes too late.
      job.checkpoint(connection);
      complete(connection, ended(counts), allFailed(counts), counts);
    } finally {
      stopping = true;
      for (ExecutorService writer : writers) {
        if (writer != null) {
          writer.shutdown();
        }
      }
      for (int w = 1; w < WRITERS; w++) {
        if (writers[w] != null) {
          writers[w].awaitTermination(1, TimeUnit.MINUTES);
        }
        if (leases[w] != null) {
          try (Jdbc.Lease other = leases[w]) {
            other.connection().rollback();
            other.connection().setAutoCommit(true);
          }
        }
      }
      if (writers[0] != null) {
        writers[0].awaitTermination(1, TimeUnit.MINUTES);
      }
    }
  }

  /** Waits for every batch in flight: ENDED if one ended the job; rethrows the first failure. */
  private Outcome awaitAll(List<Future<Outcome>> inFlight) throws Exception {
    Outcome all = Outcome.COMMITTED;
    for (Future<Outcome> batch : inFlight) {
      if (batch != null && outcome(batch) == Outcome.ENDED) {
        all = Outcome.ENDED;
      }
    }
    return all;
  }

  /** Waits for a batch and rethrows what made it fail. */
  private static Outcome outcome(Future<Outcome> batch) throws Exception {
    try {
      return batch.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception exception) {
        throw exception;
      }
      throw (Error) e.getCause();
    }
  }

  /** Returns once the batch before has committed; Abandoned when it did not or the run stopped. */
  private void awaitTurn(CompletableFuture<Void> before) throws InterruptedException {
    try {
      before.get();
    } catch (ExecutionException e) {
      throw new Abandoned();
    }
    if (stopping) {
      throw new Abandoned();
    }
  }

  /**
   * Writes a batch, then in its turn (once {@code before} has completed) finds its warnings,
   * records the progress and commits; completes {@code committed} for the batch after it.
   */
  private Outcome writeInTurn(
      BatchReader.Batch handed,
      CompletableFuture<Void> before,
      CompletableFuture<Void> committed,
      Connection writing)
      throws Exception {
    BatchReader.Batch batch = handed;
    try {
      if (before.isCompletedExceptionally() || stopping) {
        throw new Abandoned();
      }
      if (batch.afterPrevious()) {
        awaitTurn(before);
      }
      job.ensureHeld();
      ImportWriter.Written written = NOTHING;
      boolean whole = true;
      if (!batch.trees().isEmpty()) {
        AuditActor.bind(writing, Caller.actor(spec.submitter()));
        batch = withNewSpecies(writing, batch);
        written = ImportWriter.writeWhole(writing, batch.trees(), batch.copyText());
        whole = written != null;
      }
      awaitTurn(before);
      if (!whole) {
        // Rows the database refuses, one at a time: rare, and in turn so that their warnings are
        // right.
        written = ImportWriter.writeRowByRow(writing, batch.trees());
      } else if (!batch.trees().isEmpty()) {
        written = written.withWarnings(ImportWriter.warnings(writing));
      }
      written = withReaderWarnings(batch, written);
      statistics.written(writing, written.inserted());
      List<RowMessage> errors = errors(batch, written);
      ImportRepository.Counts after = counts.plus(batch, written);
      // Under the job's lock from here to the commit: no other instance takes the job over in
      // between.
      if (job.checkpoint(writing)) {
        writing.rollback();
        finish(writing, JobState.CANCELLED, null, counts);
        committed.completeExceptionally(new Abandoned());
        return Outcome.ENDED;
      }
      imports.messages(writing, spec.id(), "error", errors, storedErrors);
      imports.messages(writing, spec.id(), "warning", written.warnings(), storedWarnings);
      imports.countMessages(writing, spec.id(), "error", errors);
      imports.countMessages(writing, spec.id(), "warning", written.warnings());
      imports.countSpeciesNames(writing, spec.id(), batch.speciesNames());
      imports.counts(writing, spec.id(), after);
      writing.commit();
      counts = after;
      storedErrors = Math.min(ImportRepository.MAX_MESSAGES, storedErrors + errors.size());
      storedWarnings =
          Math.min(ImportRepository.MAX_MESSAGES, storedWarnings + written.warnings().size());
      committed.complete(null);
      if (written.anyChange()) {
        changed.run();
      }
      return Outcome.COMMITTED;
    } catch (Throwable e) {
      committed.completeExceptionally(new Abandoned());
      try {
        writing.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      if (e instanceof Abandoned) {
        return Outcome.ABANDONED;
      }
      throw e;
    }
  }

  /**
   * Creates the species the batch names first (createSpecies=true); when another import created one
   * of them meanwhile, the batch's rows name that one instead.
   */
  private BatchReader.Batch withNewSpecies(Connection writing, BatchReader.Batch batch)
      throws SQLException, java.io.IOException {
    if (batch.newSpecies().isEmpty()) {
      return batch;
    }
    java.util.Map<java.util.UUID, java.util.UUID> taken =
        imports.createSpecies(writing, batch.newSpecies());
    if (taken.isEmpty()) {
      return batch;
    }
    List<StagedTree> trees =
        batch.trees().stream()
            .map(
                tree ->
                    taken.containsKey(tree.speciesId())
                        ? tree.withSpecies(taken.get(tree.speciesId()))
                        : tree)
            .toList();
    return batch.withTrees(trees);
  }

  /** The batch's warnings, the reader's (a tree named again) and the writer's, in row order. */
  private static ImportWriter.Written withReaderWarnings(
      BatchReader.Batch batch, ImportWriter.Written written) {
    if (batch.warnings().isEmpty()) {
      return written;
    }
    List<RowMessage> warnings = new ArrayList<>(batch.warnings());
    warnings.addAll(written.warnings());
    warnings.sort(BY_ROW);
    return written.withWarnings(warnings);
  }

  /** The batch's errors, the reader's and the database's, in row order. */
  private List<RowMessage> errors(BatchReader.Batch batch, ImportWriter.Written written) {
    List<RowMessage> errors = new ArrayList<>(batch.errors());
    written
        .problems()
        .forEach(
            problem ->
                errors.add(
                    new RowMessage(
                        problem.row(),
                        problem.code(),
                        checker.fieldName(problem.field()),
                        problem.message())));
    errors.sort(BY_ROW);
    return errors;
  }

  private static void keep(List<RowMessage> kept, List<RowMessage> more) {
    int room = ImportRepository.MAX_MESSAGES - kept.size();
    if (room > 0) {
      kept.addAll(more.subList(0, Math.min(room, more.size())));
    }
  }

  /** Succeeded, unless the file had rows and every one of them failed. */
  private static JobState ended(ImportRepository.Counts counts) {
    return allFailed(counts) == null ? JobState.SUCCEEDED : JobState.FAILED;
  }

  private static String allFailed(ImportRepository.Counts counts) {
    if (counts.rowsProcessed() == 0 || counts.failed() < counts.rowsProcessed()) {
      return null;
    }
    return "Every one of the "
        + counts.rowsProcessed()
        + (counts.rowsProcessed() == 1 ? " row" : " rows")
        + " failed, so nothing was imported; the errors say why";
  }

  /** Ends the job in a transaction of its own (after the rows' transaction was rolled back). */
  private void finish(Connection on, JobState state, String error, ImportRepository.Counts shown)
      throws SQLException {
    job.checkpoint(on);
    complete(on, state, error, shown);
  }

  /**
   * In the current transaction: the final counts, the kept messages, the job's end; then commit.
   */
  private void complete(Connection on, JobState state, String error, ImportRepository.Counts shown)
      throws SQLException {
    imports.counts(on, spec.id(), shown);
    if (single) {
      imports.messages(on, spec.id(), "error", pendingErrors, 0);
      imports.messages(on, spec.id(), "warning", pendingWarnings, 0);
      imports.addMessageCounts(on, spec.id(), "error", errorCodes);
      imports.addMessageCounts(on, spec.id(), "warning", warningCodes);
      imports.countSpeciesNames(on, spec.id(), speciesNames);
      if (preview != null && state != JobState.CANCELLED) {
        imports.preview(on, spec.id(), preview.build().toString());
      }
    }
    job.finish(on, state, error);
    imports.dropFile(on, spec.id());
    on.commit();
  }
}
