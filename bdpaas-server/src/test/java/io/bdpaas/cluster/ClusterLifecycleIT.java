package io.bdpaas.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.Clusters;
import io.bdpaas.testing.TestServer;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The cluster lifecycle through the API, with the built-in hello product: each node is a real JVM
 * (a small HTTP server started from Java source) supervised by the local backend.
 */
class ClusterLifecycleIT {
  private static final Duration READY = Duration.ofSeconds(120);
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
  void helloClusterGoesThroughEveryStatusAndDestroyLeavesNoProcess() {
    String id =
        Clusters.create(
            admin,
            "{\"product\":\"hello\",\"version\":\"1.0.0\",\"size\":2,\"name\":\"lifecycle\"}");

    JsonNode ready = Clusters.awaitStatus(admin, id, "ready", READY);

    assertThat(ready.get("name").asString()).isEqualTo("lifecycle");
    assertThat(ready.get("history").get(0).get("transition").asString()).startsWith("registered");
    assertThat(ready.get("history").toString()).contains("configured → ready");
    assertThat(ready.get("nodes").asInt()).isEqualTo(2);
    assertThat(ready.get("endpoints").get("health").asString()).startsWith("http://127.0.0.1:");
    JsonNode nodes = admin.get("/api/v1/clusters/" + id + "/nodes").expectStatus(200).json();
    assertThat(nodes).hasSize(2);
    for (JsonNode node : nodes) {
      assertThat(node.get("state").asString()).isEqualTo("running");
      assertThat(Long.parseLong(node.get("instance").asString()))
          .as("a local node runs as a process")
          .isPositive();
      assertThat(node.get("ports").get("http").asInt()).isPositive();
      assertThat(node.get("memoryBytes").asLong()).isPositive();
      // The node answers on its own port: it really runs.
      assertThat(
              ApiClient.anonymous(server)
                  .send(
                      "/",
                      b ->
                          b.uri(
                                  java.net.URI.create(
                                      "http://127.0.0.1:"
                                          + node.get("ports").get("http").asInt()
                                          + "/health"))
                              .GET())
                  .body())
          .contains("\"status\":\"UP\"", node.get("name").asString());
    }
    assertThat(Clusters.markedProcesses(id)).hasSize(2);
    List<String> history = statusHistory(id);
    assertThat(history)
        .containsSubsequence(
            "registered → scheduling",
            "scheduling → scheduled",
            "scheduled → configuring",
            "configuring → configured",
            "configured → ready");
    JsonNode services = admin.get("/api/v1/clusters/" + id + "/services").expectStatus(200).json();
    assertThat(services.get(0).get("name").asString()).isEqualTo("hello");
    assertThat(services.get(0).get("state").asString()).isEqualTo("running");

    admin.delete("/api/v1/clusters/" + id).expectStatus(202);

    Clusters.awaitStatus(admin, id, "destroyed", Duration.ofSeconds(60));
    assertThat(Clusters.markedProcesses(id)).isEmpty();
    assertThat(statusHistory(id)).contains("ready → destroyed");
    assertThat(server.dataDir().resolve("clusters").resolve(id))
        .as("the working directory goes with the cluster")
        .doesNotExist();
  }

