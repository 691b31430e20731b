package io.bdpaas.cluster;

import static java.util.Objects.requireNonNull;

import io.bdpaas.catalog.ClusterPlan;
import java.time.Instant;
import java.util.Optional;

/**
 * What the reconciler observed and did for a cluster: its status and the reason for it, the plan it
 * runs, how far the orchestrator got, and when. Only the reconciler changes it.
 *
 * @param plan the plan being run; its size is the size the cluster has (or is being resized to)
 * @param previousPlan while a resize runs, the plan before it, to go back to if the resize fails
 * @param orchestratorStep index of the next orchestrator step to run
 * @param stepStartedAt when the current step began (readiness timeouts count from it)
 */
public record ClusterProgress(
    ClusterStatus status,
    Optional<String> reason,
    Optional<ClusterPlan> plan,
    Optional<ClusterPlan> previousPlan,
    int orchestratorStep,
    Optional<Instant> stepStartedAt,
    Instant updatedAt,
    Instant statusChangedAt) {
  public ClusterProgress {
    requireNonNull(status, "status is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(plan, "plan is null");
    requireNonNull(previousPlan, "previousPlan is null");
    requireNonNull(stepStartedAt, "stepStartedAt is null");
    requireNonNull(updatedAt, "updatedAt is null");
    requireNonNull(statusChangedAt, "statusChangedAt is null");
  }

  /** A new cluster's progress: registered, nothing planned. */
  public static ClusterProgress registered(Instant now) {
    return new ClusterProgress(
        ClusterStatus.REGISTERED,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        0,
        Optional.empty(),
        now,
        now);
  }

  /** In another status (the reason cleared unless given), the step clock restarted. */
  public ClusterProgress withStatus(ClusterStatus next, Optional<String> why, Instant now) {
    return new ClusterProgress(
        next,
        why,
        plan,
        previousPlan,
        orchestratorStep,
        Optional.of(now),
        now,
        next == status ? statusChangedAt : now);
  }

  /** The same status with another reason (waiting for capacity, for instance). */
  public ClusterProgress withReason(Optional<String> why, Instant now) {
    return new ClusterProgress(
        status, why, plan, previousPlan, orchestratorStep, stepStartedAt, now, statusChangedAt);
  }

  /** Running another plan from its first orchestrator step. */
  public ClusterProgress withPlan(ClusterPlan next, Instant now) {
    return new ClusterProgress(
        status, reason, Optional.of(next), previousPlan, 0, Optional.of(now), now, statusChangedAt);
  }

  /** Resizing: running {@code next} from its first step, keeping the current plan to go back to. */
  public ClusterProgress withResizePlan(ClusterPlan next, Instant now) {
    return new ClusterProgress(
        status, reason, Optional.of(next), plan, 0, Optional.of(now), now, statusChangedAt);
  }

  /** The resize is over (done, or given up and the previous plan back): nothing to go back to. */
  public ClusterProgress withoutPreviousPlan(Instant now) {
    return new ClusterProgress(
        status,
        reason,
        plan,
        Optional.empty(),
        orchestratorStep,
        stepStartedAt,
        now,
        statusChangedAt);
  }

  /** Whether a resize is under way. */
  public boolean resizing() {
    return previousPlan.isPresent();
  }

  /** At the next orchestrator step. */
  public ClusterProgress withNextStep(Instant now) {
    return new ClusterProgress(
        status,
        reason,
        plan,
        previousPlan,
        orchestratorStep + 1,
        Optional.of(now),
        now,
        statusChangedAt);
  }
}
