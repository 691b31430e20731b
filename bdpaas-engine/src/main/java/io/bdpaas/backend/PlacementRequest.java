package io.bdpaas.backend;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A node that needs a place before its template is rendered: its name, the tenant it runs for (a
 * backend may place tenants apart: a namespace each on Kubernetes), its group, the names of the
 * ports it listens on and the engine runtime it runs from.
 */
public record PlacementRequest(
    NodeId node, String tenant, String group, List<String> portNames, Optional<String> runtime) {
  public PlacementRequest {
    requireNonNull(node, "node is null");
    requireNonNull(tenant, "tenant is null");
    requireNonNull(group, "group is null");
    portNames = List.copyOf(portNames);
    requireNonNull(runtime, "runtime is null");
  }
}
