package io.bdpaas.backend;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What a backend observes of one node now, in terms every backend can give.
 *
 * @param state where the node is in its lifecycle
 * @param instance what runs the node now: a process id on the local backend, a pod on Kubernetes
 * @param startedAt when the current (or last) instance started
 * @param restarts how many times the node was restarted after unexpected exits
 * @param lastExitCode exit code of the last instance that ended, when known
 * @param cpuTime CPU time used by the node, where the backend reports it
 * @param memoryBytes memory in use by the node, where the backend reports it
 */
public record NodeObservation(
    NodeId id,
    NodeState state,
    Optional<String> instance,
    Optional<Instant> startedAt,
    int restarts,
    OptionalInt lastExitCode,
    Optional<Duration> cpuTime,
    OptionalLong memoryBytes) {
  public NodeObservation {
    requireNonNull(id, "id is null");
    requireNonNull(state, "state is null");
    requireNonNull(instance, "instance is null");
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(lastExitCode, "lastExitCode is null");
    requireNonNull(cpuTime, "cpuTime is null");
    requireNonNull(memoryBytes, "memoryBytes is null");
  }
}
