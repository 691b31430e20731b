package io.bdpaas.engine.spark;

import static java.util.Objects.requireNonNull;

/**
 * A driver the master launched in cluster mode, as its {@code /json/} lists it (active or
 * completed): its id, state, main class and when it was submitted.
 */
public record SparkDriverInfo(
    String id, String state, String mainClass, long submittedEpochMillis, String workerId) {
  public SparkDriverInfo {
    requireNonNull(id, "id is null");
    requireNonNull(state, "state is null");
    requireNonNull(mainClass, "mainClass is null");
    requireNonNull(workerId, "workerId is null");
  }
}
