package io.bdpaas.engine.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bdpaas.backend.NodeId;
import io.bdpaas.backend.NodeLayout;
import io.bdpaas.backend.NodeSpec;
import io.bdpaas.backend.PortAllocator;
import io.bdpaas.backend.local.LocalProcessSupervisor;
import io.bdpaas.backend.local.LocalSupervisorConfig;
import io.bdpaas.backend.testing.IntegrationTestDirectories;
import io.bdpaas.backend.testing.RecordingNodeEventListener;
import io.bdpaas.engine.EngineHttp;
import io.bdpaas.engine.ReadinessProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real Flink 2.3.0 session cluster (JobManager + 1 TaskManager) run by the local supervisor. */
class FlinkClusterIT {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

  private final String clusterId = "flink-it-" + UUID.randomUUID().toString().substring(0, 8);
  private final Path dataDirectory = IntegrationTestDirectories.newDataDirectory("flink");
  private final Path runtime = IntegrationTestDirectories.runtimeDirectory();
  private final RecordingNodeEventListener events = new RecordingNodeEventListener();
  private final LocalProcessSupervisor supervisor =
      new LocalProcessSupervisor(LocalSupervisorConfig.defaults(dataDirectory), events);
  private final PortAllocator ports = new PortAllocator();
  private final EngineHttp http = EngineHttp.create();

  @AfterEach
  void stopEverything() {
    supervisor.stopCluster(clusterId);
    supervisor.close();
  }

  @Test
  void runsAJobManagerWithATaskManagerAndLeavesNothingBehind() {
    long begin = System.nanoTime();
    int jobManagerRpc = ports.allocate();
    int rest = ports.allocate();
    NodeSpec jobManager =
        FlinkNodeSpecs.jobManager(layout("jobmanager"), 512, jobManagerRpc, rest, ports.allocate());
    NodeSpec taskManager =
        FlinkNodeSpecs.taskManager(
            layout("taskmanager-1"),
            jobManagerRpc,
            2,
            512,
            256,
            ports.allocate(),
            ports.allocate());
    FlinkClient client = new FlinkClient(http, FlinkNodeSpecs.restUri(rest));
    ReadinessProbe oneTaskManager = client.readinessProbe(1, 2);

    supervisor.start(jobManager);
    supervisor.start(taskManager);

    await("1 TaskManager registered with its 2 slots")
        .atMost(READY_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> oneTaskManager.check().ready());
    System.out.printf(
        "Flink JobManager + 1 TaskManager ready in %.1f s%n", (System.nanoTime() - begin) / 1e9);
    FlinkOverview overview = client.overview();
    assertThat(overview.flinkVersion()).isEqualTo("2.3.0");
    assertThat(overview.slotsTotal()).isEqualTo(2);
    assertThat(client.taskManagers())
        .singleElement()
        .satisfies(
            info -> {
              assertThat(info.id()).isEqualTo("taskmanager-1");
              assertThat(info.slots()).isEqualTo(2);
              assertThat(info.dataPort()).isEqualTo(taskManager.port(FlinkNodeSpecs.DATA_PORT));
            });
    assertThat(ReadinessProbe.httpOk(http, FlinkNodeSpecs.restUri(rest)).check().ready())
        .as("dashboard answers")
        .isTrue();
    assertThat(jobManager.workingDirectory().resolve("log/jobmanager.log")).exists();

    long stopBegin = System.nanoTime();
    supervisor.stopCluster(clusterId);
    System.out.printf("Flink cluster stopped in %.1f s%n", (System.nanoTime() - stopBegin) / 1e9);

    assertThat(supervisor.liveProcesses(clusterId)).isEmpty();
  }

  private NodeLayout layout(String node) {
    NodeId id = new NodeId(clusterId, node);
    return new NodeLayout(id, runtime, supervisor.nodeDirectory(id).resolve("work"));
  }
}
