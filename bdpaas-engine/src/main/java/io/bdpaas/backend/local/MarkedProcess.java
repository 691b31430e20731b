package io.bdpaas.backend.local;

import static java.util.Objects.requireNonNull;

import io.bdpaas.backend.NodeId;
import java.util.List;

/**
 * A live process that carries a BDPaaS node marker: on its command line (a node JVM) or only in its
 * inherited environment (something a node forked, e.g. a Spark executor).
 *
 * @param pid the process id
 * @param node the node it belongs to
 * @param commandLine its command line, as far as readable
 * @param markedOnCommandLine true for the node's own JVM, false for a process that inherited the
 *     marker
 */
public record MarkedProcess(
    long pid, NodeId node, List<String> commandLine, boolean markedOnCommandLine) {
  public MarkedProcess {
    requireNonNull(node, "node is null");
    commandLine = List.copyOf(requireNonNull(commandLine, "commandLine is null"));
  }
}
