package io.bdpaas.backend;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One node as a backend runs it: its rendered parts and its placement. Each backend reads the part
 * it needs ({@code process} for the local backend, {@code container} for Kubernetes).
 *
 * @param tenant who the node runs for (1 to 20 lower-case letters or digits): backends keep
 *     different tenants' nodes apart (own OS accounts locally, own namespaces on Kubernetes)
 */
public record NodeDefinition(
    NodeId id,
    String tenant,
    String role,
    NodePlacement placement,
    int milliCores,
    int memoryMb,
    Optional<ProcessPart> process,
    Optional<ContainerPart> container) {
  public NodeDefinition {
    requireNonNull(id, "id is null");
    requireNonNull(tenant, "tenant is null");
    if (!tenant.matches("[a-z0-9]{1,20}")) {
      throw new IllegalArgumentException(
          "a tenant is 1 to 20 lower-case letters or digits: '" + tenant + "'");
    }
    requireNonNull(role, "role is null");
    requireNonNull(placement, "placement is null");
    requireNonNull(process, "process is null");
    requireNonNull(container, "container is null");
  }

  /** This node with another process part. */
  public NodeDefinition withProcess(ProcessPart changed) {
    return new NodeDefinition(
        id, tenant, role, placement, milliCores, memoryMb, Optional.of(changed), container);
  }

  /** This node with another container part. */
  public NodeDefinition withContainer(ContainerPart changed) {
    return new NodeDefinition(
        id, tenant, role, placement, milliCores, memoryMb, process, Optional.of(changed));
  }
}
