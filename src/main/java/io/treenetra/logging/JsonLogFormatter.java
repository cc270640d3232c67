package io.treenetra.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One JSON object per line. A request line (logger {@value #ACCESS_LOGGER}, one {@code Map}
 * parameter) has exactly: timestamp, level, service, requestId, userId, method, path, statusCode,
 * responseTime, message. Every other record has timestamp, level, service, requestId, userId,
 * logger, message and, when there is one, exception.
 */
public class JsonLogFormatter extends Formatter {

  public static final String ACCESS_LOGGER = "treenetra.access";
  private static final String[] ACCESS_FIELDS = {"method", "path", "statusCode", "responseTime"};

  private final String service = System.getProperty("treenetra.service", "treenetra");

  @Override
  public String format(LogRecord record) {
    StringBuilder out = new StringBuilder(256);
    out.append('{');
    field(out, "timestamp", Instant.ofEpochMilli(record.getMillis()).toString());
    out.append(',');
    field(out, "level", levelName(record.getLevel()));
    out.append(',');
    field(out, "service", service);
    Map<?, ?> access = accessFields(record);
    if (access != null) {
      out.append(',');
      field(out, "requestId", access.get("requestId"));
      out.append(',');
      field(out, "userId", access.get("userId"));
      for (String name : ACCESS_FIELDS) {
        out.append(',');
        field(out, name, access.get(name));
      }
    } else {
      out.append(',');
      field(out, "requestId", LogContext.requestId());
      out.append(',');
      field(out, "userId", LogContext.userId());
      out.append(',');
      field(out, "logger", record.getLoggerName());
    }
    out.append(',');
    field(out, "message", safeMessage(record));
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      out.append(',');
      field(out, "exception", trace.toString());
    }
    return out.append("}\n").toString();
  }

  private static Map<?, ?> accessFields(LogRecord record) {
    Object[] parameters = record.getParameters();
    if (ACCESS_LOGGER.equals(record.getLoggerName())
        && parameters != null
        && parameters.length == 1
        && parameters[0] instanceof Map<?, ?> map) {
      return map;
    }
    return null;
  }

  private String safeMessage(LogRecord record) {
    try {
      return formatMessage(record);
    } catch (RuntimeException e) {
      return record.getMessage();
    }
  }

  private static String levelName(Level level) {
    if (level == null) {
      return "INFO";
    }
    int value = level.intValue();
    if (value >= Level.SEVERE.intValue()) {
      return "ERROR";
    }
    if (value >= Level.WARNING.intValue()) {
      return "WARN";
    }
    if (value >= Level.INFO.intValue()) {
      return "INFO";
    }
    return value >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
  }

  private static void field(StringBuilder out, String name, Object value) {
    out.append('"').append(name).append("\":");
    if (value == null) {
      out.append("null");
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else {
      quote(out, value.toString());
    }
  }

  static void quote(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
