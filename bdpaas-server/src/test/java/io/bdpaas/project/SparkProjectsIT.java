package io.bdpaas.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.Clusters;
import io.bdpaas.testing.EngineUiPages;
import io.bdpaas.testing.TestServer;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.connect.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * A Spark project on a real cluster, used through the official Spark Connect JVM client as its
 * owner would: a query with its token, refused without it or with another; an uploaded CSV file
 * queried; a table that survives stopping and starting the project; nothing left after deleting it;
 * nothing of it for another user.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // a query that finds no executor waits forever
class SparkProjectsIT {
  private static final Duration READY = Duration.ofSeconds(240);
  private static TestServer server;
  private static ApiClient alice;
  private static ApiClient bob;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    alice = server.newUser("alice");
    bob = server.newUser("bob");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aProjectRunsQueriesThroughItsOwnConnectServerAndKeepsItsTablesAcrossAStop()
      throws Exception {
    JsonNode created =
        alice
            .post(
                "/api/v1/projects",
                "{\"name\":\"sales\",\"description\":\"first try\",\"workers\":1,"
                    + "\"workerCores\":2,\"workerMemoryMb\":1024,\"connectCores\":1}")
            .expectStatus(202)
            .json();
    String id = created.get("id").asString();
    String firstCluster = created.get("clusterId").asString();
    // Another user's project, up at the same time: its token must not open this one.
    String elsewhere =
        bob.post(
                "/api/v1/projects",
                "{\"name\":\"elsewhere\",\"workers\":1,\"workerCores\":1,\"connectCores\":1}")
            .expectStatus(202)
            .json()
            .get("id")
            .asString();
    try {
      awaitProjectStatus(id, "ready");
      JsonNode connect = alice.get("/api/v1/projects/" + id + "/connect").expectStatus(200).json();
      String url = connect.get("url").asString();
      String token = connect.get("token").asString();
      assertThat(url).startsWith("sc://localhost:");

      try (SparkSession spark = session(url + "/;token=" + token)) {
        List<Row> sum = spark.sql("SELECT sum(id) AS total FROM range(100)").collectAsList();
        assertThat(sum.get(0).getLong(0)).isEqualTo(4950L);
        spark.sql("SELECT id, id * 2 AS twice FROM range(10)").write().saveAsTable("kept");

        // An uploaded file is read by the project's Spark where the API says it is.
        String path =
            alice
                .send(
                    "/api/v1/projects/" + id + "/files/trips.csv",
                    builder ->
                        builder.PUT(
                            HttpRequest.BodyPublishers.ofString(
                                "city,km\nZürich,12\nGenève,30\nZürich,8\n")))
                .expectStatus(201)
                .json()
                .get("path")
                .asString();
        List<Row> trips =
            spark
                .read()
                .option("header", true)
                .option("inferSchema", true)
                .csv(path)
                .groupBy("city")
                .sum("km")
                .orderBy("city")
                .collectAsList();
        assertThat(trips).hasSize(2);
        assertThat(trips.get(1).getString(0)).isEqualTo("Zürich");
        assertThat(trips.get(1).getLong(1)).isEqualTo(20L);
      }
      sparkUisAreServedThroughThePlatform(firstCluster);
      assertRefused(url + "/", "UNAUTHENTICATED");
      assertRefused(url + "/;token=" + token + "x", "UNAUTHENTICATED");
      awaitProjectStatus(bob, elsewhere, "ready");
      String othersToken =
          bob.get("/api/v1/projects/" + elsewhere + "/connect").json().get("token").asString();
      assertRefused(url + "/;token=" + othersToken, "UNAUTHENTICATED");
      bob.delete("/api/v1/projects/" + elsewhere).expectStatus(204);

      // Another user sees nothing of it.
      bob.get("/api/v1/projects/" + id).expectProblem(404, "NOT_FOUND");
      bob.get("/api/v1/projects/" + id + "/connect").expectProblem(404, "NOT_FOUND");
      bob.post("/api/v1/projects/" + id + "/stop", "").expectProblem(404, "NOT_FOUND");
      bob.delete("/api/v1/projects/" + id).expectProblem(404, "NOT_FOUND");
      assertThat(bob.get("/api/v1/projects").json().get("items").findValuesAsString("id"))
          .doesNotContain(id);

      JsonNode stopped =
          alice.post("/api/v1/projects/" + id + "/stop", "").expectStatus(200).json();
      assertThat(stopped.get("status").asString()).isEqualTo("stopped");
      Clusters.awaitStatus(alice, firstCluster, "destroyed", Duration.ofSeconds(90));
      assertThat(Clusters.markedProcesses(firstCluster)).isEmpty();

      JsonNode restarted =
          alice.post("/api/v1/projects/" + id + "/start", "").expectStatus(202).json();
      assertThat(restarted.get("clusterId").asString()).isNotEqualTo(firstCluster);
      awaitProjectStatus(id, "ready");
      String again = alice.get("/api/v1/projects/" + id + "/connect").json().get("url").asString();
      try (SparkSession spark = session(again + "/;token=" + token)) {
        List<Row> kept = spark.sql("SELECT sum(twice) FROM kept").collectAsList();
        assertThat(kept.get(0).getLong(0)).isEqualTo(90L);
      }
    } finally {
      bob.delete("/api/v1/projects/" + elsewhere); // already gone unless the test failed early
      String last = alice.get("/api/v1/projects/" + id).json().get("clusterId").asString();
      alice.delete("/api/v1/projects/" + id).expectStatus(204);
      Clusters.awaitStatus(alice, last, "destroyed", Duration.ofSeconds(90));
      assertThat(Clusters.markedProcesses(last)).isEmpty();
    }
    alice.get("/api/v1/projects/" + id).expectProblem(404, "NOT_FOUND");
    Path storage = server.dataDir().resolve("storage");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        Files.exists(storage) && Files.walk(storage).anyMatch(p -> p.endsWith(id)))
                    .as("the project's storage area is deleted")
                    .isFalse());
  }

  @Test
  void badRequestsNameEveryProblemAndTheProjectsQuotaIsEnforcedAtOnce() {
    JsonNode problem =
        alice
            .post(
                "/api/v1/projects",
                "{\"name\":\"Bad Name\",\"kind\":\"hadoop\",\"workers\":0,\"workerCores\":99,"
                    + "\"workerMemoryMb\":1,\"connectCores\":0}")
            .expectProblem(400, "VALIDATION_FAILED");
    assertThat(problem.get("problems").toString())
        .contains(
            "\"name\"",
            "\"kind\"",
            "\"workers\"",
            "\"workerCores\"",
            "\"workerMemoryMb\"",
            "\"connectCores\"");

    ApiClient admin = server.admin();
    admin
        .patch(
            "/api/v1/admin/users/" + userId("alice"),
            "{\"quota\":{\"cores\":8,\"memoryMb\":16384,\"projects\":0}}")
        .expectStatus(200);
    try {
      JsonNode quota =
          alice
              .post("/api/v1/projects", "{\"name\":\"over\"}")
              .expectProblem(422, "QUOTA_EXCEEDED");
      assertThat(quota.get("detail").asString()).contains("projects quota of alice is 0");
      assertThat(alice.get("/api/v1/projects").json().get("items")).isEmpty();
    } finally {
      admin
          .patch(
              "/api/v1/admin/users/" + userId("alice"),
              "{\"quota\":{\"cores\":8,\"memoryMb\":16384,\"projects\":5}}")
          .expectStatus(200);
    }
  }

  private static long userId(String username) {
    for (JsonNode user : server.admin().get("/api/v1/admin/users?size=100").json().get("items")) {
      if (user.get("username").asString().equals(username)) {
        return user.get("id").asLong();
      }
    }
    throw new AssertionError("no user " + username);
  }

  /**
   * The master's UI, its workers' and the Connect server's (a running driver) through the platform,
   * every link of theirs working there; for the owner and an admin only.
   */
  private static void sparkUisAreServedThroughThePlatform(String cluster) {
    String prefix = EngineUiPages.prefix(cluster);
    ApiClient.Response bare = alice.get(prefix).expectStatus(302);
    assertThat(bare.header("Location")).contains(prefix + "/");

    ApiClient.Response masterPage =
        EngineUiPages.open(alice, cluster, prefix + "/").expectStatus(200);
    // Spark's pages run inline scripts: they get a policy of their own, not the console's.
    assertThat(masterPage.header("Content-Security-Policy"))
        .hasValueSatisfying(
            policy -> assertThat(policy).contains("script-src 'self' 'unsafe-inline'"));
    String master = masterPage.body();
    assertThat(master).contains("Spark Master at spark://");
    List<String> links = EngineUiPages.links(master);
    assertThat(links)
        .as("every root-absolute link of the master's page")
        .isNotEmpty()
        .allSatisfy(link -> assertThat(link).startsWith(prefix + "/"));
    String worker =
        links.stream().filter(link -> link.contains("/proxy/worker-")).findFirst().orElseThrow();
    String connect =
        links.stream().filter(link -> link.contains("/proxy/app-")).findFirst().orElseThrow();
    for (String link : links) {
      if (!link.contains("logPage")) {
        EngineUiPages.open(alice, cluster, link).expectStatus(200);
      }
    }
    assertThat(EngineUiPages.open(alice, cluster, worker).body()).contains("Spark Worker at");

    ApiClient.Response driver = EngineUiPages.open(alice, cluster, connect).expectStatus(200);
    assertThat(driver.body()).contains("Spark Jobs");
    List<String> driverLinks = EngineUiPages.links(driver.body());
    assertThat(driverLinks)
        .isNotEmpty()
        .allSatisfy(link -> assertThat(link).startsWith(prefix + "/"));
    for (String link : driverLinks) {
      EngineUiPages.open(alice, cluster, link).expectStatus(200);
    }

    ApiClient admin = server.admin();
    assertThat(EngineUiPages.open(admin, cluster, prefix + "/").expectStatus(200).body())
        .contains("Spark Master at spark://");
    bob.get(prefix + "/").expectStatus(404);
    bob.get(connect).expectStatus(404);
    ApiClient.Response anonymous = ApiClient.anonymous(server).get(prefix + "/");
    assertThat(anonymous.status()).isEqualTo(302);
    assertThat(anonymous.header("Location")).contains("/login");
    // Read-only: the master's kill form does not get through.
    alice.post(prefix + "/app/kill/", "{}").expectStatus(405);
  }

  private static void awaitProjectStatus(String id, String status) {
    awaitProjectStatus(alice, id, status);
  }

  private static void awaitProjectStatus(ApiClient owner, String id, String status) {
    await()
        .atMost(READY)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              JsonNode project = owner.get("/api/v1/projects/" + id).json();
              assertThat(project.get("status").asString()).isNotEqualTo("failed");
              assertThat(project.get("status").asString()).isEqualTo(status);
            });
  }

  private static SparkSession session(String url) {
    return (SparkSession) SparkSession.builder().remote(url).create();
  }

  /** The client fails with this status within a minute: it never retries a refusal for long. */
  private static void assertRefused(String url, String status) throws Exception {
    CompletableFuture<Void> attempt =
        CompletableFuture.runAsync(
            () -> {
              try (SparkSession spark = session(url)) {
                spark.sql("SELECT 1").collectAsList();
              }
            });
    assertThatThrownBy(() -> attempt.get(60, TimeUnit.SECONDS)).hasStackTraceContaining(status);
  }
}
