package io.bdpaas.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bdpaas.backend.NodeEvent;
import io.bdpaas.backend.NodeId;
import io.bdpaas.backend.NodeLayout;
import io.bdpaas.backend.NodeSpec;
import io.bdpaas.backend.PortAllocator;
import io.bdpaas.backend.local.LocalProcessSupervisor;
import io.bdpaas.backend.local.LocalSupervisorConfig;
import io.bdpaas.backend.local.LogStream;
import io.bdpaas.backend.testing.IntegrationTestDirectories;
import io.bdpaas.backend.testing.RecordingNodeEventListener;
import io.bdpaas.engine.EngineHttp;
import io.bdpaas.engine.ReadinessProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real Spark 4.2.0 standalone cluster (master + 2 workers) run by the local supervisor. */
class SparkClusterIT {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

  private final String clusterId = "spark-it-" + UUID.randomUUID().toString().substring(0, 8);
  private final Path dataDirectory = IntegrationTestDirectories.newDataDirectory("spark");
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
  void runsAMasterWithTwoWorkersSurvivesAKilledWorkerAndLeavesNothingBehind() {
    long begin = System.nanoTime();
    int masterRpc = ports.allocate();
    int masterUi = ports.allocate();
    NodeSpec master =
        SparkNodeSpecs.master(layout("master"), 512, masterRpc, masterUi, ports.allocate());
    NodeSpec worker1 = worker("worker-1", masterRpc);
    NodeSpec worker2 = worker("worker-2", masterRpc);
    SparkMasterClient client = new SparkMasterClient(http, SparkNodeSpecs.webUi(masterUi));
    ReadinessProbe twoWorkers = client.readinessProbe(2);

    supervisor.start(master);
    supervisor.start(worker1);
    supervisor.start(worker2);

    await("master ALIVE with 2 ALIVE workers")
        .atMost(READY_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> twoWorkers.check().ready());
    System.out.printf(
        "Spark master + 2 workers ready in %.1f s%n", (System.nanoTime() - begin) / 1e9);
    SparkMasterStatus status = client.status();
    assertThat(status.aliveWorkers()).isEqualTo(2);
    assertThat(status.url()).isEqualTo(SparkNodeSpecs.masterUrl(masterRpc));
    assertThat(status.liveWorkers())
        .allSatisfy(
            worker -> {
              assertThat(worker.cores()).isEqualTo(1);
              assertThat(worker.memoryMb()).isEqualTo(1024);
            });
    assertThat(supervisor.nodes(clusterId))
        .hasSize(3)
        .allSatisfy(node -> assertThat(node.residentMemoryBytes()).isPresent());
    assertThat(supervisor.tail(master.id(), LogStream.STDOUT, 200))
        .anyMatch(line -> line.contains("I have been elected leader"));
    assertThat(
            ReadinessProbe.httpJsonEquals(
                    http,
                    EngineHttp.resolve(
                        SparkNodeSpecs.restServer(master.port("rest")),
                        "v1/submissions/status/none"),
                    "/serverSparkVersion",
                    "4.2.0")
                .check()
                .ready())
        .as("REST submission server answers")
        .isTrue();

    // kill -9 one worker: the supervisor restarts it and it registers again.
    long killedPid = supervisor.status(worker1.id()).orElseThrow().pid().orElseThrow();
    long killedAt = System.nanoTime();
    ProcessHandle.of(killedPid).orElseThrow().destroyForcibly();

    await("worker-1 restarted and registered again")
        .atMost(READY_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                events.types(worker1.id()).contains(NodeEvent.Type.RESTARTED)
                    && client.status().liveWorkers().size() == 2
                    && supervisor.status(worker1.id()).orElseThrow().pid().orElse(killedPid)
                        != killedPid);
    System.out.printf(
        "Spark worker killed -> restarted and registered in %.1f s%n",
        (System.nanoTime() - killedAt) / 1e9);
    assertThat(events.types(worker1.id()))
        .containsSubsequence(
            NodeEvent.Type.STARTED,
            NodeEvent.Type.EXITED,
            NodeEvent.Type.RESTART_SCHEDULED,
            NodeEvent.Type.RESTARTED);
    assertThat(supervisor.status(worker1.id()).orElseThrow().restarts()).isEqualTo(1);
    assertThat(events.events(worker1.id()))
        .filteredOn(event -> event.type() == NodeEvent.Type.EXITED)
        .first()
        .satisfies(event -> assertThat(event.exitCode()).hasValue(137));

    // A driver in cluster mode (the Spark Connect server, from the runtime's own jars) makes the
    // workers fork
    // DriverWrapper and executor JVMs: descendants that carry the marker only through their
    // environment.
    submitLongRunningDriver(master, masterRpc);
    await("driver and executor JVMs forked by the workers")
        .atMost(READY_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                supervisor.liveProcesses(clusterId).stream()
                        .filter(process -> !process.markedOnCommandLine())
                        .count()
                    >= 2);
    System.out.printf(
        "Spark processes before stop: %s%n",
        supervisor.liveProcesses(clusterId).stream()
            .map(
                process ->
                    process.node().nodeName() + (process.markedOnCommandLine() ? "" : "+child"))
            .toList());

    long stopBegin = System.nanoTime();
    supervisor.stopCluster(clusterId);
    System.out.printf("Spark cluster stopped in %.1f s%n", (System.nanoTime() - stopBegin) / 1e9);

    assertThat(supervisor.liveProcesses(clusterId)).isEmpty();
  }

  private void submitLongRunningDriver(NodeSpec master, int masterRpc) {
    Path connectJar =
        SparkNodeSpecs.sparkHome(layout("master")).resolve("jars/spark-connect_2.13-4.2.0.jar");
    String body =
        """
        {"action":"CreateSubmissionRequest","appResource":"file:%1$s","mainClass":"%2$s","appArgs":[],
         "clientSparkVersion":"4.2.0","environmentVariables":{"SPARK_ENV_LOADED":"1"},
         "sparkProperties":{"spark.master":"%3$s","spark.submit.deployMode":"cluster","spark.jars":"file:%1$s",
           "spark.app.name":"descendants-it","spark.driver.memory":"512m","spark.driver.cores":"1",
           "spark.executor.memory":"512m","spark.executor.cores":"1","spark.driver.supervise":"false",
           "spark.ui.port":"%4$d","spark.connect.grpc.binding.address":"127.0.0.1",
           "spark.connect.grpc.binding.port":"%5$d"}}
        """
            .formatted(
                connectJar,
                "org.apache.spark.sql.connect.service.SparkConnectServer",
                SparkNodeSpecs.masterUrl(masterRpc),
                ports.allocate(),
                ports.allocate());
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          EngineHttp.resolve(
                              SparkNodeSpecs.restServer(master.port(SparkNodeSpecs.REST_PORT)),
                              "v1/submissions/create"))
                      .header("Content-Type", "application/json;charset=UTF-8")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.body()).contains("\"success\" : true");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private NodeSpec worker(String name, int masterRpc) {
    return SparkNodeSpecs.worker(
        layout(name),
        SparkNodeSpecs.masterUrl(masterRpc),
        512,
        1,
        1024,
        ports.allocate(),
        ports.allocate());
  }

  private NodeLayout layout(String node) {
    NodeId id = new NodeId(clusterId, node);
    return new NodeLayout(id, runtime, supervisor.nodeDirectory(id).resolve("work"));
  }
}
