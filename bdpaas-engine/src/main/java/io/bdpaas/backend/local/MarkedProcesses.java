package io.bdpaas.backend.local;

import io.bdpaas.backend.NodeId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the live processes of nodes by their marker: {@code -Dbdpaas.node=<cluster>/<node>} on a
 * node JVM's command line, {@code BDPAAS_NODE} in the environment of everything it forked. A
 * process without the marker is never found here, so it is never touched.
 */
final class MarkedProcesses {
  private static final String MARKER_ARGUMENT_PREFIX = "-D" + NodeSpec.MARKER_PROPERTY + "=";
  private static final String MARKER_ENVIRONMENT_PREFIX =
      NodeSpec.MARKER_ENVIRONMENT_VARIABLE + "=";

  private MarkedProcesses() {}

  /** Every live process of any node of the cluster: node JVMs and whatever they forked. */
  static List<MarkedProcess> ofCluster(String clusterId) {
    return scan(clusterId + "/", false);
  }

  /**
   * Ids of clusters whose node JVMs (marked on their command line) work under {@code directory}:
   * processes of another platform on the same machine, with another data directory, are never
   * included.
   */
  static Set<String> clustersWorkingUnder(Path directory) {
    Set<String> ids = new HashSet<>();
    ProcessHandle.allProcesses()
        .forEach(
            process ->
                markerValue(
                        ProcessInspector.commandLine(process), MARKER_ARGUMENT_PREFIX, "", false)
                    .filter(
                        node ->
                            ProcessInspector.workingDirectory(process.pid())
                                .map(cwd -> cwd.normalize().startsWith(directory))
                                .orElse(false))
                    .ifPresent(node -> ids.add(node.clusterId())));
    return ids;
  }

  /** The one live JVM of the node that carries its marker on its command line, if exactly one. */
  static Optional<ProcessHandle> uniqueJvm(NodeId id) {
    List<MarkedProcess> jvms = of(id, true);
    if (jvms.size() != 1) {
      return Optional.empty();
    }
    return ProcessHandle.of(jvms.get(0).pid());
  }

  /**
   * Live processes marked for exactly this node; only those with the marker on the command line if
   * asked.
   */
  static List<MarkedProcess> of(NodeId id, boolean commandLineOnly) {
    return scan(id.toString(), true).stream()
        .filter(process -> process.node().equals(id))
        .filter(process -> !commandLineOnly || process.markedOnCommandLine())
        .toList();
  }

  private static List<MarkedProcess> scan(String markerValuePrefix, boolean exact) {
    long self = ProcessHandle.current().pid();
    List<MarkedProcess> result = new ArrayList<>();
    ProcessHandle.allProcesses()
        .filter(process -> process.pid() != self)
        .forEach(
            process -> {
              List<String> commandLine = ProcessInspector.commandLine(process);
              Optional<NodeId> marked =
                  markerValue(commandLine, MARKER_ARGUMENT_PREFIX, markerValuePrefix, exact);
              boolean onCommandLine = marked.isPresent();
              if (marked.isEmpty()) {
                marked =
                    markerValue(
                        ProcessInspector.environment(process.pid()),
                        MARKER_ENVIRONMENT_PREFIX,
                        markerValuePrefix,
                        exact);
              }
              if (marked.isPresent() && ProcessInspector.isRunning(process)) {
                result.add(
                    new MarkedProcess(process.pid(), marked.get(), commandLine, onCommandLine));
              }
            });
    return result;
  }

  private static Optional<NodeId> markerValue(
      List<String> entries, String prefix, String valuePrefix, boolean exact) {
    for (String entry : entries) {
      if (entry.startsWith(prefix)) {
        String value = entry.substring(prefix.length());
        if (exact ? value.equals(valuePrefix) : value.startsWith(valuePrefix)) {
          try {
            return Optional.of(NodeId.parse(value));
          } catch (IllegalArgumentException e) {
            return Optional.empty();
          }
        }
      }
    }
    return Optional.empty();
  }
}
