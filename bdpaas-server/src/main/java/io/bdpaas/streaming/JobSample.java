package io.bdpaas.streaming;

import static java.util.Objects.requireNonNull;

import io.bdpaas.engine.flink.FlinkCheckpoints;
import java.time.Instant;
import java.util.Optional;

/**
 * The monitor's newest sample of a running application, kept in memory while it runs: the job's
 * counts and the rates since the sample before, its cluster's TaskManagers and their memory, and
 * its checkpoints.
 *
 * @param processedTotal records the job's sources emitted in its current attempt; the last known
 *     value while the job restarts, empty before any was read
 * @param emittedTotal records that reached the job's sinks, the same way
 * @param rates empty for the first sample of a job's attempt, and while it restarts
 * @param operators how many operators the job's chains hold
 * @param allocatedMemoryBytes the process memory configured for all the TaskManagers
 */
record JobSample(
    String jobId,
    Instant sampledAt,
    String jobState,
    Optional<Long> processedTotal,
    Optional<Long> emittedTotal,
    Optional<Throughput.Rates> rates,
    JobCounts counts,
    int vertices,
    int operators,
    int taskManagers,
    int slotsTotal,
    int slotsAvailable,
    long allocatedMemoryBytes,
    FlinkCheckpoints checkpoints) {
  JobSample {
    requireNonNull(jobId, "jobId is null");
    requireNonNull(sampledAt, "sampledAt is null");
    requireNonNull(jobState, "jobState is null");
    requireNonNull(processedTotal, "processedTotal is null");
    requireNonNull(emittedTotal, "emittedTotal is null");
    requireNonNull(rates, "rates is null");
    requireNonNull(counts, "counts is null");
    requireNonNull(checkpoints, "checkpoints is null");
  }
}
