package io.treenetra.support;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Posting an import file and following it to its end, as a client does. */
public final class Imports {

  private static final Set<String> ENDED = Set.of("succeeded", "failed", "cancelled");

  private Imports() {}

  public static Api.Response post(Api api, String query, String contentType, byte[] body) {
    return api.send(
        "POST",
        "/api/v1/imports" + (query.isEmpty() ? "" : "?" + query),
        body,
        "Content-Type",
        contentType);
  }

  /** Posts the file, checks the 202, and waits until the import has ended (at most 120 s). */
  public static JsonObject run(Api api, String query, String contentType, byte[] body) {
    Api.Response accepted = post(api, query, contentType, body);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String id = accepted.json().getString("id");
    assertThat(accepted.header("Location")).endsWith("/api/v1/imports/" + id);
    return awaitEnd(api, id);
  }

  public static JsonObject awaitEnd(Api api, String id) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      Api.Response current = api.get("/api/v1/imports/" + id);
      assertThat(current.status()).as(current.toString()).isEqualTo(200);
      JsonObject job = current.json();
      if (ENDED.contains(job.getString("state"))) {
        return job;
      }
      assertThat(System.nanoTime())
          .as("import %s ended within 120 s: %s", id, job)
          .isLessThan(deadline);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * The counters of an ended import, in one comparable string: state
   * inserted/updated/skipped/failed.
   */
  public static String counts(JsonObject job) {
    return job.getString("state")
        + " "
        + job.getInt("inserted")
        + "/"
        + job.getInt("updated")
        + "/"
        + job.getInt("skipped")
        + "/"
        + job.getInt("failed");
  }

  /** An ended import's errors or warnings ({@code list}), each as "row CODE field: message". */
  public static java.util.List<String> messages(JsonObject job, String list) {
    return job.getJsonArray(list).getValuesAs(JsonObject.class).stream()
        .map(
            m ->
                m.getInt("row")
                    + " "
                    + m.getString("code")
                    + " "
                    + (m.isNull("field") ? "null" : m.getString("field"))
                    + ": "
                    + m.getString("message"))
        .toList();
  }
}
