package io.bdpaas.cluster;

import static java.util.Objects.requireNonNull;

import io.bdpaas.catalog.ClusterPlan;
import io.bdpaas.catalog.ProductKey;
import io.bdpaas.tenancy.UserId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A cluster as stored: who owns it and of which product it is, what its owner asks for ({@link
 * ClusterSpec}) and what the reconciler observed and did ({@link ClusterProgress}).
 */
public record Cluster(
    ClusterId id,
    UserId ownerId,
    String name,
    ProductKey product,
    ClusterSpec spec,
    ClusterProgress progress,
    Instant createdAt) {
  public Cluster {
    requireNonNull(id, "id is null");
    requireNonNull(ownerId, "ownerId is null");
    requireNonNull(name, "name is null");
    requireNonNull(product, "product is null");
    requireNonNull(spec, "spec is null");
    requireNonNull(progress, "progress is null");
    requireNonNull(createdAt, "createdAt is null");
  }

  public ClusterStatus status() {
    return progress.status();
  }

  public Optional<ClusterPlan> plan() {
    return progress.plan();
  }

  /**
   * Who its nodes run for, as backends keep tenants apart: {@code u<owner id>} (an OS account
   * {@code bdpaas-u<owner id>} on the local backend).
   */
  public String tenant() {
    return tenantOf(ownerId);
  }

  /** The tenant a user's clusters and storage areas run for, as {@link #tenant()}. */
  public static String tenantOf(UserId owner) {
    return "u" + owner.value();
  }

  /** The same cluster with other progress. */
  public Cluster with(ClusterProgress next) {
    return new Cluster(id, ownerId, name, product, spec, next, createdAt);
  }

  /** What a list shows of it. */
  public ClusterSummary summary() {
    Optional<ClusterPlan> plan = progress.plan();
    return new ClusterSummary(
        id,
        ownerId,
        name,
        product,
        spec,
        progress.status(),
        progress.reason(),
        plan.map(ClusterPlan::endpoints).orElse(Map.of()),
        plan.map(p -> p.nodes().size()).orElse(0),
        plan.map(ClusterPlan::size).orElse(0),
        createdAt,
        progress.updatedAt(),
        progress.statusChangedAt());
  }

  /** Whether the reconciler still has work to do on it. */
  public boolean needsReconciling() {
    ClusterStatus status = progress.status();
    return spec.destroyRequested()
        ? status != ClusterStatus.DESTROYED
        : status != ClusterStatus.FAILED && status != ClusterStatus.DESTROYED;
  }

  /** Whether the running plan is for another size than the owner asks for. */
  public boolean resizeRequested() {
    return spec.asksForAnotherSizeThan(progress.plan().map(ClusterPlan::size).orElse(0));
  }
}
