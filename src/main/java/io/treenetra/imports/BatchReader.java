package io.treenetra.imports;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Reads, checks and batches the rows of a file on a thread of its own, a batch or two ahead of the
 * writer: the database writes one batch while this thread parses the next (two cores, both busy).
 */
final class BatchReader implements Runnable {

  static final int BATCH_ROWS = 2000;

  /**
   * Rows read together: the valid ones staged, the others' errors, and how many rows in all. {@code
   * afterPrevious}: the batch must not be written before the previous one is committed, because a
   * row of it names a tree that a row of the previous batch names too (by id or externalId), or
   * either batch names trees by id (a row may then change the externalId another row finds a tree
   * by).
   */
  record Batch(
      List<StagedTree> trees,
      String copyText,
      List<RowMessage> errors,
      List<RowMessage> warnings,
      int rows,
      int invalid,
      int skipped,
      List<SpeciesMatcher.NewSpecies> newSpecies,
      Map<String, NameCount> speciesNames,
      boolean afterPrevious) {

    /** The same batch writing these rows instead. */
    Batch withTrees(List<StagedTree> rows) throws java.io.IOException {
      return new Batch(
          rows,
          ImportWriter.copyText(rows),
          errors,
          warnings,
          this.rows,
          invalid,
          skipped,
          newSpecies,
          speciesNames,
          afterPrevious);
    }
  }

  /**
   * The rows of a batch that gave one species name that matched other than exactly, and what it
   * matched.
   */
  record NameCount(SpeciesMatcher.Match match, int rows) {
    NameCount plus(int more) {
      return new NameCount(match, rows + more);
    }
  }

  private static final Object END = new Object();

  private final Callable<RowSource> open;
  private final int skip;
  private final RowChecker checker;
  private final BlockingQueue<Object> ready = new ArrayBlockingQueue<>(2);
  private volatile boolean stopped;

  private List<StagedTree> trees = new ArrayList<>();
  private List<RowMessage> errors = new ArrayList<>();
  private List<RowMessage> warnings = new ArrayList<>();
  private Map<String, NameCount> speciesNames = new TreeMap<>();
  private final Set<String> keys = new HashSet<>();

  /** Every tree the rows read so far named (rows skipped after a takeover are not read). */
  private final FileNames named = new FileNames();

  /** Every id and externalId the batch names, and those of the batch before it. */
  private Set<String> names = new HashSet<>();

  private Set<String> previousNames = Set.of();
  private boolean byId;
  private boolean previousById;
  private boolean previousCreated;
  private int rows;
  private int invalid;
  private int skipped;

  BatchReader(Callable<RowSource> open, int skip, RowChecker checker) {
    this.open = open;
    this.skip = skip;
    this.checker = checker;
  }

  @Override
  public void run() {
    try (RowSource source = open.call()) {
      source.skip(skip);
      for (ImportRow row = source.next(); row != null && !stopped; row = source.next()) {
        add(row);
      }
      hand();
      put(END);
    } catch (Throwable e) {
      put(e);
    }
  }

  /**
   * The next batch, or null after the last; rethrows what stopped the reading (an unreadable file).
   */
  Batch next() throws Exception {
    Object next = ready.take();
    if (next == END) {
      return null;
    }
    if (next instanceof Exception e) {
      throw e;
    }
    if (next instanceof Error e) {
      throw e;
    }
    return (Batch) next;
  }

  /** The writer stopped: read no further. */
  void stop() {
    stopped = true;
    ready.clear();
  }

  private void add(ImportRow row) throws java.io.IOException {
    if (row.skip()) {
      skipped++;
      rows++;
      if (rows >= BATCH_ROWS) {
        hand();
      }
      return;
    }
    RowChecker.Checked checked = checker.check(row);
    if (checked.tree() != null) {
      StagedTree tree = checked.tree();
      String key =
          tree.idGiven()
              ? "id " + tree.id()
              : tree.externalId() == null ? null : "externalId " + tree.externalId();
      // A row repeating a tree of this batch goes to the next batch, where it updates that tree:
      // the last row wins.
      if (key != null && keys.contains(key)) {
        hand();
      }
      if (key != null) {
        keys.add(key);
        int first = named.first(key, row.row());
        if (first != 0) {
          String field = tree.idGiven() ? "id" : "externalId";
          warnings.add(
              new RowMessage(
                  row.row(),
                  tree.idGiven() ? RowMessage.DUPLICATE_ID : RowMessage.DUPLICATE_EXTERNAL_ID,
                  checker.fieldName(field),
                  "row "
                      + first
                      + " has the same "
                      + field
                      + "; this row changes the tree that row wrote (the last row wins)"));
        }
      }
      if (tree.idGiven()) {
        byId = true;
        names.add("id " + tree.id());
      }
      if (tree.externalId() != null) {
        names.add("externalId " + tree.externalId());
      }
      trees.add(tree);
    } else {
      errors.addAll(checked.errors());
      invalid++;
    }
    if (checked.speciesName() != null) {
      speciesNames.merge(
          checked.speciesName(), new NameCount(checked.species(), 1), (a, b) -> a.plus(1));
    }
    rows++;
    if (rows >= BATCH_ROWS) {
      hand();
    }
  }

  private void hand() throws java.io.IOException {
    if (rows == 0) {
      return;
    }
    // Also the text the writer copies into the database: prepared here, off the writer's thread.
    // A species the previous batch creates is there only once that batch commits.
    List<SpeciesMatcher.NewSpecies> created = checker.matcher().takeCreated();
    boolean afterPrevious =
        byId || previousById || previousCreated || !Collections.disjoint(names, previousNames);
    put(
        new Batch(
            trees,
            ImportWriter.copyText(trees),
            errors,
            warnings,
            rows,
            invalid,
            skipped,
            created,
            speciesNames,
            afterPrevious));
    previousNames = names;
    previousById = byId;
    previousCreated = !created.isEmpty();
    speciesNames = new TreeMap<>();
    skipped = 0;
    names = new HashSet<>();
    byId = false;
    trees = new ArrayList<>();
    errors = new ArrayList<>();
    warnings = new ArrayList<>();
    keys.clear();
    rows = 0;
    invalid = 0;
  }

  private void put(Object item) {
    try {
      while (!stopped) {
        if (ready.offer(item, 100, TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
