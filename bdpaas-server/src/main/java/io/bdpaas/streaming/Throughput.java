package io.bdpaas.streaming;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Records per second from two consecutive readings of a job's counters: the difference of the
 * totals over the time between the readings. Flink's own {@code *PerSecond} meters average over 60
 * seconds, far too slow for a live view; its counters, sampled every two seconds, are not.
 *
 * <p>There is no rate across a reset: readings of different jobs, or a counter that went down
 * (counters start again from zero when the job restarts from a checkpoint). The later reading then
 * only starts the next pair. A rate is never negative.
 */
final class Throughput {
  private Throughput() {}

  /**
   * A job's counters at one moment.
   *
   * @param vertexOut the records each vertex sent on (by vertex id), where known
   */
  record Reading(
      String jobId, Instant at, long processed, long emitted, Map<String, Long> vertexOut) {
    Reading {
      requireNonNull(jobId, "jobId is null");
      requireNonNull(at, "at is null");
      vertexOut = Map.copyOf(vertexOut);
    }
  }

  /** Records per second between two readings; each vertex's only where both readings had it. */
  record Rates(
      double processedPerSecond, double emittedPerSecond, Map<String, Double> vertexOutPerSecond) {
    Rates {
      vertexOutPerSecond = Map.copyOf(vertexOutPerSecond);
    }
  }

  /** The rates from {@code previous} to {@code current}; empty across a reset. */
  static Optional<Rates> between(Reading previous, Reading current) {
    if (!previous.jobId().equals(current.jobId()) || !current.at().isAfter(previous.at())) {
      return Optional.empty();
    }
    if (current.processed() < previous.processed() || current.emitted() < previous.emitted()) {
      return Optional.empty();
    }
    double seconds = Duration.between(previous.at(), current.at()).toNanos() / 1e9;
    Map<String, Double> vertexRates = new LinkedHashMap<>();
    current
        .vertexOut()
        .forEach(
            (vertex, out) -> {
              Long before = previous.vertexOut().get(vertex);
              if (before != null && out >= before) {
                vertexRates.put(vertex, (out - before) / seconds);
              }
            });
    return Optional.of(
        new Rates(
            (current.processed() - previous.processed()) / seconds,
            (current.emitted() - previous.emitted()) / seconds,
            vertexRates));
  }
}
