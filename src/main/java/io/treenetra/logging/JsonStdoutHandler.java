package io.treenetra.logging;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Writes every record as one JSON line to the process's standard output (file descriptor 1
 * directly: the server replaces {@code System.out} with a stream that logs).
 *
 * <p>The calling thread formats its record without any lock and queues the line; one writer thread
 * writes the lines in order and flushes whenever the queue runs empty. A shared lock around format,
 * write and flush (as {@link java.util.logging.StreamHandler} has) made every request of a busy
 * server wait for the others' log lines. A full queue makes callers wait rather than drop lines;
 * {@link #close()} writes what is left.
 *
 * <p>The JVM's log manager closes every handler as soon as the JVM begins to shut down, while the
 * server and the application are still stopping. Their last records (a job handed back to the
 * queue, the server's stop) are then written at once, each flushed, instead of being dropped.
 */
public class JsonStdoutHandler extends Handler {

  private static final int CAPACITY = 16_384;
  private static final String STOP = new String("stop");

  private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(CAPACITY);
  private final Writer out =
      new BufferedWriter(
          new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8),
          1 << 16);
  private final Thread writer = new Thread(this::drain, "treenetra-log-writer");
  private volatile boolean closed;

  public JsonStdoutHandler() {
    setFormatter(new JsonLogFormatter());
    setLevel(Level.ALL);
    writer.setDaemon(true);
    writer.start();
  }

  @Override
  public void publish(LogRecord record) {
    if (!isLoggable(record)) {
      return;
    }
    String line;
    try {
      line = getFormatter().format(record);
    } catch (RuntimeException e) {
      reportError("Could not format a log record", e, ErrorManager.FORMAT_FAILURE);
      return;
    }
    if (closed) {
      writeNow(line);
      return;
    }
    try {
      lines.put(line);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** After {@link #close()}: the writer has stopped, so the caller writes its line itself. */
  private void writeNow(String line) {
    try {
      synchronized (out) {
        out.write(line);
        out.flush();
      }
    } catch (IOException e) {
      reportError("Could not write a log line", e, ErrorManager.WRITE_FAILURE);
    }
  }

  private void drain() {
    try {
      while (true) {
        String line = lines.take();
        if (line == STOP) {
          out.flush();
          return;
        }
        out.write(line);
        if (lines.isEmpty()) {
          out.flush();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      reportError("Could not write a log line", e, ErrorManager.WRITE_FAILURE);
    }
  }

  /** Lines are flushed as soon as the writer catches up; nothing to force. */
  @Override
  public void flush() {}

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      lines.put(STOP);
      writer.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
