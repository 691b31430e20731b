package io.bdpaas.backend;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One node as a backend runs it: its rendered parts and its placement. Each backend reads the part
 * it needs ({@code process} for the local backend, {@code container} for Kubernetes).
 */
public record NodeDefinition(
    NodeId id,
    String role,
    NodePlacement placement,
    int milliCores,
    int memoryMb,
    Optional<ProcessPart> process,
    Optional<ContainerPart> container) {
  public NodeDefinition {
    requireNonNull(id, "id is null");
    requireNonNull(role, "role is null");
    requireNonNull(placement, "placement is null");
    requireNonNull(process, "process is null");
    requireNonNull(container, "container is null");
  }
}
