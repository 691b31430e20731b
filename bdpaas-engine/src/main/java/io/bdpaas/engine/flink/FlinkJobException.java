package io.bdpaas.engine.flink;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One failure in a job's exception history ({@code /jobs/:jobid/exceptions}): what failed, where
 * and when. Each entry made the job restart or fail.
 *
 * @param exceptionName the exception's class name
 * @param message the readable part of its stack trace: message and causes, no stack frames
 * @param taskName the failed subtask, e.g. {@code Source: numbers (1/2) - execution #0}; for a
 *     job-wide failure, the task failure that caused it, if Flink names one
 * @param endpoint the {@code host:port} of the TaskManager it ran on (Flink 2.3 writes {@code
 *     localhost} here even for a TaskManager bound to {@code 127.0.0.1})
 */
public record FlinkJobException(
    String exceptionName,
    String message,
    Instant timestamp,
    Optional<String> taskName,
    Optional<String> endpoint,
    Optional<String> taskManagerId) {
  public FlinkJobException {
    requireNonNull(exceptionName, "exceptionName is null");
    requireNonNull(message, "message is null");
    requireNonNull(timestamp, "timestamp is null");
    requireNonNull(taskName, "taskName is null");
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(taskManagerId, "taskManagerId is null");
  }
}
