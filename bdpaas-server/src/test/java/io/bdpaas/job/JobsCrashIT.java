package io.bdpaas.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bdpaas.testing.Clusters;
import io.bdpaas.testing.ControlPlaneProcess;
import io.bdpaas.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The control plane, run as its own process from the built jar, is killed with {@code kill -9}
 * while a job's driver runs, then started again on the same data: the run is followed again (the
 * same driver, not a second submission) and ends in its true state, with its output kept.
 */
class JobsCrashIT {
  private Path dataDir;
  private ControlPlaneProcess server;
  private String cluster;

  @AfterEach
  void cleanUp() throws InterruptedException {
    if (server != null) {
      server.kill();
    }
    if (cluster != null) {
      for (long pid : Clusters.markedProcesses(cluster)) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
    if (dataDir != null) {
      TestServer.deleteRecursively(dataDir);
    }
  }

  @Test
  void aRunGoingWhenTheControlPlaneIsKilledEndsInItsTrueStateAfterRestart() throws Exception {
    dataDir = Files.createTempDirectory("bdpaas-job-crash-");
    server = new ControlPlaneProcess(dataDir);
    server.start("first");
    JsonNode project = server.send("POST", "/api/v1/projects", "{\"name\":\"crash\"}");
    String projectPath = "/api/v1/projects/" + project.get("id").asString();
    cluster = project.get("clusterId").asString();
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> server.get(projectPath).get("status").asString().equals("ready"));
    String job =
        server
            .send(
                "POST",
                projectPath + "/jobs",
                "{\"name\":\"sleeps\",\"definition\":{\"kind\":\"jar\",\"jar\":\""
                    + JobService.SAMPLES_JAR
                    + "\",\"mainClass\":\"io.bdpaas.samples.SleepingJob\",\"arguments\":[\"25\"]}}")
            .get("id")
            .asString();
    String runPath =
        projectPath
            + "/runs/"
            + server
                .send("POST", projectPath + "/jobs/" + job + "/runs", "{}")
                .get("id")
                .asString();
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> server.get(runPath).get("state").asString().equals("running"));
    String driver = server.get(runPath).get("driverId").asString();

    server.kill();
    server.start("second");

    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> server.get(runPath).get("state").asString().equals("finished"));
    JsonNode run = server.get(runPath);
    assertThat(run.get("driverId").asString()).isEqualTo(driver);
    assertThat(server.get(projectPath + "/runs?job=" + job).get("items")).hasSize(1);
    String stderr = server.get(runPath + "/log?stream=stderr&limit=1048576").get("text").asString();
    assertThat(stderr).contains("Successfully stopped SparkContext");
    server.send("DELETE", projectPath, null);
  }
}
