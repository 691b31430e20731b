package io.bdpaas.engine.flink;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A job vertex's physical view, from {@code /jobs/:jobid/vertices/:vertexid}: each subtask (a
 * parallel instance of the operator chain) with the TaskManager it runs on.
 */
public record FlinkVertexDetails(String id, String name, int parallelism, List<Subtask> subtasks) {
  public FlinkVertexDetails {
    requireNonNull(id, "id is null");
    requireNonNull(name, "name is null");
    subtasks = List.copyOf(subtasks);
  }

  /**
   * One subtask's current execution attempt.
   *
   * @param status Flink's {@code ExecutionState} name, e.g. {@code DEPLOYING}, {@code RUNNING}
   * @param attempt 0 for the first attempt, counting up with each restart
   * @param taskManagerId the TaskManager's resource id; empty before it is placed
   * @param endpoint the TaskManager's {@code host:port} ({@code localhost} for one bound to {@code
   *     127.0.0.1}); empty before it is placed
   * @param startTime empty until it was deployed
   */
  public record Subtask(
      int index,
      String status,
      int attempt,
      Optional<String> taskManagerId,
      Optional<String> endpoint,
      Optional<Instant> startTime,
      FlinkIoMetrics metrics) {
    public Subtask {
      requireNonNull(status, "status is null");
      requireNonNull(taskManagerId, "taskManagerId is null");
      requireNonNull(endpoint, "endpoint is null");
      requireNonNull(startTime, "startTime is null");
      requireNonNull(metrics, "metrics is null");
    }
  }
}
