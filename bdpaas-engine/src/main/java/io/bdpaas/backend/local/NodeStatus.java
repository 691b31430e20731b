package io.bdpaas.backend.local;

import static java.util.Objects.requireNonNull;

import io.bdpaas.backend.NodeId;
import io.bdpaas.backend.NodeState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A snapshot of one supervised node.
 *
 * @param id the node
 * @param role its role
 * @param state where it is in its lifecycle
 * @param pid the process id while a process exists
 * @param startedAt when the current (or last) process started
 * @param restarts how many times the supervisor restarted it after unexpected exits, in total
 * @param lastExitCode exit code of the last process that ended, when known (unknown for adopted
 *     processes)
 * @param cpuTime CPU time used by the process and its descendants, where the platform reports it
 * @param residentMemoryBytes resident memory of the process and its descendants (Linux {@code
 *     /proc})
 * @param adopted whether the process was started by an earlier supervisor and adopted from its pid
 *     file
 */
public record NodeStatus(
    NodeId id,
    String role,
    NodeState state,
    OptionalLong pid,
    Optional<Instant> startedAt,
    int restarts,
    OptionalInt lastExitCode,
    Optional<Duration> cpuTime,
    OptionalLong residentMemoryBytes,
    boolean adopted) {

  public NodeStatus {
    requireNonNull(id, "id is null");
    requireNonNull(role, "role is null");
    requireNonNull(state, "state is null");
    requireNonNull(pid, "pid is null");
    requireNonNull(startedAt, "startedAt is null");
    if (restarts < 0) {
      throw new IllegalArgumentException("restarts must not be negative: " + restarts);
    }
    requireNonNull(lastExitCode, "lastExitCode is null");
    requireNonNull(cpuTime, "cpuTime is null");
    requireNonNull(residentMemoryBytes, "residentMemoryBytes is null");
  }
}
