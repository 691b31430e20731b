package io.bdpaas.engine.flink;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * One job a Flink cluster knows, from {@code /jobs/overview}.
 *
 * @param state Flink's {@code JobStatus} name, e.g. {@code RUNNING}, {@code FAILED}
 * @param endTime empty while the job has not ended
 */
public record FlinkJobSummary(
    String id,
    String name,
    String state,
    Optional<Instant> startTime,
    Optional<Instant> endTime,
    Duration duration) {
  /** The states after which a job never runs again on its own ({@code JobStatus}). */
  static final Set<String> GLOBALLY_TERMINAL = Set.of("FINISHED", "CANCELED", "FAILED");

  public FlinkJobSummary {
    requireNonNull(id, "id is null");
    requireNonNull(name, "name is null");
    requireNonNull(state, "state is null");
    requireNonNull(startTime, "startTime is null");
    requireNonNull(endTime, "endTime is null");
    requireNonNull(duration, "duration is null");
  }

  /** Whether the job has ended for good: FINISHED, CANCELED or FAILED. */
  public boolean isGloballyTerminal() {
    return GLOBALLY_TERMINAL.contains(state);
  }
}
