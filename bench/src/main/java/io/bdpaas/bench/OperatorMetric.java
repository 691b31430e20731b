package io.bdpaas.bench;

import io.bdpaas.engine.flink.FlinkClient;
import io.bdpaas.engine.flink.FlinkJobDetails;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One operator metric of a running Flink job, summed over the subtasks of the vertex that has it,
 * read through Flink's REST API ({@code GET /jobs/:id/vertices/:vid/metrics?get=...}): the metrics
 * named {@code <subtask>.<operator>.<metric>} that end in a suffix such as {@code
 * .count.wordsCounted} or {@code .Source__sentences.numRecordsOut}.
 */
record OperatorMetric(String jobId, String vertexId, List<String> names) {
  OperatorMetric {
    names = List.copyOf(names);
  }

  /**
   * The first vertex of the job each of whose subtasks has a metric ending in {@code suffix}; empty
   * while Flink does not list them all yet (its first answers can be empty).
   */
  static Optional<OperatorMetric> find(FlinkClient flink, String jobId, String suffix) {
    for (FlinkJobDetails.Vertex vertex : flink.job(jobId).vertices()) {
      List<String> names =
          flink.vertexMetricNames(jobId, vertex.id()).stream()
              .filter(name -> name.endsWith(suffix))
              .toList();
      if (!names.isEmpty() && names.size() == vertex.parallelism()) {
        return Optional.of(new OperatorMetric(jobId, vertex.id(), names));
      }
    }
    return Optional.empty();
  }

  /** The metric's values summed over the subtasks, as whole numbers. */
  long sum(FlinkClient flink) {
    Map<String, Double> values = flink.vertexMetrics(jobId, vertexId, names);
    if (values.size() != names.size()) {
      throw new IllegalStateException("Flink answered " + values + " for " + names);
    }
    return values.values().stream().mapToLong(Double::longValue).sum();
  }
}
