package io.bdpaas.job;

import static java.util.Objects.requireNonNull;

import io.bdpaas.project.ProjectId;
import io.bdpaas.tenancy.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One run of a job: what it ran (the job's definition at a version), where it stands on the engine
 * and when it passed each step. {@code SUBMITTED} is the platform's: the run waits for its
 * project's cluster (the reason is in {@code waiting}); from {@code ACCEPTED} on, the engine has
 * the run's driver ({@code driverId}) and its state is the engine's.
 */
public record JobRun(
    JobRunId id,
    JobId jobId,
    ProjectId projectId,
    UserId ownerId,
    String jobName,
    long jobVersion,
    JobDefinition definition,
    int attempt,
    Trigger trigger,
    State state,
    Optional<String> waiting,
    Optional<String> driverId,
    Optional<Instant> submittingAt,
    Optional<String> workerUi,
    Optional<String> driverUi,
    Optional<String> driverUiKey,
    Optional<String> error,
    boolean killRequested,
    Optional<Instant> notBefore,
    Optional<Instant> logsPurgedAt,
    Optional<Duration> timeout,
    Instant createdAt,
    Optional<Instant> acceptedAt,
    Optional<Instant> startedAt,
    Optional<Instant> endedAt,
    Instant updatedAt) {

  /** Where a run is. */
  public enum State {
    SUBMITTED,
    ACCEPTED,
    RUNNING,
    FINISHED,
    FAILED,
    KILLED;

    public boolean isFinal() {
      return this == FINISHED || this == FAILED || this == KILLED;
    }

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Why a run was made. */
  public enum Trigger {
    MANUAL,
    RERUN,
    SCHEDULE,
    RETRY;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public JobRun {
    requireNonNull(id, "id is null");
    requireNonNull(jobId, "jobId is null");
    requireNonNull(projectId, "projectId is null");
    requireNonNull(ownerId, "ownerId is null");
    requireNonNull(jobName, "jobName is null");
    requireNonNull(definition, "definition is null");
    requireNonNull(trigger, "trigger is null");
    requireNonNull(state, "state is null");
    requireNonNull(waiting, "waiting is null");
    requireNonNull(driverId, "driverId is null");
    requireNonNull(submittingAt, "submittingAt is null");
    requireNonNull(workerUi, "workerUi is null");
    requireNonNull(driverUi, "driverUi is null");
    requireNonNull(driverUiKey, "driverUiKey is null");
    requireNonNull(error, "error is null");
    requireNonNull(notBefore, "notBefore is null");
    requireNonNull(logsPurgedAt, "logsPurgedAt is null");
    requireNonNull(timeout, "timeout is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(acceptedAt, "acceptedAt is null");
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(endedAt, "endedAt is null");
    requireNonNull(updatedAt, "updatedAt is null");
  }

  /** Without the driver's UI key, which logs must not show. */
  @Override
  public String toString() {
    return "JobRun[" + id + " of " + jobId + ", " + state.wireName() + "]";
  }

  /** A new run of the job as it is now, waiting to be submitted. */
  public static JobRun of(Job job, Trigger trigger, Instant now) {
    return of(job, 1, trigger, Optional.empty(), now);
  }

  /**
   * The next attempt of a failed run: the same definition, submitted not before {@code notBefore}.
   */
  public JobRun retry(Job job, Instant notBefore, Instant now) {
    Job asRun =
        new Job(
            jobId,
            projectId,
            ownerId,
            jobName,
            definition,
            jobVersion,
            true,
            job.schedule(),
            job.policy(),
            Optional.empty(),
            Optional.empty(),
            job.createdAt(),
            job.updatedAt());
    return of(asRun, attempt + 1, Trigger.RETRY, Optional.of(notBefore), now);
  }

  private static JobRun of(
      Job job, int attempt, Trigger trigger, Optional<Instant> notBefore, Instant now) {
    return new JobRun(
        JobRunId.random(),
        job.id(),
        job.projectId(),
        job.ownerId(),
        job.name(),
        job.version(),
        job.definition(),
        attempt,
        trigger,
        State.SUBMITTED,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false,
        notBefore,
        Optional.empty(),
        job.policy().timeout(),
        now,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        now);
  }

  /** How long it ran, or has run so far. */
  public Optional<Duration> duration(Instant now) {
    return startedAt.map(start -> Duration.between(start, endedAt.orElse(now)));
  }

  /** Time spent waiting before the engine took it (until accepted, or until now). */
  public Duration pending(Instant now) {
    return Duration.between(createdAt, acceptedAt.orElse(endedAt.orElse(now)));
  }

  /** Time the engine held it before its driver ran. */
  public Optional<Duration> queued(Instant now) {
    return acceptedAt.map(
        accepted -> Duration.between(accepted, startedAt.orElse(endedAt.orElse(now))));
  }
}
