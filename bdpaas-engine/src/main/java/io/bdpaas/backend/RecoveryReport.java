package io.bdpaas.backend;

import java.util.Set;

/**
 * What a backend found at start-up.
 *
 * @param adopted nodes of active clusters that were still running and are supervised again
 * @param orphansStopped ids of clusters that had something running although no active cluster needs
 *     it; all of it was stopped
 */
public record RecoveryReport(Set<NodeId> adopted, Set<String> orphansStopped) {
  public RecoveryReport {
    adopted = Set.copyOf(adopted);
    orphansStopped = Set.copyOf(orphansStopped);
  }
}
