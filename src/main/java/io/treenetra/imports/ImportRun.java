package io.treenetra.imports;

import io.treenetra.audit.AuditActor;
import io.treenetra.job.JobContext;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** One attempt at one import: the second pass of {@link ImportJob}, batch by batch. */
final class ImportRun {

  private static final ImportWriter.Written NOTHING = new ImportWriter.Written(0, 0, 0, List.of(), List.of(), false);
  private static final Comparator<RowMessage> BY_ROW = Comparator.comparingInt(RowMessage::row);

  /** The run ended the job (cancelled, failed): nothing more to do. */
  private static final class Ended extends RuntimeException {
    Ended() {
      super(null, null, false, false);
    }
  }

  private final JobContext job;
  private final ImportRepository.Spec spec;
  private final Connection connection;
  private final ImportRepository imports;
  private final RowChecker checker;
  private final Runnable changed;
  /** Dry runs and atomic imports write in one transaction, kept open to the end. */
  private final boolean single;

  private final ImportWriter.TableStatistics statistics = new ImportWriter.TableStatistics();
  private ImportRepository.Counts counts;
  private int storedErrors;
  private int storedWarnings;
  private final List<RowMessage> pendingErrors = new ArrayList<>();
  private final List<RowMessage> pendingWarnings = new ArrayList<>();

  private final java.util.concurrent.ThreadFactory threads;

  ImportRun(JobContext job, ImportRepository.Spec spec, Connection connection, ImportRepository imports, RowChecker checker,
      Runnable changed, java.util.concurrent.ThreadFactory threads) {
    this.threads = threads;
    this.job = job;
    this.spec = spec;
    this.connection = connection;
    this.imports = imports;
    this.checker = checker;
    this.changed = changed;
    this.single = spec.dryRun() || spec.atomic();
    this.counts = single ? ImportRepository.Counts.ZERO : spec.counts();
  }

  void run() throws Exception {
    ImportWriter.prepare(connection);
    if (!single) {
      storedErrors = imports.storedMessages(connection, spec.id(), "error");
      storedWarnings = imports.storedMessages(connection, spec.id(), "warning");
    }
    BatchReader reader = new BatchReader(() -> ImportJob.open(imports.dataSource(), spec), counts.rowsProcessed(), checker);
    Thread reading = threads.newThread(reader);
    reading.start();
    try {
      try {
        for (BatchReader.Batch batch = reader.next(); batch != null; batch = reader.next()) {
          flush(batch);
        }
      } catch (ImportFileException e) {
        connection.rollback();
        String committed = single || counts.rowsProcessed() == 0 ? "" : "; the " + counts.rowsProcessed()
            + " rows before it were imported";
        end("failed", e.getMessage() + committed, single ? ImportRepository.Counts.ZERO : counts);
        return;
      }
      finish();
    } catch (Ended ended) {
      // the job was ended where that was decided
    } finally {
      reader.stop();
    }
  }

  private void flush(BatchReader.Batch batch) throws SQLException, IOException {
    boolean cancel = single
        ? imports.progress(spec.id(), job.owner(), counts.rowsProcessed() + batch.rows())
        : job.checkpoint(connection);
    if (cancel) {
      connection.rollback();
      end("cancelled", null, single ? ImportRepository.Counts.ZERO : counts);
    }
    job.ensureHeld();
    // An atomic import with a bad row will be rolled back: from then on it only checks the rows.
    boolean write = !batch.trees().isEmpty() && !(spec.atomic() && !spec.dryRun() && counts.failed() + batch.invalid() > 0);
    if (write) {
      AuditActor.bind(connection, spec.submitter());
    }
    ImportWriter.Written written = write ? ImportWriter.write(connection, batch.trees(), batch.copyText()) : NOTHING;
    statistics.written(connection, written.inserted());
    counts = counts.plus(batch.rows(), written, batch.invalid());
    List<RowMessage> errors = new ArrayList<>(batch.errors());
    written.problems().forEach(problem -> errors.add(new RowMessage(problem.row(), problem.code(),
        checker.fieldName(problem.field()), problem.message())));
    errors.sort(BY_ROW);
    if (single) {
      keep(pendingErrors, errors);
      keep(pendingWarnings, written.warnings());
    } else {
      imports.messages(connection, spec.id(), "error", errors, storedErrors);
      imports.messages(connection, spec.id(), "warning", written.warnings(), storedWarnings);
      storedErrors = Math.min(ImportRepository.MAX_MESSAGES, storedErrors + errors.size());
      storedWarnings = Math.min(ImportRepository.MAX_MESSAGES, storedWarnings + written.warnings().size());
      imports.counts(connection, spec.id(), counts);
      connection.commit();
      if (written.anyChange()) {
        changed.run();
      }
    }
  }

  private static void keep(List<RowMessage> kept, List<RowMessage> more) {
    int room = ImportRepository.MAX_MESSAGES - kept.size();
    if (room > 0) {
      kept.addAll(more.subList(0, Math.min(room, more.size())));
    }
  }

  private void finish() throws SQLException {
    if (spec.dryRun()) {
      connection.rollback();
      end("succeeded", null, counts);
    } else if (spec.atomic() && counts.failed() > 0) {
      connection.rollback();
      end("failed", counts.failed() + " of " + counts.rowsProcessed()
          + " rows are invalid; an atomic import writes nothing unless every row is valid",
          new ImportRepository.Counts(counts.rowsProcessed(), 0, 0, 0, counts.failed(), counts.warned()));
    } else {
      boolean cancel = job.checkpoint(connection);
      if (cancel && single) {
        connection.rollback();
        end("cancelled", null, ImportRepository.Counts.ZERO);
      }
      complete("succeeded", null, counts);
      if (counts.inserted() + counts.updated() > 0 && single) {
        changed.run();
      }
    }
  }

  /** Ends the job in a transaction of its own (after the rows' transaction was rolled back). */
  private void end(String state, String error, ImportRepository.Counts shown) throws SQLException {
    job.checkpoint(connection);
    complete(state, error, shown);
    throw new Ended();
  }

  /** In the current transaction: the final counts, the kept messages, the job's end; then commit. */
  private void complete(String state, String error, ImportRepository.Counts shown) throws SQLException {
    imports.counts(connection, spec.id(), shown);
    if (single) {
      imports.messages(connection, spec.id(), "error", pendingErrors, 0);
      imports.messages(connection, spec.id(), "warning", pendingWarnings, 0);
    }
    job.finish(connection, state, error);
    imports.dropFile(connection, spec.id());
    connection.commit();
  }

  /** Fails a job whose file cannot be read at all, before any row was written. */
  static void failWhole(JobContext job, ImportRepository imports, UUID id, String error) throws SQLException {
    try (Connection connection = imports.dataSource().getConnection()) {
      connection.setAutoCommit(false);
      try {
        job.checkpoint(connection);
        job.finish(connection, "failed", error);
        imports.dropFile(connection, id);
        connection.commit();
      } finally {
        connection.rollback();
        connection.setAutoCommit(true);
      }
    }
  }
}
