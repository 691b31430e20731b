package io.bdpaas.backend;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * Where a node runs, decided by the backend before the template is rendered: the templates see
 * these values as {@code node.host}, {@code node.ports.<name>}, {@code node.workDir}, {@code
 * node.runtimeDir} and {@code node.external.<name>}.
 *
 * @param host the address other nodes and the control plane reach the node at
 * @param ports the node's named ports
 * @param workDir the node's working location, as the node sees it
 * @param runtimeDir the engine runtime folder, as the node sees it (empty for a plain JVM)
 * @param external by port name, the {@code host:port} where clients outside the platform's network
 *     reach that port once the node's template exposes it (its container part's {@code expose}):
 *     empty where the backend exposes nothing, or where every client already reaches {@code host}
 *     (the local backend)
 */
public record NodePlacement(
    NodeId node,
    String host,
    Map<String, Integer> ports,
    String workDir,
    String runtimeDir,
    Map<String, String> external) {
  public NodePlacement {
    requireNonNull(node, "node is null");
    requireNonNull(host, "host is null");
    ports = Map.copyOf(ports);
    requireNonNull(workDir, "workDir is null");
    requireNonNull(runtimeDir, "runtimeDir is null");
    external = Map.copyOf(external);
  }

  /** A placement with nothing exposed outside. */
  public NodePlacement(
      NodeId node, String host, Map<String, Integer> ports, String workDir, String runtimeDir) {
    this(node, host, ports, workDir, runtimeDir, Map.of());
  }
}
