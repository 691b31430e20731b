package io.bdpaas.engine.flink;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A job's checkpoint statistics, from {@code /jobs/:jobid/checkpoints}: counts since the job was
 * submitted and the latest checkpoint of each outcome. Savepoints count as checkpoints. A
 * checkpoint that could not even be triggered (e.g. while tasks deploy) counts as failed without
 * becoming the latest failed one.
 *
 * @param restored how often the job restored its state, from a checkpoint or a savepoint
 * @param latestSavepoint the latest completed savepoint, taken while the job ran
 * @param latestRestored the checkpoint or savepoint the job last restored its state from
 */
public record FlinkCheckpoints(
    long total,
    long completed,
    long failed,
    long inProgress,
    long restored,
    Optional<Completed> latestCompleted,
    Optional<Completed> latestSavepoint,
    Optional<Restored> latestRestored,
    Optional<Failed> latestFailed) {

  /** The statistics of a job that has not taken or restored any checkpoint. */
  static final FlinkCheckpoints NONE =
      new FlinkCheckpoints(
          0, 0, 0, 0, 0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public FlinkCheckpoints {
    requireNonNull(latestCompleted, "latestCompleted is null");
    requireNonNull(latestSavepoint, "latestSavepoint is null");
    requireNonNull(latestRestored, "latestRestored is null");
    requireNonNull(latestFailed, "latestFailed is null");
  }

  /**
   * A completed checkpoint or savepoint.
   *
   * @param stateSize the full size of the state it holds, in bytes
   * @param checkpointedSize what this checkpoint wrote, in bytes (less than {@code stateSize} for
   *     incremental checkpoints)
   * @param externalPath where it lies, for a later run to restore from; empty when it is not
   *     retained outside the job
   */
  public record Completed(
      long id,
      Instant triggerTime,
      Duration endToEndDuration,
      long stateSize,
      long checkpointedSize,
      Optional<String> externalPath,
      boolean savepoint) {
    public Completed {
      requireNonNull(triggerTime, "triggerTime is null");
      requireNonNull(endToEndDuration, "endToEndDuration is null");
      requireNonNull(externalPath, "externalPath is null");
    }
  }

  /** The checkpoint or savepoint a job restored its state from, and when. */
  public record Restored(
      long id, Instant restoreTime, Optional<String> externalPath, boolean savepoint) {
    public Restored {
      requireNonNull(restoreTime, "restoreTime is null");
      requireNonNull(externalPath, "externalPath is null");
    }
  }

  /** A checkpoint that failed, with Flink's explanation when it gave one. */
  public record Failed(
      long id,
      Instant triggerTime,
      Optional<Instant> failureTime,
      Optional<String> failureMessage) {
    public Failed {
      requireNonNull(triggerTime, "triggerTime is null");
      requireNonNull(failureTime, "failureTime is null");
      requireNonNull(failureMessage, "failureMessage is null");
    }
  }
}
