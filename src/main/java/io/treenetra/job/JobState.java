package io.treenetra.job;

/**
 * Where a job is: waiting in the queue, held by a worker, or ended in one of three ways. The value
 * is what the database stores (the job table's CHECK lists the same five) and what the API shows.
 */
public enum JobState {
  QUEUED("queued"),
  RUNNING("running"),
  SUCCEEDED("succeeded"),
  FAILED("failed"),
  CANCELLED("cancelled");

  private final String value;

  JobState(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  /** Whether {@code value} (a stored or shown state) is this one. */
  public boolean is(String value) {
    return this.value.equals(value);
  }
}
