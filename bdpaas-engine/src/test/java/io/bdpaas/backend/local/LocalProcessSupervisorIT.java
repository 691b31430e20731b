package io.bdpaas.backend.local;

import static io.bdpaas.backend.NodeEvent.Type.ADOPTED;
import static io.bdpaas.backend.NodeEvent.Type.EXITED;
import static io.bdpaas.backend.NodeEvent.Type.GAVE_UP;
import static io.bdpaas.backend.NodeEvent.Type.RESTARTED;
import static io.bdpaas.backend.NodeEvent.Type.RESTART_SCHEDULED;
import static io.bdpaas.backend.NodeEvent.Type.STARTED;
import static io.bdpaas.backend.NodeEvent.Type.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.bdpaas.backend.LogStream;
import io.bdpaas.backend.NodeId;
import io.bdpaas.backend.NodeState;
import io.bdpaas.backend.testing.IntegrationTestDirectories;
import io.bdpaas.backend.testing.RecordingNodeEventListener;
import io.bdpaas.backend.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The supervisor against real child JVMs running {@link TestNode} (cheap stand-ins for engine
 * nodes).
 */
class LocalProcessSupervisorIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final RestartPolicy QUICK_RESTARTS =
      new RestartPolicy(2, Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofMinutes(5));

  private final String clusterId = "it-" + UUID.randomUUID().toString().substring(0, 8);
  private final RecordingNodeEventListener events = new RecordingNodeEventListener();
  private final List<LocalProcessSupervisor> supervisors = new ArrayList<>();
  private final List<Process> strangers = new ArrayList<>();
  private Path dataDirectory;

  @BeforeEach
  void createDataDirectory() {
    dataDirectory = IntegrationTestDirectories.newDataDirectory("supervisor");
  }

  @AfterEach
  void leaveNothingRunning() {
    supervisors.forEach(LocalProcessSupervisor::close);
    try (LocalProcessSupervisor cleaner = supervisor()) {
      cleaner.stopCluster(clusterId);
      assertThat(cleaner.liveProcesses(clusterId)).isEmpty();
    }
    strangers.forEach(Process::destroyForcibly);
  }

  @Test
  void restartsACrashingNodeWithBackoffThenGivesUp() {
    LocalProcessSupervisor supervisor = supervisor(QUICK_RESTARTS);
    NodeSpec spec = testNode("crasher", "exit", "3");

    supervisor.start(spec);

    await().atMost(TIMEOUT).until(() -> events.types(spec.id()).contains(GAVE_UP));
    assertThat(events.types(spec.id()))
        .containsExactly(
            STARTED,
            EXITED,
            RESTART_SCHEDULED,
            RESTARTED,
            EXITED,
            RESTART_SCHEDULED,
            RESTARTED,
            EXITED,
            GAVE_UP);
    assertThat(events.events(spec.id()).stream().filter(event -> event.type() == EXITED))
        .allSatisfy(event -> assertThat(event.exitCode()).hasValue(3));
    NodeStatus status = supervisor.status(spec.id()).orElseThrow();
    assertThat(status.state()).isEqualTo(NodeState.FAILED);
    assertThat(status.restarts()).isEqualTo(2);
    assertThat(status.lastExitCode()).hasValue(3);
    assertThat(status.pid()).isEmpty();
  }

  @Test
  void stopsANodeAndEverythingItForked() {
    LocalProcessSupervisor supervisor = supervisor();
    NodeSpec spec = testNode("forker", "fork");

    NodeStatus started = supervisor.start(spec);
    long pid = started.pid().orElseThrow();
    await().atMost(TIMEOUT).until(() -> supervisor.liveProcesses(clusterId).size() == 2);
    List<MarkedProcess> processes = supervisor.liveProcesses(clusterId);
    assertThat(processes)
        .filteredOn(MarkedProcess::markedOnCommandLine)
        .singleElement()
        .satisfies(process -> assertThat(process.pid()).isEqualTo(pid));
    assertThat(processes)
        .filteredOn(process -> !process.markedOnCommandLine())
        .singleElement()
        .satisfies(process -> assertThat(process.node()).isEqualTo(spec.id()));
    assertThat(supervisor.status(spec.id()).orElseThrow().residentMemoryBytes()).isPresent();

    supervisor.stop(spec.id());

    assertThat(supervisor.liveProcesses(clusterId)).isEmpty();
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(supervisor.status(spec.id()).orElseThrow().state()).isEqualTo(NodeState.STOPPED);
    assertThat(events.types(spec.id())).containsExactly(STARTED, STOPPED);
    assertThat(supervisor.nodeDirectory(spec.id()).resolve("node.pid")).doesNotExist();
  }

  @Test
  void killsANodeThatIgnoresSigterm() {
    LocalProcessSupervisor supervisor =
        new LocalProcessSupervisor(
            LocalSupervisorConfig.defaults(dataDirectory).withStopTimeout(Duration.ofSeconds(1)),
            events);
    supervisors.add(supervisor);
    NodeSpec spec = testNode("stubborn", "ignore-term");
    supervisor.start(spec);
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                supervisor.tail(spec.id(), LogStream.STDOUT, 5).stream()
                    .anyMatch(line -> line.contains("mode ignore-term")));

    supervisor.stop(spec.id());

    assertThat(supervisor.liveProcesses(clusterId)).isEmpty();
  }

  @Test
  void writesLogsAndTailsThem() throws java.io.IOException {
    LocalProcessSupervisor supervisor = supervisor();
    NodeSpec spec = testNode("talker", "sleep");

    supervisor.start(spec);

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(supervisor.tail(spec.id(), LogStream.STDOUT, 1))
                    .containsExactly("hello from test node, mode sleep"));
    assertThat(supervisor.tail(spec.id(), LogStream.STDOUT, 10).get(0))
        .startsWith("---- bdpaas: starting");
    assertThat(supervisor.logFile(spec.id(), LogStream.STDERR)).exists();
    // Its temporary files go to a private folder of its own, not the machine's shared /tmp.
    Path temporary = spec.workingDirectory().resolve("tmp");
    assertThat(supervisor.tail(spec.id(), LogStream.STDOUT, 10))
        .contains("temporary files in " + temporary);
    assertThat(temporary).isDirectory();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(temporary)))
        .isEqualTo("rwx------");
  }

  @Test
  void refusesToStartANodeTwice() {
    LocalProcessSupervisor supervisor = supervisor();
    NodeSpec spec = testNode("single", "sleep");
    supervisor.start(spec);

    assertThatThrownBy(() -> supervisor.start(spec))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already RUNNING");
  }

  @Test
  void aNewSupervisorAdoptsANodeLeftRunningAndCanStopIt() {
    NodeSpec spec = testNode("survivor", "fork");
    LocalProcessSupervisor crashed = supervisor();
    long pid = crashed.start(spec).pid().orElseThrow();
    await().atMost(TIMEOUT).until(() -> crashed.liveProcesses(clusterId).size() == 2);
    // The control plane "crashes": its supervisor goes away without stopping anything.
    crashed.close();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);

    LocalProcessSupervisor restarted = supervisor();
    Optional<NodeStatus> adopted = restarted.adopt(spec);

    assertThat(adopted)
        .hasValueSatisfying(
            status -> {
              assertThat(status.pid()).hasValue(pid);
              assertThat(status.adopted()).isTrue();
              assertThat(status.state()).isEqualTo(NodeState.RUNNING);
            });
    assertThat(events.types(spec.id())).containsExactly(STARTED, ADOPTED);

    restarted.stop(spec.id());

    assertThat(restarted.liveProcesses(clusterId)).isEmpty();
  }

  @Test
  void anAdoptedNodeThatDiesIsRestarted() {
    NodeSpec spec = testNode("phoenix", "sleep");
    LocalProcessSupervisor crashed = supervisor(QUICK_RESTARTS);
    long pid = crashed.start(spec).pid().orElseThrow();
    crashed.close();
    LocalProcessSupervisor restarted = supervisor(QUICK_RESTARTS);
    restarted.adopt(spec).orElseThrow();

    ProcessHandle.of(pid).orElseThrow().destroyForcibly();

    await().atMost(TIMEOUT).until(() -> events.types(spec.id()).contains(RESTARTED));
    NodeStatus status = restarted.status(spec.id()).orElseThrow();
    assertThat(status.pid()).isPresent();
    assertThat(status.pid().getAsLong()).isNotEqualTo(pid);
    assertThat(status.adopted()).isFalse();
    assertThat(
            events.events(spec.id()).stream().filter(event -> event.type() == EXITED).findFirst())
        .hasValueSatisfying(event -> assertThat(event.exitCode()).isEmpty());
  }

  @Test
  void doesNotAdoptOrKillAProcessWithoutTheMarker() throws Exception {
    NodeSpec spec = testNode("impostor", "sleep");
    Process stranger = new ProcessBuilder("sleep", "120").start();
    strangers.add(stranger);
    LocalProcessSupervisor supervisor = supervisor();
    Path pidFile = supervisor.nodeDirectory(spec.id()).resolve("node.pid");
    Files.createDirectories(pidFile.getParent());
    new PidFile(spec.id(), stranger.pid(), stranger.toHandle().info().startInstant(), 0)
        .write(pidFile);

    assertThat(supervisor.adopt(spec)).isEmpty();
    supervisor.stop(spec.id());

    assertThat(stranger.isAlive()).isTrue();
    assertThat(pidFile).doesNotExist();
  }

  @Test
  void adoptingANodeThatIsGoneCleansUpItsPidFile() throws Exception {
    NodeSpec spec = testNode("ghost", "exit", "0");
    LocalProcessSupervisor first = supervisor(RestartPolicy.NEVER);
    first.start(spec);
    await().atMost(TIMEOUT).until(() -> events.types(spec.id()).contains(GAVE_UP));
    first.close();
    Path pidFile = first.nodeDirectory(spec.id()).resolve("node.pid");
    new PidFile(spec.id(), Integer.MAX_VALUE - 1, Optional.empty(), 0).write(pidFile);

    assertThat(supervisor().adopt(spec)).isEmpty();
    assertThat(pidFile).doesNotExist();
  }

  private LocalProcessSupervisor supervisor() {
    return supervisor(RestartPolicy.DEFAULT);
  }

  private LocalProcessSupervisor supervisor(RestartPolicy policy) {
    LocalProcessSupervisor supervisor =
        new LocalProcessSupervisor(
            LocalSupervisorConfig.defaults(dataDirectory).withRestartPolicy(policy), events);
    supervisors.add(supervisor);
    return supervisor;
  }

  private NodeSpec testNode(String name, String... arguments) {
    NodeId id = new NodeId(clusterId, name);
    Path classes = TestNode.classesDirectory();
    return NodeSpec.builder(id, "test")
        .runtimeDirectory(classes)
        .classpath(classes)
        .mainClass(TestNode.class.getName())
        .jvmOption("-Xmx32m")
        .arguments(arguments)
        .workingDirectory(dataDirectory.resolve(clusterId).resolve(name).resolve("work"))
        .file("conf/test.properties", "written=before start\n")
        .build();
  }
}
