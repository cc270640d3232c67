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
 */
final class ImportRun {

  private static final ImportWriter.Written NOTHING =
      new ImportWriter.Written(0, 0, 0, List.of(), List.of(), false);
  private static final Comparator<RowMessage> BY_ROW = Comparator.comparingInt(RowMessage::row);

  /** Connections writing at once in an import that commits batch by batch. */
  static final int WRITERS = 2;

  /** The run ended the job (cancelled, failed): nothing more to do. */
  private static final class Ended extends RuntimeException {
    Ended() {
      super(null, null, false, false);
    }
  }

  /** Another batch ended the run while this one waited for its turn: this one is rolled back. */
  private static final class Abandoned extends RuntimeException {
    Abandoned() {
      super(null, null, false, false);
    }
  }

  /**
   * The order in which batches commit: batch k commits after batch k - 1, and never after the run
   * ended.
   */
  private static final class Turns {
    private long committed = -1;
    private boolean abandoned;

    synchronized void await(long batch) throws InterruptedException {
      while (!abandoned && committed < batch - 1) {
        wait();
      }
      if (abandoned) {
        throw new Abandoned();
      }
    }

    /** Fails when the run was abandoned: nothing more to write. */
    synchronized void check() {
      if (abandoned) {
        throw new Abandoned();
      }
    }

    synchronized void committed(long batch) {
      committed = batch;
      notifyAll();
    }

    synchronized void abandon() {
      abandoned = true;
      notifyAll();
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
  private final Turns turns = new Turns();
  // Changed only by the batch whose turn it is (after Turns.await, before Turns.committed).
  private ImportRepository.Counts counts;
  private int storedErrors;
  private int storedWarnings;
  private final List<RowMessage> pendingErrors = new ArrayList<>();
  private final List<RowMessage> pendingWarnings = new ArrayList<>();

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
    } catch (Ended ended) {
      // the job was ended where that was decided
    } finally {
      reader.stop();
    }
  }

