package io.bdpaas.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;

/** Cluster helpers for tests: create through the API and wait for a status. */
public final class Clusters {
  private Clusters() {}

  public static String create(ApiClient client, String json) {
    return client.post("/api/v1/clusters", json).expectStatus(202).json().get("id").asString();
  }

  /** Waits until the cluster reaches {@code status}; fails early if it fails instead. */
  public static JsonNode awaitStatus(ApiClient client, String id, String status, Duration timeout) {
    AtomicReference<JsonNode> last = new AtomicReference<>();
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              JsonNode cluster = client.get("/api/v1/clusters/" + id).expectStatus(200).json();
              last.set(cluster);
              if (!status.equals("failed")) {
                assertThat(cluster.get("status").asString())
                    .as("cluster %s (reason: %s)", id, cluster.get("statusReason"))
                    .isNotEqualTo("failed");
              }
              assertThat(cluster.get("status").asString()).isEqualTo(status);
            });
    return last.get();
  }

  /** Pids of live processes that carry a cluster's marker (the supervisor's own marker). */
  public static List<Long> markedProcesses(String clusterId) {
    return ProcessHandle.allProcesses()
        .filter(
            process ->
                process
                    .info()
                    .arguments()
                    .map(
                        args ->
                            List.of(args).stream()
                                .anyMatch(a -> a.startsWith("-Dbdpaas.node=" + clusterId + "/")))
                    .orElse(false))
        .map(ProcessHandle::pid)
        .toList();
  }

  /** Node name → pid, from the nodes endpoint. */
  public static Map<String, Long> pids(ApiClient client, String id) {
    JsonNode nodes = client.get("/api/v1/clusters/" + id + "/nodes").expectStatus(200).json();
    java.util.Map<String, Long> pids = new java.util.LinkedHashMap<>();
    for (JsonNode node : nodes) {
      pids.put(
          node.get("name").asString(),
          node.get("instance").isNull() ? -1L : Long.parseLong(node.get("instance").asString()));
    }
    return pids;
  }
}
