package io.bdpaas.engine.flink;

import static java.util.Objects.requireNonNull;

/** A Flink cluster's summary, from the JobManager's {@code /overview}. */
public record FlinkOverview(
    int taskManagers,
    int slotsTotal,
    int slotsAvailable,
    int jobsRunning,
    int jobsFinished,
    int jobsCancelled,
    int jobsFailed,
    String flinkVersion) {

  public FlinkOverview {
    requireNonNull(flinkVersion, "flinkVersion is null");
  }
}