  private void runInOneTransaction(BatchReader reader) throws Exception {
    try {
      for (BatchReader.Batch batch = reader.next(); batch != null; batch = reader.next()) {
        if (imports.progress(spec.id(), job.owner(), counts.rowsProcessed() + batch.rows())) {
          connection.rollback();
          end(connection, JobState.CANCELLED, null, ImportRepository.Counts.ZERO);
        }
        job.ensureHeld();
        // An atomic import with a bad row will be rolled back: from then on it only checks the
        // rows.
        boolean write =
            !batch.trees().isEmpty()
                && !(spec.atomic() && !spec.dryRun() && counts.failed() + batch.invalid() > 0);
        if (write) {
          AuditActor.bind(connection, Caller.actor(spec.submitter()));
        }
        ImportWriter.Written written =
            write ? ImportWriter.write(connection, batch.trees(), batch.copyText()) : NOTHING;
        statistics.written(connection, written.inserted());
        List<RowMessage> errors = errors(batch, written);
        counts = counts.plus(batch.rows(), written, batch.invalid());
        keep(pendingErrors, errors);
        keep(pendingWarnings, written.warnings());
      }
    } catch (ImportFileException e) {
      connection.rollback();
      end(connection, JobState.FAILED, e.getMessage(), ImportRepository.Counts.ZERO);
    }
    if (spec.dryRun()) {
      connection.rollback();
      end(connection, JobState.SUCCEEDED, null, counts);
    }
    if (counts.failed() > 0) {
      connection.rollback();
      end(
          connection,
          JobState.FAILED,
          counts.failed()
              + " of "
              + counts.rowsProcessed()
              + " rows are invalid; an atomic import writes nothing unless every row is valid",
          new ImportRepository.Counts(
              counts.rowsProcessed(), 0, 0, 0, counts.failed(), counts.warned()));
    }
    if (job.checkpoint(connection)) {
      connection.rollback();
      end(connection, JobState.CANCELLED, null, ImportRepository.Counts.ZERO);
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
    List<Future<?>> inFlight = new ArrayList<>(Collections.nCopies(WRITERS, null));
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
      long index = 0;
      try {
        for (BatchReader.Batch batch = reader.next();
            batch != null;
            batch = reader.next(), index++) {
          int w = (int) (index % WRITERS);
          // The connection's previous batch is done (and memory holds at most one batch per
          // connection).
          if (inFlight.get(w) != null) {
            outcome(inFlight.get(w));
          }
          long k = index;
          BatchReader.Batch handed = batch;
          Connection writing = connections[w];
          inFlight.set(
              w,
              writers[w].submit(
                  () -> {
                    writeInTurn(k, handed, writing);
                    return null;
                  }));
        }
      } catch (ImportFileException e) {
        awaitAll(inFlight);
        connection.rollback();
        String committed =
            counts.rowsProcessed() == 0
                ? ""
                : "; the " + counts.rowsProcessed() + " rows before it were imported";
        end(connection, JobState.FAILED, e.getMessage() + committed, counts);
      }
      awaitAll(inFlight);
      // Every row is committed: a cancel asked for now comes too late.
      job.checkpoint(connection);
      complete(connection, JobState.SUCCEEDED, null, counts);
    } finally {
      turns.abandon();
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

  private void awaitAll(List<Future<?>> inFlight) throws Exception {
    for (Future<?> batch : inFlight) {
      if (batch != null) {
        outcome(batch);
      }
    }
  }

  /**
   * Waits for a batch and rethrows what ended it. When one batch fails, the run abandons the
   * others: what they say is only that, so the batch that failed first is the one reported.
   */
  private void outcome(Future<?> batch) throws Exception {
    try {
      batch.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Abandoned) {
        return;
      }
      if (cause instanceof Exception exception) {
        throw exception;
      }
      throw (Error) cause;
    }
  }

  /** Writes batch k, then in its turn finds its warnings, records the progress and commits. */
  private void writeInTurn(long k, BatchReader.Batch batch, Connection writing) throws Exception {
    try {
      turns.check();
      if (batch.afterPrevious()) {
        turns.await(k);
      }
      job.ensureHeld();
      ImportWriter.Written written = NOTHING;
      boolean whole = true;
      if (!batch.trees().isEmpty()) {
        AuditActor.bind(writing, Caller.actor(spec.submitter()));
        written = ImportWriter.writeWhole(writing, batch.trees(), batch.copyText());
        whole = written != null;
      }
      turns.await(k);
      if (!whole) {
        // Rows the database refuses, one at a time: rare, and in turn so that their warnings are
        // right.
        written = ImportWriter.writeRowByRow(writing, batch.trees());
      } else if (!batch.trees().isEmpty()) {
        written = written.withWarnings(ImportWriter.warnings(writing));
      }
      statistics.written(writing, written.inserted());
      List<RowMessage> errors = errors(batch, written);
      ImportRepository.Counts after = counts.plus(batch.rows(), written, batch.invalid());
      // Under the job's lock from here to the commit: no other instance takes the job over in
      // between.
      if (job.checkpoint(writing)) {
        writing.rollback();
        end(writing, JobState.CANCELLED, null, counts);
      }
      imports.messages(writing, spec.id(), "error", errors, storedErrors);
      imports.messages(writing, spec.id(), "warning", written.warnings(), storedWarnings);
      imports.counts(writing, spec.id(), after);
      writing.commit();
      counts = after;
      storedErrors = Math.min(ImportRepository.MAX_MESSAGES, storedErrors + errors.size());
      storedWarnings =
          Math.min(ImportRepository.MAX_MESSAGES, storedWarnings + written.warnings().size());
      turns.committed(k);
      if (written.anyChange()) {
        changed.run();
      }
    } catch (Throwable e) {
      turns.abandon();
      try {
        writing.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    }
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

  /** Ends the job in a transaction of its own (after the rows' transaction was rolled back). */
  private void end(Connection on, JobState state, String error, ImportRepository.Counts shown)
      throws SQLException {
    job.checkpoint(on);
    complete(on, state, error, shown);
    throw new Ended();
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
    }
    job.finish(on, state, error);
    imports.dropFile(on, spec.id());
    on.commit();
  }
}
