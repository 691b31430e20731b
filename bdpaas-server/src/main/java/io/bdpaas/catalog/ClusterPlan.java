package io.bdpaas.catalog;

import io.bdpaas.backend.ContainerPart;
import io.bdpaas.backend.NodeDefinition;
import io.bdpaas.backend.NodeId;
import io.bdpaas.backend.NodePlacement;
import io.bdpaas.backend.ProcessPart;
import io.bdpaas.backend.Readiness;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A cluster's fully rendered plan for one size: every node with its placement and rendered parts,
 * every group's resources and readiness check, the endpoints and services. It is stored with the
 * cluster, so a restarted control plane runs exactly what was planned even if the product changed
 * since.
 *
 * @param size the cluster size it was planned for
 * @param productDigest the {@link Product#planningDigest()} of the product it was planned from
 */
public record ClusterPlan(
    int size,
    String productDigest,
    List<PlannedGroup> groups,
    List<PlannedNode> nodes,
    Map<String, String> endpoints,
    List<ClusterTemplate.Service> services,
    List<OrchestratorStep> orchestrator) {
  public ClusterPlan {
    productDigest = productDigest == null ? "" : productDigest;
    orchestrator = List.copyOf(orchestrator);
    groups = List.copyOf(groups);
    nodes = List.copyOf(nodes);
    endpoints = Map.copyOf(endpoints);
    services = List.copyOf(services);
  }

  /** One node group's totals and readiness check. */
  public record PlannedGroup(
      String name, String role, int count, int milliCores, int memoryMb, Readiness readiness) {}

  /**
   * One node: where the backend placed it and what it runs there.
   *
   * @param process the rendered {@code process} part, if the template has one
   * @param container the rendered {@code container} part, if the template has one
   */
  public record PlannedNode(
      String name,
      String group,
      String role,
      int index,
      String host,
      Map<String, Integer> ports,
      String workDir,
      String runtimeDir,
      int milliCores,
      int memoryMb,
      ProcessPart process,
      ContainerPart container,
      Readiness readiness) {
    public PlannedNode {
      ports = Map.copyOf(ports);
      workDir = workDir == null ? "" : workDir;
      runtimeDir = runtimeDir == null ? "" : runtimeDir;
    }

    /** The node as the backend runs it, for {@code tenant}. */
    public NodeDefinition definition(String clusterId, String tenant) {
      NodeId id = new NodeId(clusterId, name);
      return new NodeDefinition(
          id,
          tenant,
          role,
          new NodePlacement(id, host, ports, workDir, runtimeDir),
          milliCores,
          memoryMb,
          Optional.ofNullable(process),
          Optional.ofNullable(container));
    }
  }

  public List<PlannedNode> nodesOf(String group) {
    return nodes.stream().filter(node -> node.group().equals(group)).toList();
  }

  public PlannedGroup group(String name) {
    return groups.stream()
        .filter(group -> group.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node group " + name));
  }

  /** Cores (milli) and memory the planned nodes take in all. */
  public int milliCores() {
    return nodes.stream().mapToInt(PlannedNode::milliCores).sum();
  }

  public int memoryMb() {
    return nodes.stream().mapToInt(PlannedNode::memoryMb).sum();
  }

  /** Every node as the backend runs it, for {@code tenant}. */
  public List<NodeDefinition> definitions(String clusterId, String tenant) {
    return nodes.stream().map(node -> node.definition(clusterId, tenant)).toList();
  }
}
