package io.treenetra.job;

/**
 * Runs one kind of job. A handler must be safe to run again from the start or from its last
 * checkpoint: the instance running it may die at any moment, and another then takes the job over.
 */
public interface JobHandler {

  String kind();

  /** Runs the job to its end, which the handler writes through {@link JobContext}. */
  void run(JobContext job) throws Exception;
}