  @Test
  void aClientWaitsForAStatusInOneRequestInsteadOfPolling() throws Exception {
    ApiClient owner = server.newUser("cluster-waiter");
    String id = Clusters.create(owner, "{\"product\":\"hello\",\"version\":\"1.0.0\"}");
    String path = "/api/v1/clusters/" + id;

    JsonNode ready =
        owner
            .send(path + "?until=ready&wait=60", b -> b.timeout(Duration.ofSeconds(90)).GET())
            .expectStatus(200)
            .json();
    assertThat(ready.get("status").asString()).isEqualTo("ready");
    assertThat(ready.get("history").toString()).contains("configured → ready");

    // Bad values are named, another user's cluster is not there, and a status that does not come
    // answers after the wait with the cluster as it is.
    JsonNode problem =
        owner.get(path + "?until=running&wait=0").expectProblem(400, "VALIDATION_FAILED");
    assertThat(problem.get("problems").findValuesAsString("field"))
        .containsExactlyInAnyOrder("until", "wait");
    server.newUser("cluster-peeker").get(path + "?until=ready").expectProblem(404, "NOT_FOUND");
    long before = System.nanoTime();
    JsonNode unchanged = owner.get(path + "?until=destroyed&wait=1").expectStatus(200).json();
    assertThat(unchanged.get("status").asString()).isEqualTo("ready");
    assertThat(Duration.ofNanos(System.nanoTime() - before))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));

    // Waits hold no thread but are limited per user; destroying the cluster answers all of them.
    ClusterWatch watch = server.bean(ClusterWatch.class);
    ExecutorService clients = Executors.newFixedThreadPool(ClusterWatch.MAX_WAITERS_PER_USER);
    try {
      List<Future<ApiClient.Response>> waits = new ArrayList<>();
      for (int i = 0; i < ClusterWatch.MAX_WAITERS_PER_USER; i++) {
        waits.add(clients.submit(() -> owner.get(path + "?until=destroyed&wait=25")));
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .until(watch::open, open -> open == ClusterWatch.MAX_WAITERS_PER_USER);
      owner.get(path + "?until=destroyed").expectProblem(429, "TOO_MANY_REQUESTS");
      admin.get(path + "?until=ready").expectStatus(200); // the limit is the user's own

      owner.delete(path).expectStatus(202);
      for (Future<ApiClient.Response> wait : waits) {
        assertThat(wait.get(30, TimeUnit.SECONDS).expectStatus(200).json().get("status").asString())
            .isEqualTo("destroyed");
      }
    } finally {
      clients.shutdownNow();
    }
    await().atMost(Duration.ofSeconds(5)).until(watch::open, open -> open == 0);
    assertThat(Clusters.markedProcesses(id)).isEmpty();
  }

  @Test
  void nodeLogsCanBeTailedAndDownloaded() {
    String id = Clusters.create(admin, "{\"product\":\"hello\",\"version\":\"1.0.0\"}");
    Clusters.awaitStatus(admin, id, "ready", READY);

    String tail =
        admin.get("/api/v1/clusters/" + id + "/nodes/node-0/log?lines=50").expectStatus(200).body();
    ApiClient.Response download =
        admin
            .get("/api/v1/clusters/" + id + "/nodes/node-0/log?download=true&stream=stdout")
            .expectStatus(200);

    assertThat(tail).contains("hello node node-0 listening on 127.0.0.1:");
    assertThat(download.header("Content-Disposition"))
        .hasValueSatisfying(h -> assertThat(h).contains("attachment"));
    assertThat(download.body()).contains("hello node node-0 listening");
    admin.get("/api/v1/clusters/" + id + "/nodes/../../../etc/log").expectStatus(400);
    admin.get("/api/v1/clusters/" + id + "/nodes/node-9/log").expectProblem(404, "NOT_FOUND");
    admin
        .get("/api/v1/clusters/" + id + "/nodes/node-0/log?stream=journal")
        .expectProblem(400, "VALIDATION_FAILED");

    admin.delete("/api/v1/clusters/" + id).expectStatus(202);
    Clusters.awaitStatus(admin, id, "destroyed", Duration.ofSeconds(60));
  }

  @Test
  void usersCannotSeeOrDestroyAnotherUsersCluster() {
    ApiClient owner = server.newUser("cluster-owner");
    ApiClient other = server.newUser("cluster-other");
    String id = Clusters.create(owner, "{\"product\":\"hello\",\"version\":\"1.0.0\"}");

    other.get("/api/v1/clusters/" + id).expectProblem(404, "NOT_FOUND");
    other.delete("/api/v1/clusters/" + id).expectProblem(404, "NOT_FOUND");
    other.get("/api/v1/clusters/" + id + "/nodes").expectProblem(404, "NOT_FOUND");
    other.get("/api/v1/clusters/" + id + "/events").expectProblem(404, "NOT_FOUND");
    other.get("/api/v1/clusters/" + id + "/nodes/node-0/log").expectProblem(404, "NOT_FOUND");
    assertThat(other.get("/api/v1/clusters").json().get("totalItems").asLong()).isZero();
    assertThat(
            admin
                .get("/api/v1/clusters?owner=cluster-owner")
                .json()
                .get("items")
                .get(0)
                .get("id")
                .asString())
        .isEqualTo(id);
    ApiClient.anonymous(server).get("/api/v1/clusters/" + id).expectProblem(401, "UNAUTHENTICATED");

    owner.delete("/api/v1/clusters/" + id).expectStatus(202);
    Clusters.awaitStatus(owner, id, "destroyed", Duration.ofSeconds(120));
  }

  @Test
  void aClientPollingTheListGetsNotModifiedUntilItChanges() {
    ApiClient poller = server.newUser("list-poller");
    ApiClient.Response first = poller.get("/api/v1/clusters").expectStatus(200);
    String tag = first.header("ETag").orElseThrow();

    ApiClient.Response unchanged =
        poller.send("/api/v1/clusters", request -> request.header("If-None-Match", tag).GET());
    assertThat(unchanged.status()).isEqualTo(304);
    assertThat(unchanged.body()).isEmpty();

    String id = Clusters.create(poller, "{\"product\":\"hello\",\"version\":\"1.0.0\"}");
    ApiClient.Response changed =
        poller.send("/api/v1/clusters", request -> request.header("If-None-Match", tag).GET());
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.header("ETag")).isPresent().get().isNotEqualTo(tag);
    assertThat(changed.json().get("items").get(0).get("id").asString()).isEqualTo(id);

    poller.delete("/api/v1/clusters/" + id).expectStatus(202);
    Clusters.awaitStatus(poller, id, "destroyed", Duration.ofSeconds(120));
  }

  @Test
  void badClusterRequestsNameEveryProblem() {
    JsonNode problem =
        admin
            .post(
                "/api/v1/clusters",
                "{\"product\":\"spark\",\"version\":\"4.2.0\",\"size\":0,\"name\":\"Bad Name\","
                    + "\"options\":{\"worker.cores\":\"two\",\"worker.memmory\":1024}}")
            .expectProblem(400, "VALIDATION_FAILED");
    assertThat(problem.get("problems").findValuesAsString("field"))
        .containsExactlyInAnyOrder(
            "size", "name", "options.worker.cores", "options.worker.memmory");

    JsonNode missing = admin.post("/api/v1/clusters", "{}").expectProblem(400, "VALIDATION_FAILED");
    assertThat(missing.get("problems").findValuesAsString("field"))
        .containsExactlyInAnyOrder("product", "version");

    JsonNode unknown =
        admin
            .post("/api/v1/clusters", "{\"product\":\"hadoop\",\"version\":\"3\"}")
            .expectProblem(400, "VALIDATION_FAILED");
    assertThat(unknown.get("detail").asString()).contains("no product hadoop 3");

    admin
        .post("/api/v1/clusters", "{\"product\":\"hello\",\"version\":\"1.0.0\",\"size\":\"big\"}")
        .expectProblem(400, "VALIDATION_FAILED");
    admin.get("/api/v1/clusters?status=running").expectProblem(400, "VALIDATION_FAILED");
    admin.get("/api/v1/clusters/not-an-id").expectProblem(404, "NOT_FOUND");
    admin.get("/api/v1/clusters/c-00000000").expectProblem(404, "NOT_FOUND");
  }

  @Test
  void aCreateRetriedWithItsIdempotencyKeyGetsTheSameClusterNotASecondOne() {
    ApiClient user = server.newUser("retrying-user");
    String body = "{\"product\":\"hello\",\"version\":\"1.0.0\",\"size\":1}";

    ApiClient.Response first = createWithKey(user, "retry-1", body).expectStatus(202);
    ApiClient.Response retry = createWithKey(user, "retry-1", body).expectStatus(202);

    String id = first.json().get("id").asString();
    assertThat(retry.json().get("id").asString()).isEqualTo(id);
    assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
    assertThat(user.get("/api/v1/clusters").json().get("totalItems").asLong())
        .as("one cluster for two requests with one key")
        .isEqualTo(1);
    assertThat(
            createWithKey(user, "retry-1", body.replace("\"size\":1", "\"size\":2"))
                .expectProblem(409, "CONFLICT")
                .get("detail")
                .asString())
        .contains("Idempotency-Key", "different request");
    String otherUsers =
        createWithKey(server.newUser("other-retrying-user"), "retry-1", body)
            .expectStatus(202)
            .json()
            .get("id")
            .asString();
    assertThat(otherUsers).as("keys are scoped per user").isNotEqualTo(id);

    user.delete("/api/v1/clusters/" + id).expectStatus(202);
    admin.delete("/api/v1/clusters/" + otherUsers).expectStatus(202);
    Clusters.awaitStatus(user, id, "destroyed", Duration.ofSeconds(60));
    Clusters.awaitStatus(admin, otherUsers, "destroyed", Duration.ofSeconds(60));
  }

  private static ApiClient.Response createWithKey(ApiClient client, String key, String json) {
    return client.send(
        "/api/v1/clusters",
        request ->
            request
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  @Test
  void clustersWaitForRoomAndOnesThatCanNeverFitFailAtOnce() {
    // A platform with a quarter of a core to hand out: hello nodes reserve 0.1 core each.
    try (TestServer small =
        TestServer.start(
            Map.of("bdpaas.http.secure-cookies", "false", "bdpaas.local.cores", "0.25"))) {
      ApiClient client = small.admin();
      String first =
          Clusters.create(client, "{\"product\":\"hello\",\"version\":\"1.0.0\",\"size\":2}");
      Clusters.awaitStatus(client, first, "ready", READY);

      String waiting =
          Clusters.create(client, "{\"product\":\"hello\",\"version\":\"1.0.0\",\"size\":1}");
      String never =
          Clusters.create(client, "{\"product\":\"hello\",\"version\":\"1.0.0\",\"size\":3}");

      JsonNode failed = Clusters.awaitStatus(client, never, "failed", Duration.ofSeconds(30));
      assertThat(failed.get("statusReason").asString()).contains("needs 0.3 cores", "has 0.25");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                JsonNode cluster = client.get("/api/v1/clusters/" + waiting).json();
                assertThat(cluster.get("status").asString()).isEqualTo("scheduling");
                assertThat(cluster.get("statusReason").asString()).contains("waiting for capacity");
              });

      client.delete("/api/v1/clusters/" + first).expectStatus(202);

      Clusters.awaitStatus(client, waiting, "ready", READY);
      client.delete("/api/v1/clusters/" + waiting).expectStatus(202);
      Clusters.awaitStatus(client, waiting, "destroyed", Duration.ofSeconds(60));
    }
  }

  @Test
  void clustersOverTheOwnersQuotaWaitOrAreRefused() {
    ApiClient user = server.newUser("quota-user");
    long userId = user.get("/api/v1/me").json().get("id").asLong();
    admin
        .patch(
            "/api/v1/admin/users/" + userId,
            "{\"quota\":{\"cores\":1,\"memoryMb\":300,\"projects\":1}}")
        .expectStatus(200);

    JsonNode tooBig =
        user.post("/api/v1/clusters", "{\"product\":\"hello\",\"version\":\"1.0.0\",\"size\":4}")
            .expectProblem(422, "QUOTA_EXCEEDED");
    String one = Clusters.create(user, "{\"product\":\"hello\",\"version\":\"1.0.0\",\"size\":2}");
    String other =
        Clusters.create(user, "{\"product\":\"hello\",\"version\":\"1.0.0\",\"size\":2}");
    // Either may be admitted first (the reconciler's workers take both at once); the other waits.
    String fits =
        await()
            .atMost(READY)
            .until(
                () ->
                    Stream.of(one, other)
                        .filter(
                            id ->
                                user.get("/api/v1/clusters/" + id)
                                    .json()
                                    .get("status")
                                    .asString()
                                    .equals("ready"))
                        .findFirst()
                        .orElse(null),
                java.util.Objects::nonNull);
    String waits = fits.equals(one) ? other : one;

    assertThat(tooBig.get("detail").asString()).contains("quota is 300 MiB");
    assertThat(user.get("/api/v1/clusters").json().get("items"))
        .as("the refused create registered nothing")
        .hasSize(2);
    Clusters.awaitStatus(user, fits, "ready", READY);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        user.get("/api/v1/clusters/" + waits).json().get("statusReason").asString())
                    .contains("waiting for quota"));

    user.delete("/api/v1/clusters/" + fits).expectStatus(202);
    Clusters.awaitStatus(user, waits, "ready", READY);
    user.delete("/api/v1/clusters/" + waits).expectStatus(202);
    Clusters.awaitStatus(user, waits, "destroyed", Duration.ofSeconds(60));
  }

  private static List<String> statusHistory(String id) {
    JsonNode events =
        admin.get("/api/v1/clusters/" + id + "/events?size=200").expectStatus(200).json();
    List<String> history = new java.util.ArrayList<>();
    for (JsonNode event : events.get("items")) {
      if (event.get("type").asString().equals("STATUS")) {
        String message = event.get("message").asString();
        int colon = message.indexOf(':');
        history.add(0, colon > 0 ? message.substring(0, colon) : message);
      }
    }
    return history;
  }
}
