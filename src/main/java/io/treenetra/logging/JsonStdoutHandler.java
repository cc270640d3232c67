package io.treenetra.logging;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.StreamHandler;

/**
 * Writes every record as one JSON line to the process's standard output. It writes to file
 * descriptor 1 directly because the server replaces {@code System.out} with a stream that logs.
 */
public class JsonStdoutHandler extends StreamHandler {

  public JsonStdoutHandler() {
    super(new FileOutputStream(FileDescriptor.out), new JsonLogFormatter());
    setLevel(Level.ALL);
    try {
      setEncoding(StandardCharsets.UTF_8.name());
    } catch (java.io.UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public synchronized void publish(LogRecord record) {
    super.publish(record);
    flush();
  }

  @Override
  public synchronized void close() {
    flush();
  }
}
