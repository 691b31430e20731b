package io.bdpaas.backend;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Something that happened to a supervised node process; the control plane records these as cluster
 * events.
 *
 * @param id the node
 * @param type what happened
 * @param time when the supervisor saw it
 * @param pid the process concerned, if any
 * @param exitCode the exit code for {@link Type#EXITED}, when known
 * @param message a human-readable sentence
 */
public record NodeEvent(
    NodeId id, Type type, Instant time, OptionalLong pid, OptionalInt exitCode, String message) {

  /** Kinds of node events. */
  public enum Type {
    STARTED,
    ADOPTED,
    START_FAILED,
    EXITED,
    RESTART_SCHEDULED,
    RESTARTED,
    GAVE_UP,
    STOPPED,
    /**
     * The backend reports a problem with the node that is not an exit: an image that cannot be
     * pulled, a pod refused by the namespace's quota, a container killed for using too much memory.
     */
    WARNING
  }

  public NodeEvent {
    requireNonNull(id, "id is null");
    requireNonNull(type, "type is null");
    requireNonNull(time, "time is null");
    requireNonNull(pid, "pid is null");
    requireNonNull(exitCode, "exitCode is null");
    requireNonNull(message, "message is null");
  }
}
