package io.bdpaas.cluster;

import static java.util.Objects.requireNonNull;

import io.bdpaas.catalog.ProductKey;
import io.bdpaas.tenancy.UserId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A cluster as lists show it: everything of {@link Cluster} but its plans, of which a list needs
 * only the endpoints, the number of nodes and the size planned for. Lists read these from columns
 * of their own and never parse a plan.
 */
public record ClusterSummary(
    ClusterId id,
    UserId ownerId,
    String name,
    ProductKey product,
    ClusterSpec spec,
    ClusterStatus status,
    Optional<String> reason,
    Map<String, String> endpoints,
    int nodeCount,
    int plannedSize,
    Instant createdAt,
    Instant updatedAt,
    Instant statusChangedAt) {
  /** The endpoint a product names as its web UI, which the platform serves to the browser. */
  public static final String WEB_UI = "webUi";

  public ClusterSummary {
    requireNonNull(id, "id is null");
    requireNonNull(ownerId, "ownerId is null");
    requireNonNull(name, "name is null");
    requireNonNull(product, "product is null");
    requireNonNull(spec, "spec is null");
    requireNonNull(status, "status is null");
    requireNonNull(reason, "reason is null");
    endpoints = Map.copyOf(endpoints);
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(updatedAt, "updatedAt is null");
    requireNonNull(statusChangedAt, "statusChangedAt is null");
  }

  /** Whether the running plan is for another size than the owner asks for, as {@link Cluster}. */
  public boolean resizeRequested() {
    return spec.asksForAnotherSizeThan(plannedSize);
  }

  /**
   * Where the platform serves the cluster's engine UI (its {@value #WEB_UI} endpoint) to its owner
   * and administrators, with a trailing slash; none once destroyed or if its product has none.
   */
  public Optional<String> engineUiPath() {
    return status != ClusterStatus.DESTROYED && endpoints.containsKey(WEB_UI)
        ? Optional.of("/clusters/" + id.value() + "/ui/")
        : Optional.empty();
  }
}
