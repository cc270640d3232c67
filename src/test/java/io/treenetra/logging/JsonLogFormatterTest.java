package io.treenetra.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JsonLogFormatterTest {

  private final JsonLogFormatter formatter = new JsonLogFormatter();

  @AfterEach
  void clear() {
    LogContext.clear();
  }

  @Test
  void requestLineHasExactlyTheAgreedFields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("requestId", "r-1");
    fields.put("userId", null);
    fields.put("method", "GET");
    fields.put("path", "/api/v1/trees");
    fields.put("statusCode", 200);
    fields.put("responseTime", 3.25);
    LogRecord record = new LogRecord(Level.INFO, "GET /api/v1/trees 200");
    record.setLoggerName(JsonLogFormatter.ACCESS_LOGGER);
    record.setParameters(new Object[] {fields});
    record.setInstant(java.time.Instant.parse("2026-11-26T10:30:00Z"));
    assertThat(formatter.format(record))
        .isEqualTo(
            "{\"timestamp\":\"2026-11-26T10:30:00Z\",\"level\":\"INFO\",\"service\":\"treenetra\","
                + "\"requestId\":\"r-1\",\"userId\":null,\"method\":\"GET\",\"path\":\"/api/v1/trees\","
                + "\"statusCode\":200,\"responseTime\":3.25,\"message\":\"GET /api/v1/trees 200\"}\n");
  }

  @Test
  void otherRecordsCarryTheRequestTheyWereWrittenFor() {
    LogContext.set("r-2", "u-9");
    LogRecord record = new LogRecord(Level.SEVERE, "boom \"quoted\"\nsecond line");
    record.setLoggerName("io.treenetra.x");
    record.setInstant(java.time.Instant.parse("2026-11-26T10:30:00Z"));
    record.setThrown(new IllegalStateException("why"));
    String line = formatter.format(record);
    assertThat(line)
        .startsWith(
            "{\"timestamp\":\"2026-11-26T10:30:00Z\",\"level\":\"ERROR\",\"service\":\"treenetra\","
                + "\"requestId\":\"r-2\",\"userId\":\"u-9\",\"logger\":\"io.treenetra.x\",\"message\":\"boom \\\"quoted\\\"\\nsecond line\","
                + "\"exception\":\"java.lang.IllegalStateException: why\\n");
    assertThat(line).endsWith("}\n").doesNotContain("\n\t").hasLineCount(1);
  }
}
