package io.bdpaas.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bdpaas.testing.Clusters;
import io.bdpaas.testing.ControlPlaneProcess;
import io.bdpaas.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The control plane, run as its own process from the built jar, is killed with {@code kill -9}
 * while clusters are starting and running, then started again on the same data: every cluster ends
 * in its right state, running nodes are adopted (same pids) and no process is orphaned or doubled.
 */
class ControlPlaneCrashIT {
  private final List<String> clusters = new ArrayList<>();
  private Path dataDir;
  private ControlPlaneProcess server;

  @AfterEach
  void cleanUp() throws InterruptedException {
    if (server != null) {
      server.kill();
    }
    for (String id : clusters) {
      for (long pid : Clusters.markedProcesses(id)) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
    if (dataDir != null) {
      TestServer.deleteRecursively(dataDir);
    }
  }

  @Test
  void killedControlPlaneRestartsAndEveryClusterEndsRight() throws Exception {
    dataDir = Files.createTempDirectory("bdpaas-crash-");
    server = new ControlPlaneProcess(dataDir);
    server.start("first");

    String running =
        create("{\"product\":\"hello\",\"version\":\"1.0.0\",\"size\":2,\"name\":\"running\"}");
    awaitStatus(running, "ready", Duration.ofSeconds(120));
    Map<String, Long> runningPids = pids(running);
    String spark =
        create("{\"product\":\"spark\",\"version\":\"4.2.0\",\"size\":1,\"name\":\"starting\"}");
    awaitStatus(spark, "configuring", Duration.ofSeconds(60));
    String registered =
        create(
            "{\"product\":\"hello\",\"version\":\"1.0.0\",\"size\":1,\"name\":\"just-registered\"}");

    server.kill(); // kill -9: no shutdown hook, no cleanup

    assertThat(Clusters.markedProcesses(running)).hasSize(2);
    Process orphan = startOrphan("c-orphan00");
    server.start("second");

    // A node of a cluster the database does not know (say, restored from an older backup) is
    // stopped at start-up.
    await().atMost(Duration.ofSeconds(30)).until(() -> !orphan.isAlive());

    awaitStatus(running, "ready", Duration.ofSeconds(60));
    awaitStatus(spark, "ready", Duration.ofSeconds(240));
    awaitStatus(registered, "ready", Duration.ofSeconds(120));
    assertThat(pids(running)).as("running nodes are adopted, not restarted").isEqualTo(runningPids);
    assertThat(Clusters.markedProcesses(running)).hasSize(2);
    assertThat(Clusters.markedProcesses(spark))
        .as("master and one worker, none doubled")
        .hasSize(2);
    assertThat(Clusters.markedProcesses(registered)).hasSize(1);
    assertThat(server.get("/api/v1/clusters/" + running + "/events?size=100").toString())
        .contains("NODE_ADOPTED");

    for (String id : List.of(running, spark, registered)) {
      server.send("DELETE", "/api/v1/clusters/" + id, null);
    }
    for (String id : List.of(running, spark, registered)) {
      awaitStatus(id, "destroyed", Duration.ofSeconds(90));
      assertThat(Clusters.markedProcesses(id)).isEmpty();
    }
  }

  /** A process marked as a node of {@code clusterId}, working in this data directory. */
  private Process startOrphan(String clusterId) throws IOException {
    Path directory = dataDir.resolve("clusters").resolve(clusterId).resolve("node-0");
    Files.createDirectories(directory);
    Files.writeString(
        directory.resolve("Sleep.java"),
        "public class Sleep { public static void main(String[] a) throws Exception {"
            + " Thread.sleep(600_000); } }");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dbdpaas.node=" + clusterId + "/node-0",
                "Sleep.java")
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("stdout.log").toFile())
            .start();
    clusters.add(clusterId);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Clusters.markedProcesses(clusterId).size() == 1);
    return process;
  }

  private String create(String body) throws Exception {
    JsonNode cluster = server.send("POST", "/api/v1/clusters", body);
    String id = cluster.get("id").asString();
    clusters.add(id);
    return id;
  }

  private void awaitStatus(String id, String status, Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              JsonNode cluster = server.get("/api/v1/clusters/" + id);
              assertThat(cluster.get("status").asString())
                  .as("cluster %s (reason %s)", id, cluster.get("statusReason"))
                  .isNotEqualTo("failed")
                  .isEqualTo(status);
            });
  }

  private Map<String, Long> pids(String id) throws Exception {
    Map<String, Long> pids = new java.util.TreeMap<>();
    for (JsonNode node : server.get("/api/v1/clusters/" + id + "/nodes")) {
      pids.put(node.get("name").asString(), Long.parseLong(node.get("instance").asString()));
    }
    return pids;
  }
}
