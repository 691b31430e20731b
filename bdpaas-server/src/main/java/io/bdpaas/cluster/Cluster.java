package io.bdpaas.cluster;

import static java.util.Objects.requireNonNull;

import io.bdpaas.catalog.ClusterPlan;
import io.bdpaas.catalog.ProductKey;
import io.bdpaas.tenancy.UserId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A cluster as stored: what its owner asked for (the desired state) and how far the reconciler has
 * got (status, orchestrator step, plan).
 */
public record Cluster(
    ClusterId id,
    UserId ownerId,
    String name,
    ProductKey product,
    int size,
    String options,
    Map<String, Object> mergedOptions,
    ClusterStatus status,
    Optional<String> statusReason,
    boolean destroyRequested,
    int milliCores,
    int memoryMb,
    Optional<ClusterPlan> plan,
    int orchestratorStep,
    Optional<Instant> stepStartedAt,
    Instant createdAt,
    Instant updatedAt,
    Instant statusChangedAt) {
  public Cluster {
    requireNonNull(id, "id is null");
    requireNonNull(ownerId, "ownerId is null");
    requireNonNull(name, "name is null");
    requireNonNull(product, "product is null");
    requireNonNull(options, "options is null");
    mergedOptions = Map.copyOf(mergedOptions);
    requireNonNull(status, "status is null");
    requireNonNull(statusReason, "statusReason is null");
    requireNonNull(plan, "plan is null");
    requireNonNull(stepStartedAt, "stepStartedAt is null");
  }

  /** Whether the reconciler still has work to do on it. */
  public boolean needsReconciling() {
    return destroyRequested
        ? status != ClusterStatus.DESTROYED
        : status != ClusterStatus.FAILED && status != ClusterStatus.DESTROYED;
  }
}
