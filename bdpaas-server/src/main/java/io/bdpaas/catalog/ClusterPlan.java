package io.bdpaas.catalog;

import java.util.List;
import java.util.Map;

/**
 * A cluster's fully rendered plan: every node with its allocated ports and process, every group's
 * resources and readiness check, the endpoints and services. It is stored with the cluster, so a
 * restarted control plane runs exactly what was planned even if the product changed since.
 */
public record ClusterPlan(
    List<PlannedGroup> groups,
    List<PlannedNode> nodes,
    Map<String, String> endpoints,
    List<ClusterTemplate.Service> services,
    List<OrchestratorStep> orchestrator) {
  public ClusterPlan {
    orchestrator = List.copyOf(orchestrator);
    groups = List.copyOf(groups);
    nodes = List.copyOf(nodes);
    endpoints = Map.copyOf(endpoints);
    services = List.copyOf(services);
  }

  /** One node group's totals and readiness check. */
  public record PlannedGroup(
      String name,
      String role,
      int count,
      int milliCores,
      int memoryMb,
      ClusterTemplate.Readiness readiness) {}

  /** One node: a process of the local backend. */
  public record PlannedNode(
      String name,
      String group,
      String role,
      int index,
      String host,
      Map<String, Integer> ports,
      int milliCores,
      int memoryMb,
      ClusterTemplate.Process process,
      ClusterTemplate.Readiness readiness) {
    public PlannedNode {
      ports = Map.copyOf(ports);
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
}
