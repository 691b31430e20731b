package io.bdpaas.streaming;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One sample of a running application kept by the platform: its totals (records processed and
 * emitted by the job's current attempt), the rates since the sample before, and the application's
 * latency, back pressure and busyness when known.
 */
public record MetricPoint(
    Instant sampledAt,
    long processedTotal,
    long emittedTotal,
    double processedPerSecond,
    double emittedPerSecond,
    Optional<Double> latencyMs,
    Optional<Double> backpressurePercent,
    Optional<Double> busyPercent) {
  public MetricPoint {
    requireNonNull(sampledAt, "sampledAt is null");
    requireNonNull(latencyMs, "latencyMs is null");
    requireNonNull(backpressurePercent, "backpressurePercent is null");
    requireNonNull(busyPercent, "busyPercent is null");
    if (processedTotal < 0 || emittedTotal < 0 || processedPerSecond < 0 || emittedPerSecond < 0) {
      throw new IllegalArgumentException("a metric point's counts and rates are never negative");
    }
  }
}
