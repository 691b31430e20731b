package io.bdpaas.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.bdpaas.engine.EngineSecret;
import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.Clusters;
import io.bdpaas.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real Apache Spark and Apache Flink clusters created through the platform's API, checked through
 * the engines' own REST APIs, and destroyed with no process left.
 */
class EngineClustersIT {
  private static final Duration READY = Duration.ofSeconds(240);
  private static TestServer server;
  private static ApiClient admin;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.admin();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void sparkClusterWithTwoWorkersSurvivesAKilledWorker() throws Exception {
    String id = Clusters.create(admin, "{\"product\":\"spark\",\"version\":\"4.2.0\",\"size\":2}");
    JsonNode ready = Clusters.awaitStatus(admin, id, "ready", READY);
    String masterUi = ready.get("endpoints").get("masterUi").asString();
    try {
      // Every endpoint of the cluster wants its secret: no token, or another cluster's, is refused.
      String rest = ready.get("endpoints").get("restSubmission").asString();
      for (String endpoint : List.of(masterUi + "json/", rest + "v1/submissions/status/none")) {
        assertThat(engineStatus(endpoint, Optional.empty())).as(endpoint).isEqualTo(403);
        assertThat(engineStatus(endpoint, Optional.of(EngineSecret.generate("another-cluster"))))
            .as(endpoint)
            .isEqualTo(403);
      }
      JsonNode master = engineJson(masterUi + "json/");
      assertThat(master.get("status").asString()).isEqualTo("ALIVE");
      assertThat(master.get("aliveworkers").asInt()).isEqualTo(2);
      assertThat(ready.get("endpoints").get("master").asString())
          .isEqualTo(master.get("url").asString());
      assertThat(
              engineJson(rest + "v1/submissions/status/none").get("serverSparkVersion").asString())
          .isEqualTo("4.2.0");

      long workerPid = Clusters.pids(admin, id).get("worker-0");
      ProcessHandle.of(workerPid).orElseThrow().destroyForcibly(); // kill -9

      await()
          .atMost(Duration.ofSeconds(120))
          .untilAsserted(
              () -> {
                JsonNode worker = node(id, "worker-0");
                assertThat(worker.get("restarts").asInt()).isEqualTo(1);
                assertThat(worker.get("state").asString()).isEqualTo("running");
                assertThat(Long.parseLong(worker.get("instance").asString()))
                    .isNotEqualTo(workerPid);
                assertThat(engineJson(masterUi + "json/").get("aliveworkers").asInt()).isEqualTo(2);
              });
      String events = admin.get("/api/v1/clusters/" + id + "/events?size=100").json().toString();
      assertThat(events).contains("NODE_EXITED", "with code 137", "NODE_RESTARTED");
      assertThat(admin.get("/api/v1/clusters/" + id).json().get("status").asString())
          .isEqualTo("ready");
    } finally {
      admin.delete("/api/v1/clusters/" + id).expectStatus(202);
      Clusters.awaitStatus(admin, id, "destroyed", Duration.ofSeconds(90));
    }
    assertThat(Clusters.markedProcesses(id)).isEmpty();
  }

  /**
   * Resize through the API: a Spark cluster grows from 1 to 3 workers and shrinks back to 1, as the
   * master itself reports, while the master and the first worker keep running (same processes).
   */
  @Test
  void sparkClusterResizesFromOneToThreeWorkersAndBack() throws Exception {
    String id =
        Clusters.create(
            admin,
            "{\"product\":\"spark\",\"version\":\"4.2.0\",\"size\":1,"
                + "\"options\":{\"worker.memory\":512}}");
    try {
      JsonNode ready = Clusters.awaitStatus(admin, id, "ready", READY);
      String masterUi = ready.get("endpoints").get("masterUi").asString();
      assertThat(engineJson(masterUi + "json/").get("aliveworkers").asInt()).isEqualTo(1);
      Map<String, Long> before = Clusters.pids(admin, id);

      JsonNode growing =
          admin.patch("/api/v1/clusters/" + id, "{\"size\":3}").expectStatus(202).json();
      assertThat(growing.get("size").asInt()).isEqualTo(3);
      awaitWorkers(id, masterUi, 3);
      Map<String, Long> grown = Clusters.pids(admin, id);
      assertThat(grown).containsKeys("worker-1", "worker-2");
      assertThat(grown.get("master-0")).isEqualTo(before.get("master-0"));
      assertThat(grown.get("worker-0"))
          .as("the existing worker is not restarted")
          .isEqualTo(before.get("worker-0"));
      String history = admin.get("/api/v1/clusters/" + id).json().get("history").toString();
      assertThat(history).contains("ready → configuring", "resizing from 1 to 3");

      admin.patch("/api/v1/clusters/" + id, "{\"size\":1}").expectStatus(202);
      awaitWorkers(id, masterUi, 1);
      Map<String, Long> shrunk = Clusters.pids(admin, id);
      assertThat(shrunk).containsOnlyKeys("master-0", "worker-0");
      assertThat(shrunk.get("worker-0")).isEqualTo(before.get("worker-0"));
      // By marker, not by pid alone: a pid is soon reused on this machine (pid_max 32768).
      assertThat(Clusters.markedProcesses(id))
          .as("the removed workers' processes are stopped")
          .doesNotContain(grown.get("worker-1"), grown.get("worker-2"));
      String events = admin.get("/api/v1/clusters/" + id + "/events?size=100").json().toString();
      assertThat(events).contains("RESIZE", "resizing from 3 to 1: 0 nodes added, 2 removed");
    } finally {
      admin.delete("/api/v1/clusters/" + id).expectStatus(202);
      Clusters.awaitStatus(admin, id, "destroyed", Duration.ofSeconds(90));
    }
    assertThat(Clusters.markedProcesses(id)).isEmpty();
  }

