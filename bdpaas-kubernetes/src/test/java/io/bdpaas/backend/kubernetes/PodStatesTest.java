package io.bdpaas.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.backend.NodeEvent;
import io.bdpaas.backend.NodeId;
import io.bdpaas.backend.NodeState;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PodStatesTest {
  private static final NodeId NODE = new NodeId("c-12345678", "worker-0");
  private final StatefulSet set =
      new StatefulSetBuilder()
          .withNewMetadata()
          .withName("c-12345678-worker-0")
          .endMetadata()
          .build();

  @Test
  void aNodeStartsUntilItsContainerRunsAndBacksOffWhileKubernetesWaitsToRestartIt() {
    assertThat(PodStates.state(set, null)).isEqualTo(NodeState.STARTING);
    assertThat(PodStates.state(set, pod("Pending", null))).isEqualTo(NodeState.STARTING);
    assertThat(PodStates.state(set, pod("Pending", "ImagePullBackOff")))
        .isEqualTo(NodeState.STARTING);
    assertThat(PodStates.state(set, pod("Running", "running"))).isEqualTo(NodeState.RUNNING);
    assertThat(PodStates.state(set, pod("Running", "CrashLoopBackOff")))
        .isEqualTo(NodeState.BACKING_OFF);
    assertThat(PodStates.state(set, pod("Failed", null))).isEqualTo(NodeState.BACKING_OFF);
  }

  @Test
  void aContainerThatCanNeverStartFailsTheNode() {
    assertThat(PodStates.state(set, pod("Pending", "InvalidImageName")))
        .isEqualTo(NodeState.FAILED);
    assertThat(PodStates.state(set, pod("Pending", "CreateContainerConfigError")))
        .isEqualTo(NodeState.FAILED);
  }

  @Test
  void aStatefulSetBeingDeletedIsAStoppingNode() {
    StatefulSet deleting =
        new StatefulSetBuilder(set)
            .editMetadata()
            .withDeletionTimestamp("2026-12-03T01:00:00Z")
            .endMetadata()
            .build();
    assertThat(PodStates.state(deleting, pod("Running", "running"))).isEqualTo(NodeState.STOPPING);
  }

  @Test
  void theObservationCarriesThePodRestartsAndTheLastExit() {
    Pod pod = pod("Running", "running");
    pod.getStatus().getContainerStatuses().get(0).setRestartCount(3);
    pod.getStatus().getContainerStatuses().get(0).setLastState(terminated(137, "OOMKilled"));
    var observation =
        PodStates.observation(
            NODE, set, pod, Optional.of(java.time.Duration.ofSeconds(3)), OptionalLong.of(1024));
    assertThat(observation.state()).isEqualTo(NodeState.RUNNING);
    assertThat(observation.instance()).contains("pod bdpaas--u7--bdpaas-u/c-12345678-worker-0-0");
    assertThat(observation.restarts()).isEqualTo(3);
    assertThat(observation.lastExitCode()).hasValue(137);
    assertThat(observation.startedAt()).contains(Instant.parse("2026-12-03T01:00:00Z"));
    assertThat(observation.memoryBytes()).hasValue(1024);
    assertThat(observation.cpuTime()).contains(java.time.Duration.ofSeconds(3));
  }

  @Test
  void podChangesBecomeNodeEventsAndAnOomKillIsSaidPlainly() {
    Pod pending = pod("Pending", null);
    Pod running = pod("Running", "running");
    assertThat(PodStates.changes(NODE, pending, running, Instant.now()))
        .extracting(NodeEvent::type)
        .containsExactly(NodeEvent.Type.STARTED);

    Pod restarted = pod("Running", "running");
    restarted.getStatus().getContainerStatuses().get(0).setRestartCount(1);
    restarted.getStatus().getContainerStatuses().get(0).setLastState(terminated(137, "OOMKilled"));
    Pod crashed = pod("Running", "CrashLoopBackOff");
    List<NodeEvent> exit =
        PodStates.changes(NODE, running, withRestarts(crashed, 1), Instant.now());
    assertThat(exit).extracting(NodeEvent::type).containsExactly(NodeEvent.Type.EXITED);
    assertThat(exit.get(0).message()).contains("memory limit", "OOMKilled");
    assertThat(exit.get(0).exitCode()).hasValue(137);
    assertThat(PodStates.changes(NODE, withRestarts(crashed, 1), restarted, Instant.now()))
        .extracting(NodeEvent::type)
        .containsExactly(NodeEvent.Type.RESTARTED);

    List<NodeEvent> hopeless =
        PodStates.changes(NODE, pending, pod("Pending", "InvalidImageName"), Instant.now());
    assertThat(hopeless).extracting(NodeEvent::type).containsExactly(NodeEvent.Type.START_FAILED);
    assertThat(hopeless.get(0).message()).contains("InvalidImageName");
  }

  @Test
  void warningsAreNamedForWhatTheOwnerCanDo() {
    assertThat(
            PodStates.warning(
                warning(
                    "FailedCreate",
                    "create Pod c-1-worker-0-0 in StatefulSet c-1-worker-0 failed error: pods"
                        + " \"c-1-worker-0-0\" is forbidden: exceeded quota: bdpaas-quota")))
        .startsWith("the tenant's quota refuses the node's pod:");
    assertThat(
            PodStates.warning(
                warning("Failed", "Failed to pull image \"apache/spark:9\": not found")))
        .startsWith("the node's image cannot be pulled:");
    assertThat(PodStates.warning(warning("FailedScheduling", "0/3 nodes are available")))
        .startsWith("no Kubernetes node can take the pod now:");
    assertThat(PodStates.warning(warning("Unhealthy", "probe failed")))
        .isEqualTo("Unhealthy: probe failed");
  }

  static Pod pod(String phase, String containerState) {
    ContainerStatusBuilder status =
        new ContainerStatusBuilder()
            .withName("engine")
            .withRestartCount(0)
            .withImage("apache/spark:4.2.0");
    if ("running".equals(containerState)) {
      status
          .withNewState()
          .withNewRunning()
          .withStartedAt("2026-12-03T01:00:00Z")
          .endRunning()
          .endState();
    } else if (containerState != null) {
      status
          .withNewState()
          .withNewWaiting()
          .withReason(containerState)
          .withMessage("detail")
          .endWaiting()
          .endState();
    }
    return new PodBuilder()
        .withNewMetadata()
        .withName("c-12345678-worker-0-0")
        .withNamespace("bdpaas--u7--bdpaas-u")
        .endMetadata()
        .withNewStatus()
        .withPhase(phase)
        .withContainerStatuses(status.build())
        .endStatus()
        .build();
  }

  private static Pod withRestarts(Pod pod, int restarts) {
    pod.getStatus().getContainerStatuses().get(0).setRestartCount(restarts);
    pod.getStatus().getContainerStatuses().get(0).setLastState(terminated(137, "OOMKilled"));
    return pod;
  }

  private static io.fabric8.kubernetes.api.model.ContainerState terminated(
      int code, String reason) {
    return new io.fabric8.kubernetes.api.model.ContainerStateBuilder()
        .withNewTerminated()
        .withExitCode(code)
        .withReason(reason)
        .endTerminated()
        .build();
  }

  private static Event warning(String reason, String message) {
    return new EventBuilder().withType("Warning").withReason(reason).withMessage(message).build();
  }
}
