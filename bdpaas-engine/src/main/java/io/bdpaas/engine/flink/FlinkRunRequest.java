package io.bdpaas.engine.flink;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * What {@code POST /jars/:jarid/run} is asked to start: the job's main class and arguments, and
 * optionally its parallelism, the savepoint to restore and per-job Flink settings.
 *
 * @param parallelism the job's default parallelism; the cluster's when empty
 * @param savepointPath the savepoint or retained checkpoint to start from
 * @param allowNonRestoredState whether state in the savepoint that no operator claims is skipped
 *     rather than refused
 * @param flinkConfiguration settings for this job only, e.g. {@code
 *     execution.checkpointing.interval}
 * @param jobId the 32 hex digit id the job gets instead of a random one, so that a caller that lost
 *     the run's answer finds the job under it. Flink refuses a run with an id it still knows, even
 *     that of an ended job ("Application has already been submitted"): each launch needs a new id
 */
public record FlinkRunRequest(
    String entryClass,
    List<String> arguments,
    OptionalInt parallelism,
    Optional<String> savepointPath,
    boolean allowNonRestoredState,
    Map<String, String> flinkConfiguration,
    Optional<String> jobId) {
  private static final Pattern JOB_ID = Pattern.compile("[0-9a-fA-F]{32}");

  public FlinkRunRequest {
    requireNonNull(entryClass, "entryClass is null");
    if (entryClass.isBlank()) {
      throw new IllegalArgumentException("entryClass is blank");
    }
    arguments = List.copyOf(arguments);
    requireNonNull(parallelism, "parallelism is null");
    parallelism.ifPresent(
        value -> {
          if (value <= 0) {
            throw new IllegalArgumentException("parallelism must be positive: " + value);
          }
        });
    requireNonNull(savepointPath, "savepointPath is null");
    flinkConfiguration = Map.copyOf(flinkConfiguration);
    requireNonNull(jobId, "jobId is null");
    jobId.ifPresent(
        id -> {
          if (!JOB_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("jobId must be 32 hex digits: " + id);
          }
        });
  }

  /** Runs {@code entryClass} with these arguments and the cluster's defaults for the rest. */
  public static FlinkRunRequest of(String entryClass, List<String> arguments) {
    return new FlinkRunRequest(
        entryClass,
        arguments,
        OptionalInt.empty(),
        Optional.empty(),
        false,
        Map.of(),
        Optional.empty());
  }
}
