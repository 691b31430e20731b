package io.bdpaas.streaming;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A running job's numbers read at one moment, as {@link JobLayout} adds them up: records processed
 * and emitted since the job (attempt) started, the application's latency, and the most back
 * pressured and the busiest task. A count is empty when Flink did not report every value it is made
 * of (yet, or while the job restarts).
 *
 * @param latencyMs the average of the application's own latency gauges, if it has any
 * @param backpressurePercent the highest share of a second any subtask spent back pressured
 * @param busyPercent the highest share of a second any subtask spent busy
 * @param vertices each vertex's records in and out, by vertex id
 */
record JobCounts(
    Optional<Long> processed,
    Optional<Long> emitted,
    Optional<Double> latencyMs,
    Optional<Double> backpressurePercent,
    Optional<Double> busyPercent,
    Map<String, VertexCounts> vertices) {
  JobCounts {
    requireNonNull(processed, "processed is null");
    requireNonNull(emitted, "emitted is null");
    requireNonNull(latencyMs, "latencyMs is null");
    requireNonNull(backpressurePercent, "backpressurePercent is null");
    requireNonNull(busyPercent, "busyPercent is null");
    vertices = Map.copyOf(vertices);
  }

  /**
   * A vertex's records: those entering its chain (its head operator's input) and leaving it (its
   * last operators' output), summed over its subtasks, and each operator's.
   */
  record VertexCounts(
      String vertexId,
      Optional<Long> recordsIn,
      Optional<Long> recordsOut,
      List<OperatorCounts> operators) {
    VertexCounts {
      requireNonNull(vertexId, "vertexId is null");
      requireNonNull(recordsIn, "recordsIn is null");
      requireNonNull(recordsOut, "recordsOut is null");
      operators = List.copyOf(operators);
    }
  }

  /** One operator's records in and out, summed over its subtasks. */
  record OperatorCounts(String name, Optional<Long> recordsIn, Optional<Long> recordsOut) {
    OperatorCounts {
      requireNonNull(name, "name is null");
      requireNonNull(recordsIn, "recordsIn is null");
      requireNonNull(recordsOut, "recordsOut is null");
    }
  }
}
