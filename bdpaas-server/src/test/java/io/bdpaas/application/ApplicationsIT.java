package io.bdpaas.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.Clusters;
import io.bdpaas.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * The all-applications list on a real server: a Spark job run of one user and a streaming
 * application of another, both waiting for their stopped projects (real projects, stopped at once:
 * what is listed needs no running engine), seen whole by an admin and each by its owner only,
 * filtered, searched, sorted and paged, and killed from the list.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApplicationsIT {
  private static TestServer server;
  private static ApiClient admin;
  private static ApiClient alice;
  private static ApiClient bob;
  private static String run;
  private static String streamApp;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.admin();
    alice = server.newUser("apps-alice");
    bob = server.newUser("apps-bob");

    String sparkProject =
        stoppedProject(
            alice, "{\"name\":\"alice-jobs\",\"workers\":1,\"workerCores\":1,\"connectCores\":1}");
    String job =
        alice
            .post(
                "/api/v1/projects/" + sparkProject + "/jobs",
                "{\"name\":\"nightly-report\",\"definition\":{\"kind\":\"sql\",\"sql\":\"SELECT"
                    + " 1\"}}")
            .expectStatus(201)
            .json()
            .get("id")
            .asString();
    run =
        alice
            .post("/api/v1/projects/" + sparkProject + "/jobs/" + job + "/runs", "{}")
            .expectStatus(202)
            .json()
            .get("id")
            .asString();

    String streamingProject =
        stoppedProject(bob, "{\"name\":\"bob-streams\",\"kind\":\"streaming\"}");
    streamApp =
        bob.post(
                "/api/v1/projects/" + streamingProject + "/applications",
                "{\"packageName\":\"wordcount-demo\"}")
            .expectStatus(202)
            .json()
            .get("id")
            .asString();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Order(1)
  void anAdminSeesEveryUsersApplicationsAndAUserOnlyTheirOwn() {
    JsonNode all = list(admin, "");
    assertThat(ids(all)).containsExactlyInAnyOrder(run, streamApp);
    JsonNode spark = byId(all, run);
    assertThat(spark.get("type").asString()).isEqualTo("spark");
    assertThat(spark.get("user").asString()).isEqualTo("apps-alice");
    assertThat(spark.get("name").asString()).isEqualTo("nightly-report");
    assertThat(spark.get("projectName").asString()).isEqualTo("alice-jobs");
    assertThat(spark.get("phase").asString()).isEqualTo("pending");
    assertThat(spark.get("finalStatus").asString()).isEqualTo("undefined");
    assertThat(spark.get("message").asString()).contains("is stopped");
    assertThat(spark.get("link").asString()).endsWith("/runs/" + run);
    JsonNode stream = byId(all, streamApp);
    assertThat(stream.get("type").asString()).isEqualTo("streaming");
    assertThat(stream.get("user").asString()).isEqualTo("apps-bob");
    assertThat(stream.get("name").asString()).isEqualTo("wordcount");
    assertThat(stream.get("detail").asString()).isEqualTo("wordcount-demo @ 1.0.0");
    assertThat(stream.get("state").asString()).isEqualTo("launching");
    assertThat(stream.get("link").asString()).endsWith("/applications/" + streamApp);

    assertThat(ids(list(alice, ""))).containsExactly(run);
    assertThat(ids(list(bob, ""))).containsExactly(streamApp);
    // Naming another user changes nothing for a user: they see only their own.
    assertThat(ids(list(alice, "user=apps-bob"))).isEmpty();
    alice.get("/api/v1/applications/" + streamApp).expectProblem(404, "NOT_FOUND");
    assertThat(bob.get("/api/v1/applications/" + streamApp).json().get("id").asString())
        .isEqualTo(streamApp);
  }

  @Test
  @Order(2)
  void filtersSearchSortingAndPaging() {
    assertThat(ids(list(admin, "type=streaming"))).containsExactly(streamApp);
    assertThat(ids(list(admin, "type=spark&phase=pending"))).containsExactly(run);
    assertThat(ids(list(admin, "phase=running"))).isEmpty();
    assertThat(ids(list(admin, "user=apps-alice"))).containsExactly(run);
    assertThat(ids(list(admin, "q=WordCount-DEMO"))).containsExactly(streamApp);
    assertThat(ids(list(admin, "q=alice-jobs"))).containsExactly(run);
    assertThat(ids(list(admin, "q=%25"))).as("a LIKE wildcard is taken literally").isEmpty();
    assertThat(ids(list(admin, "sort=name&order=asc"))).containsExactly(run, streamApp);
    assertThat(ids(list(admin, "sort=name&order=desc"))).containsExactly(streamApp, run);
    assertThat(ids(list(admin, "sort=user&order=desc"))).containsExactly(streamApp, run);

    JsonNode first = list(admin, "size=1&sort=name&order=asc");
    assertThat(first.get("totalItems").asLong()).isEqualTo(2);
    assertThat(ids(first)).containsExactly(run);
    assertThat(ids(list(admin, "size=1&page=1&sort=name&order=asc"))).containsExactly(streamApp);

    JsonNode problems =
        admin
            .get("/api/v1/applications?type=batch&phase=done&sort=size&order=up&project=../x")
            .expectProblem(400, "VALIDATION_FAILED");
    assertThat(problems.toString()).contains("type", "phase", "sort", "order", "project");
  }

  @Test
  @Order(4)
  void theOverviewCountsApplicationsByTypeAndPhaseForEachReader() {
    JsonNode platform = admin.get("/api/v1/overview").expectStatus(200).json();
    assertThat(platform.get("scope").asString()).isEqualTo("platform");
    assertThat(platform.get("applications").get("spark").get("pending").asLong()).isEqualTo(1);
    assertThat(platform.get("applications").get("streaming").get("pending").asLong()).isEqualTo(1);
    assertThat(platform.get("applications").get("spark").get("running").asLong()).isZero();
    JsonNode alices = alice.get("/api/v1/overview").expectStatus(200).json();
    assertThat(alices.get("scope").asString()).isEqualTo("user");
    assertThat(alices.get("applications").get("spark").get("pending").asLong()).isEqualTo(1);
    assertThat(alices.get("applications").get("streaming").get("pending").asLong()).isZero();
    assertThat(alices.get("resources").get("capacityOf").asString()).isEqualTo("your quota");
    // Both projects are stopped: no cluster holds anything.
    assertThat(alices.get("resources").get("allocatedCores").asDouble()).isZero();
    assertThat(alices.get("nodes").get("total").asInt()).isZero();
    assertThat(alice.get("/overview").expectStatus(200).body()).contains("/js/overview.js");
  }

  @Test
  @Order(5)
  void anAdminSeesEachTenantAndTheControlPlanesHealth() {
    JsonNode tenants = admin.get("/api/v1/admin/tenants?size=500").expectStatus(200).json();
    JsonNode alices = tenantNamed(tenants, "apps-alice");
    assertThat(alices.get("projects").asLong()).isEqualTo(1);
    assertThat(alices.get("runningProjects").asLong()).isZero();
    assertThat(alices.get("clusters").asLong()).isZero();
    assertThat(alices.get("quotaCores").asInt()).isPositive();
    assertThat(alices.get("storageBytes").asLong()).as("the sample dataset").isPositive();
    assertThat(tenantNamed(tenants, "apps-bob").get("projects").asLong()).isEqualTo(1);
    alice.get("/api/v1/admin/tenants").expectStatus(403);

    JsonNode health = admin.get("/api/v1/admin/health").expectStatus(200).json();
    assertThat(health.get("database").get("reachable").asBoolean()).isTrue();
    assertThat(health.get("jvm").get("heapUsedBytes").asLong()).isPositive();
    List<String> kinds = new ArrayList<>();
    for (JsonNode kernel : health.get("reconcilers")) {
      kinds.add(kernel.get("kind").asString());
      assertThat(kernel.get("failing").asInt()).isZero();
    }
    assertThat(kinds).containsExactly("cluster", "job-run", "stream-app");
    alice.get("/api/v1/admin/health").expectStatus(403);
    assertThat(admin.get("/admin/tenants").expectStatus(200).body()).contains("/js/tenants.js");
  }

  @Test
  @Order(8)
  void disablingAUserStopsTheirClustersAndDeletesNothing() {
    String cluster =
        Clusters.create(
            bob,
            "{\"name\":\"bobs-hello\",\"product\":\"hello\",\"version\":\"1.0.0\",\"size\":1}");
    Clusters.awaitStatus(bob, cluster, "ready", Duration.ofMinutes(2));
    long bobId =
        tenantNamed(admin.get("/api/v1/admin/tenants?size=500").json(), "apps-bob")
            .get("id")
            .asLong();
    admin.patch("/api/v1/admin/users/" + bobId, "{\"enabled\":false}").expectStatus(200);
    Clusters.awaitStatus(admin, cluster, "destroyed", Duration.ofMinutes(1));
    // Nothing deleted: his project and its application are still there.
    assertThat(ids(list(admin, "user=apps-bob"))).containsExactly(streamApp);
    JsonNode bobs = tenantNamed(admin.get("/api/v1/admin/tenants?size=500").json(), "apps-bob");
    assertThat(bobs.get("enabled").asBoolean()).isFalse();
    assertThat(bobs.get("projects").asLong()).isEqualTo(1);
    // His API token went with his credentials: he signs in again once enabled.
    bob.get("/api/v1/me").expectStatus(401);
    admin.patch("/api/v1/admin/users/" + bobId, "{\"enabled\":true}").expectStatus(200);
  }

  @Test
  @Order(6)
  void killsFromTheListWhateverItsType() {
    alice.post("/api/v1/applications/" + streamApp + "/kill", "{}").expectStatus(404);
    assertThat(
            admin
                .post("/api/v1/applications/" + streamApp + "/kill", "{}")
                .expectStatus(202)
                .json()
                .get("id")
                .asString())
        .isEqualTo(streamApp);
    awaitPhase(bob, streamApp, "killed");
    assertThat(bob.get("/api/v1/applications/" + streamApp).json().get("finalStatus").asString())
        .isEqualTo("killed");
    admin.post("/api/v1/applications/" + streamApp + "/kill", "{}").expectProblem(409, "CONFLICT");

    alice.post("/api/v1/applications/" + run + "/kill", "{}").expectStatus(202);
    awaitPhase(alice, run, "killed");
    assertThat(ids(list(admin, "phase=killed"))).contains(run, streamApp);
  }

  @Test
  @Order(3)
  void theConsolePageIsThereForEveryone() {
    for (ApiClient reader : List.of(alice, admin)) {
      String html = reader.get("/applications").expectStatus(200).body();
      assertThat(html).contains("id=\"applications-table\"", "/js/applications.js");
    }
    assertThat(admin.get("/applications").body()).contains("id=\"filter-user\"");
    assertThat(alice.get("/applications").body()).doesNotContain("id=\"filter-user\"");
  }

  private static String stoppedProject(ApiClient owner, String body) {
    String project =
        owner.post("/api/v1/projects", body).expectStatus(202).json().get("id").asString();
    owner.post("/api/v1/projects/" + project + "/stop", "{}").expectStatus(200);
    return project;
  }

  private static void awaitPhase(ApiClient reader, String id, String phase) {
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                reader
                    .get("/api/v1/applications/" + id)
                    .expectStatus(200)
                    .json()
                    .get("phase")
                    .asString()
                    .equals(phase));
  }

  private static JsonNode list(ApiClient reader, String query) {
    return reader.get("/api/v1/applications?" + query).expectStatus(200).json();
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    for (JsonNode item : page.get("items")) {
      ids.add(item.get("id").asString());
    }
    return ids;
  }

  private static JsonNode tenantNamed(JsonNode page, String username) {
    for (JsonNode item : page.get("items")) {
      if (item.get("username").asString().equals(username)) {
        return item;
      }
    }
    throw new AssertionError(username + " is not listed: " + page);
  }

  private static JsonNode byId(JsonNode page, String id) {
    for (JsonNode item : page.get("items")) {
      if (item.get("id").asString().equals(id)) {
        return item;
      }
    }
    throw new AssertionError(id + " is not listed: " + page);
  }
}
