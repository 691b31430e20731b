package io.bdpaas.backend;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * Where a node runs, decided by the backend before the template is rendered: the templates see
 * these values as {@code node.host}, {@code node.ports.<name>}, {@code node.workDir} and {@code
 * node.runtimeDir}.
 *
 * @param host the address other nodes and the control plane reach the node at
 * @param ports the node's named ports
 * @param workDir the node's working location, as the node sees it
 * @param runtimeDir the engine runtime folder, as the node sees it (empty for a plain JVM)
 */
public record NodePlacement(
    NodeId node, String host, Map<String, Integer> ports, String workDir, String runtimeDir) {
  public NodePlacement {
    requireNonNull(node, "node is null");
    requireNonNull(host, "host is null");
    ports = Map.copyOf(ports);
    requireNonNull(workDir, "workDir is null");
    requireNonNull(runtimeDir, "runtimeDir is null");
  }
}