  /** Waits until the cluster is ready again and the master counts exactly {@code workers}. */
  private static void awaitWorkers(String id, String masterUi, int workers) {
    await()
        .atMost(READY)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(admin.get("/api/v1/clusters/" + id).json().get("status").asString())
                  .isEqualTo("ready");
              assertThat(engineJson(masterUi + "json/").get("aliveworkers").asInt())
                  .isEqualTo(workers);
            });
  }

  @Test
  void flinkClusterRegistersItsTaskManager() throws Exception {
    String id = Clusters.create(admin, "{\"product\":\"flink\",\"version\":\"2.3.0\",\"size\":1}");
    try {
      JsonNode ready = Clusters.awaitStatus(admin, id, "ready", READY);
      String rest = ready.get("endpoints").get("rest").asString();
      JsonNode overview = engineJson(rest + "overview");
      assertThat(overview.get("flink-version").asString()).isEqualTo("2.3.0");
      assertThat(overview.get("taskmanagers").asInt()).isEqualTo(1);
      assertThat(overview.get("slots-total").asInt()).isEqualTo(2);
      JsonNode taskManagers = engineJson(rest + "taskmanagers").get("taskmanagers");
      assertThat(taskManagers.get(0).get("id").asString()).isEqualTo("taskmanager-0");
      assertThat(Clusters.markedProcesses(id)).hasSize(2);

      // A streaming job survives the loss of its TaskManager: it resumes from its last checkpoint
      // once the platform has replaced the TaskManager.
      // Only a client with the cluster's own TLS identity gets through, to read or to upload jobs.
      assertThatThrownBy(() -> engineGet(rest + "overview", Optional.empty()))
          .isInstanceOf(java.io.IOException.class);
      assertThatThrownBy(
              () -> engineGet(rest + "overview", Optional.of(EngineSecret.generate("another"))))
          .isInstanceOf(java.io.IOException.class);
      String job =
          FlinkJobs.run(
              rest,
              FlinkJobs.countingJobJar(TestServer.runtimeDir()),
              client(Optional.of(secretOf(rest))));
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  engineJson(rest + "jobs/" + job + "/checkpoints").at("/counts/completed").asInt()
                      >= 1);
      long taskManagerPid = Clusters.pids(admin, id).get("taskmanager-0");
      ProcessHandle.of(taskManagerPid).orElseThrow().destroyForcibly(); // kill -9
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                JsonNode checkpoints = engineJson(rest + "jobs/" + job + "/checkpoints");
                assertThat(checkpoints.at("/counts/restored").asInt())
                    .as(
                        "restored from a checkpoint; job %s",
                        engineJson(rest + "jobs/" + job).get("state"))
                    .isGreaterThanOrEqualTo(1);
                assertThat(engineJson(rest + "jobs/" + job).get("state").asString())
                    .isEqualTo("RUNNING");
              });
      assertThat(node(id, "taskmanager-0").get("restarts").asInt()).isEqualTo(1);
    } finally {
      admin.delete("/api/v1/clusters/" + id).expectStatus(202);
      Clusters.awaitStatus(admin, id, "destroyed", Duration.ofSeconds(90));
    }
    assertThat(Clusters.markedProcesses(id)).isEmpty();
  }

  private static JsonNode node(String cluster, String name) {
    for (JsonNode node : admin.get("/api/v1/clusters/" + cluster + "/nodes").json()) {
      if (node.get("name").asString().equals(name)) {
        return node;
      }
    }
    throw new AssertionError("no node " + name + " in " + cluster);
  }

  /** A GET of the engine's endpoint with the cluster's own credential, as the platform sends it. */
  private static JsonNode engineJson(String url) throws Exception {
    HttpResponse<String> response = engineGet(url, Optional.of(secretOf(url)));
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    return JsonMapper.builder().build().readTree(response.body());
  }

  private static int engineStatus(String url, Optional<EngineSecret> secret) throws Exception {
    return engineGet(url, secret).statusCode();
  }

  /** With a secret: its bearer token, and over https its TLS identity as client certificate. */
  private static HttpResponse<String> engineGet(String url, Optional<EngineSecret> secret)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    secret.ifPresent(s -> request.header("Authorization", "Bearer " + s.bearer()));
    return client(secret).send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpClient client(Optional<EngineSecret> secret) {
    HttpClient.Builder client = HttpClient.newBuilder();
    secret.filter(s -> !s.keyStore().isEmpty()).ifPresent(s -> client.sslContext(s.clientTls()));
    return client.build();
  }

  /** The credentials of the cluster whose endpoint {@code url} is, from the platform's store. */
  private static EngineSecret secretOf(String url) {
    int port = URI.create(url).getPort();
    for (JsonNode cluster : admin.get("/api/v1/clusters?size=100").json().get("items")) {
      if (cluster.get("endpoints").toString().contains(":" + port + "/")) {
        return server
            .bean(ClusterStore.class)
            .engineSecret(new ClusterId(cluster.get("id").asString()));
      }
    }
    throw new AssertionError("no cluster has an endpoint on port " + port);
  }
}
