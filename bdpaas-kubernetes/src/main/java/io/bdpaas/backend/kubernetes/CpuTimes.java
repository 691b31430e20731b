package io.bdpaas.backend.kubernetes;

import io.bdpaas.backend.NodeId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each node's CPU time, from the CPU rates the metrics API reports: the backend port reports CPU
 * time used so far (as a process's is), the metrics API a rate (cores, averaged over its own
 * window), so the rates read are summed over time, trapezium by trapezium. The first reading of a
 * node starts at zero; only differences between readings mean anything, which is how CPU time is
 * used (cores = difference of CPU time over difference of wall time).
 */
final class CpuTimes {
  private record Reading(Instant at, double cores, Duration total) {}

  private final Map<NodeId, Reading> readings = new ConcurrentHashMap<>();

  /** Records that {@code node} used {@code cores} at {@code at}; answers its CPU time so far. */
  Duration add(NodeId node, double cores, Instant at) {
    return readings
        .compute(
            node,
            (id, before) -> {
              if (before == null || !at.isAfter(before.at())) {
                return new Reading(at, cores, before == null ? Duration.ZERO : before.total());
              }
              double seconds = Duration.between(before.at(), at).toNanos() / 1e9;
              long nanos = Math.round((before.cores() + cores) / 2 * seconds * 1e9);
              return new Reading(at, cores, before.total().plusNanos(nanos));
            })
        .total();
  }

  /** Forgets a node that stopped. */
  void forget(NodeId node) {
    readings.remove(node);
  }

  /** Forgets every node of a deleted cluster. */
  void forgetCluster(String clusterId) {
    readings.keySet().removeIf(node -> node.clusterId().equals(clusterId));
  }
}
