package io.bdpaas.backend.kubernetes;

import io.bdpaas.backend.NodeEvent;
import io.bdpaas.backend.NodeId;
import io.bdpaas.backend.NodeObservation;
import io.bdpaas.backend.NodeState;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * How what Kubernetes says of a node's StatefulSet and pod maps onto the backend port's node
 * lifecycle and events (pure: objects in, answers out).
 *
 * <table>
 *   <caption>Node states</caption>
 *   <tr><th>Kubernetes</th><th>node</th></tr>
 *   <tr><td>no StatefulSet</td><td>not run by the backend</td></tr>
 *   <tr><td>StatefulSet being deleted</td><td>{@code STOPPING}</td></tr>
 *   <tr><td>no pod yet; pod {@code Pending} (scheduling, pulling the image)</td>
 *       <td>{@code STARTING}</td></tr>
 *   <tr><td>a container that can never start: an invalid image name, a missing Secret</td>
 *       <td>{@code FAILED}</td></tr>
 *   <tr><td>pod {@code Running}, its container running</td><td>{@code RUNNING}</td></tr>
 *   <tr><td>container waiting to restart ({@code CrashLoopBackOff}), pod ended or lost</td>
 *       <td>{@code BACKING_OFF}</td></tr>
 * </table>
 */
public final class PodStates {
  /** Waiting reasons after which the container never starts without a change of the node. */
  static final Set<String> HOPELESS =
      Set.of(
          "InvalidImageName",
          "ErrImageNeverPull",
          "CreateContainerConfigError",
          "CreateContainerError");

  private PodStates() {}

  /** The node's state from its StatefulSet and its pod (null when there is none yet). */
  public static NodeState state(StatefulSet statefulSet, Pod pod) {
    if (statefulSet.getMetadata().getDeletionTimestamp() != null) {
      return NodeState.STOPPING;
    }
    if (pod == null) {
      return NodeState.STARTING;
    }
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return NodeState.BACKING_OFF;
    }
    Optional<ContainerStatus> container = engine(pod);
    Optional<String> waiting =
        container
            .map(ContainerStatus::getState)
            .map(ContainerState::getWaiting)
            .map(w -> w.getReason());
    if (waiting.filter(HOPELESS::contains).isPresent()) {
      return NodeState.FAILED;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if (phase == null || phase.equals("Pending")) {
      return NodeState.STARTING;
    }
    if (phase.equals("Running")
        && container.map(ContainerStatus::getState).map(ContainerState::getRunning).isPresent()) {
      return NodeState.RUNNING;
    }
    return NodeState.BACKING_OFF;
  }

  /** Everything observed of the node. */
  public static NodeObservation observation(
      NodeId id,
      StatefulSet statefulSet,
      Pod pod,
      Optional<Duration> cpuTime,
      OptionalLong memoryBytes) {
    NodeState state = state(statefulSet, pod);
    if (pod == null) {
      return new NodeObservation(
          id,
          state,
          Optional.empty(),
          Optional.empty(),
          0,
          OptionalInt.empty(),
          cpuTime,
          memoryBytes);
    }
    Optional<ContainerStatus> container = engine(pod);
    Optional<Instant> startedAt =
        container
            .map(ContainerStatus::getState)
            .map(ContainerState::getRunning)
            .map(running -> running.getStartedAt())
            .flatMap(PodStates::instant)
            .or(
                () ->
                    Optional.ofNullable(pod.getStatus())
                        .map(s -> s.getStartTime())
                        .flatMap(PodStates::instant));
    int restarts = container.map(ContainerStatus::getRestartCount).orElse(0);
    OptionalInt lastExit =
        container
            .map(ContainerStatus::getLastState)
            .map(ContainerState::getTerminated)
            .map(terminated -> OptionalInt.of(terminated.getExitCode()))
            .orElse(OptionalInt.empty());
    return new NodeObservation(
        id,
        state,
        Optional.of("pod " + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName()),
        startedAt,
        restarts,
        lastExit,
        cpuTime,
        memoryBytes);
  }

