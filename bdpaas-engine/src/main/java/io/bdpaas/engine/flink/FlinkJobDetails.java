package io.bdpaas.engine.flink;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job as {@code /jobs/:jobid} describes it: its state and the state of each job vertex (an
 * operator chain, the unit Flink schedules).
 *
 * @param state Flink's {@code JobStatus} name: CREATED, INITIALIZING, RUNNING, RESTARTING, FAILING,
 *     FAILED, CANCELLING, CANCELED, FINISHED, SUSPENDED, RECONCILING
 * @param endTime empty while the job has not ended
 * @param stateTimestamps when the job last entered each state it has been in
 */
public record FlinkJobDetails(
    String id,
    String name,
    String state,
    Optional<Instant> startTime,
    Optional<Instant> endTime,
    Duration duration,
    Map<String, Instant> stateTimestamps,
    List<Vertex> vertices) {

  public FlinkJobDetails {
    requireNonNull(id, "id is null");
    requireNonNull(name, "name is null");
    requireNonNull(state, "state is null");
    requireNonNull(startTime, "startTime is null");
    requireNonNull(endTime, "endTime is null");
    requireNonNull(duration, "duration is null");
    stateTimestamps = Map.copyOf(stateTimestamps);
    vertices = List.copyOf(vertices);
  }

  /** Whether the job has ended for good: FINISHED, CANCELED or FAILED. */
  public boolean isGloballyTerminal() {
    return FlinkJobSummary.GLOBALLY_TERMINAL.contains(state);
  }

  /**
   * One job vertex.
   *
   * @param status Flink's {@code ExecutionState} name of the vertex, e.g. {@code RUNNING}
   * @param startTime empty until its first subtask was deployed
   */
  public record Vertex(
      String id,
      String name,
      int parallelism,
      String status,
      Optional<Instant> startTime,
      FlinkIoMetrics metrics) {
    public Vertex {
      requireNonNull(id, "id is null");
      requireNonNull(name, "name is null");
      requireNonNull(status, "status is null");
      requireNonNull(startTime, "startTime is null");
      requireNonNull(metrics, "metrics is null");
    }
  }
}