  /**
   * What changed between two sightings of a node's pod, as node events: its container started, was
   * restarted after an exit (with the exit's reason: {@code OOMKilled} is said plainly), or cannot
   * start for a reason no waiting will fix.
   */
  public static List<NodeEvent> changes(NodeId id, Pod before, Pod after, Instant now) {
    List<NodeEvent> events = new ArrayList<>();
    Optional<ContainerStatus> old = before == null ? Optional.empty() : engine(before);
    Optional<ContainerStatus> current = engine(after);
    if (current.isEmpty()) {
      return events;
    }
    int oldRestarts = old.map(ContainerStatus::getRestartCount).orElse(0);
    int restarts = current.get().getRestartCount() == null ? 0 : current.get().getRestartCount();
    boolean wasRunning =
        old.map(ContainerStatus::getState).map(ContainerState::getRunning).isPresent();
    boolean running =
        current.map(ContainerStatus::getState).map(ContainerState::getRunning).isPresent();
    String pod = after.getMetadata().getName();
    if (restarts > oldRestarts) {
      var terminated =
          Optional.ofNullable(current.get().getLastState()).map(ContainerState::getTerminated);
      OptionalInt exitCode =
          terminated.map(t -> OptionalInt.of(t.getExitCode())).orElse(OptionalInt.empty());
      String reason = terminated.map(t -> t.getReason()).orElse("");
      String message =
          "OOMKilled".equals(reason)
              ? "killed by Kubernetes for using more than its memory limit (OOMKilled)"
              : "exited"
                  + (exitCode.isPresent() ? " with code " + exitCode.getAsInt() : "")
                  + (reason.isBlank() ? "" : " (" + reason + ")");
      events.add(
          new NodeEvent(id, NodeEvent.Type.EXITED, now, OptionalLong.empty(), exitCode, message));
    }
    if (running && !wasRunning) {
      NodeEvent.Type type = restarts > 0 ? NodeEvent.Type.RESTARTED : NodeEvent.Type.STARTED;
      events.add(
          new NodeEvent(
              id,
              type,
              now,
              OptionalLong.empty(),
              OptionalInt.empty(),
              (type == NodeEvent.Type.STARTED ? "started" : "restarted") + " in pod " + pod));
    }
    Optional<String> waiting =
        current
            .map(ContainerStatus::getState)
            .map(ContainerState::getWaiting)
            .map(w -> w.getReason());
    Optional<String> oldWaiting =
        old.map(ContainerStatus::getState).map(ContainerState::getWaiting).map(w -> w.getReason());
    if (waiting.filter(HOPELESS::contains).isPresent() && !waiting.equals(oldWaiting)) {
      String detail = current.get().getState().getWaiting().getMessage();
      events.add(
          new NodeEvent(
              id,
              NodeEvent.Type.START_FAILED,
              now,
              OptionalLong.empty(),
              OptionalInt.empty(),
              "cannot start: " + waiting.get() + (detail == null ? "" : ": " + detail)));
    }
    return events;
  }

  /**
   * A Kubernetes warning about a node's pod or StatefulSet as a sentence an owner can act on: quota
   * refusals, unschedulable pods and images that cannot be pulled are named as such.
   */
  public static String warning(Event event) {
    String reason = event.getReason() == null ? "" : event.getReason();
    String message = event.getMessage() == null ? "" : event.getMessage().strip();
    if (reason.equals("FailedCreate") && message.contains("exceeded quota")) {
      return "the tenant's quota refuses the node's pod: " + message;
    }
    if (reason.equals("FailedScheduling")) {
      return "no Kubernetes node can take the pod now: " + message;
    }
    if (message.contains("pull image")
        || reason.equals("ErrImagePull")
        || reason.equals("ImagePullBackOff")) {
      return "the node's image cannot be pulled: " + message;
    }
    if (reason.equals("OOMKilling")) {
      return "killed by Kubernetes for using more than its memory limit: " + message;
    }
    if (reason.equals("BackOff")) {
      return "the node keeps exiting; Kubernetes waits before starting it again: " + message;
    }
    return reason.isEmpty() ? message : reason + ": " + message;
  }

  /** The engine's container status in the pod. */
  static Optional<ContainerStatus> engine(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(status -> NodeObjects.CONTAINER.equals(status.getName()))
        .findFirst();
  }

  private static Optional<Instant> instant(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
