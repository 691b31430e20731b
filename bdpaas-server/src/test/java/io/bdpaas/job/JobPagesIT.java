package io.bdpaas.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.Clusters;
import io.bdpaas.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The job pages read as HTML over real HTTP, as a browser without scripts would, with no Spark
 * cluster: the project is stopped as soon as it is created, so its runs wait in state {@code
 * submitted}. A run's page is its owner's (another user and a malformed address get the console's
 * 404 page, an anonymous visitor the login page); its Kill, Rerun and the typed-name delete of a
 * job work as forms; the project page and the Jobs section carry the containers their script fills
 * with jobs and runs.
 */
class JobPagesIT {
  private static final Duration DESTROYED = Duration.ofSeconds(90);
  private static final Duration STEP = Duration.ofSeconds(30);

  private static TestServer server;
  private static ApiClient owner;
  private static ApiClient browser;
  private static ApiClient stranger;
  private static String project;
  private static String cluster;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    owner = server.newUser("run-pages-owner");
    server.newUser("run-pages-stranger");
    browser = console("run-pages-owner");
    stranger = console("run-pages-stranger");
    // The default size leaves cores to batch jobs: the project gets its sample jobs.
    project =
        owner
            .post("/api/v1/projects", "{\"name\":\"run-pages\"}")
            .expectStatus(202)
            .json()
            .get("id")
            .asString();
    cluster = owner.get("/api/v1/projects/" + project).json().get("clusterId").asString();
    owner.post("/api/v1/projects/" + project + "/stop", "{}").expectStatus(200);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      if (project != null) {
        owner.delete("/api/v1/projects/" + project).status();
        Clusters.awaitStatus(owner, cluster, "destroyed", DESTROYED);
      }
      server.close();
    }
  }

  @Test
  void aRunPageShowsAWaitingRunToItsOwnerOnly() {
    String job = jobNamed("sample-pi");
    String run = runOf(job);
    await()
        .atMost(STEP)
        .untilAsserted(
            () -> assertThat(run(run).get("waiting").asString("")).contains("is stopped"));

    String html = page(browser, runPage(run)).expectStatus(200).body();
    assertThat(html)
        .contains("id=\"run-page\"", "data-run-id=\"" + run + "\"", "data-state=\"submitted\"")
        .contains("id=\"run-job-name\">sample-pi<")
        .contains("run-state-submitted", "Waiting: the platform has the run")
        .contains("the project run-pages is stopped: start it to run this")
        .contains("io.bdpaas.samples.SparkPi", "<code>20</code>", "1 core, 512 MB")
        .contains("id=\"tab-stdout\"", "id=\"tab-stderr\"", "id=\"log-stdout\"")
        .contains(
            "href=\"/api/v1/projects/" + project + "/runs/" + run + "/log.txt?stream=stdout\"",
            "href=\"/api/v1/projects/" + project + "/runs/" + run + "/log.txt?stream=stderr\"")
        .contains("src=\"/js/jobs.js\"", "id=\"confirm-dialog\"")
        .contains("href=\"/projects/" + project + "\"");
    assertThat(openingTag(html, "kill-form"))
        .contains("data-confirm=\"Kill run " + run + " of sample-pi?")
        .doesNotContain("hidden");
    assertThat(openingTag(html, "run-refresh-hint")).doesNotContain("hidden");
    assertThat(openingTag(html, "run-error")).contains("hidden");

    // Someone else's run, or no run at all, is the console's 404 page.
    for (String path :
        new String[] {
          runPage(run),
          "/projects/" + project + "/runs/r-00000000",
          "/projects/" + project + "/runs/x",
          "/projects/p-00000000/runs/" + run
        }) {
      assertThat(page(stranger, path).expectStatus(404).body())
          .as(path)
          .contains("Not found", "id=\"account-link\"")
          .doesNotContain("sample-pi");
    }
    page(browser, "/projects/" + project + "/runs/r-00000000").expectStatus(404);
    page(browser, "/projects/" + project + "/runs/not-a-run").expectStatus(404);
    String csrf = stranger.csrfTokenOf("/projects");
    for (String action : new String[] {"kill", "rerun"}) {
      stranger.postForm(runPage(run) + "/" + action, Map.of("_csrf", csrf)).expectStatus(404);
    }
    stranger
        .postForm(
            "/projects/" + project + "/jobs/" + job + "/delete",
            Map.of("_csrf", csrf, "confirmName", "sample-pi"))
        .expectStatus(404);
    assertThat(run(run).get("state").asString()).isEqualTo("submitted");
    owner.get("/api/v1/projects/" + project + "/jobs/" + job).expectStatus(200);

    // Nobody signed in is sent to the login page.
    ApiClient.Response anonymous = page(ApiClient.anonymous(server), runPage(run));
    assertThat(anonymous.status()).isEqualTo(302);
    assertThat(anonymous.header("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));

    // The Jobs section lists runs across projects, or says there are none yet.
    assertThat(page(browser, "/jobs").expectStatus(200).body())
        .contains("id=\"all-runs\"", "id=\"runs-project\"", "src=\"/js/jobs.js\"")
        .doesNotContain("id=\"no-runs-yet\"");
    assertThat(page(stranger, "/jobs").expectStatus(200).body())
        .contains("id=\"no-runs-yet\"", "No runs yet")
        .doesNotContain("id=\"all-runs\"", "sample-pi");

    // The project page holds the jobs and runs sections its script fills.
    assertThat(page(browser, "/projects/" + project).expectStatus(200).body())
        .contains("id=\"project-jobs\"", "id=\"jobs-table\"", "id=\"no-jobs\"")
        .contains("id=\"new-job-form\"", "data-field=\"definition.spark.driverMemoryMb\"")
        .contains("id=\"project-runs\"", "id=\"runs-table\"", "id=\"runs-state\"")
        .contains("src=\"/js/jobs.js\"");
  }

  @Test
  void killRerunAndDeleteWorkAsForms() {
    String job = jobNamed("sample-word-count");
    String run = runOf(job);
    String csrf = browser.csrfTokenOf(runPage(run));

    ApiClient.Response killed = browser.postForm(runPage(run) + "/kill", Map.of("_csrf", csrf));
    assertThat(killed.status()).isEqualTo(302);
    assertThat(killed.header("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith(runPage(run)));
    await()
        .atMost(STEP)
        .untilAsserted(() -> assertThat(run(run).get("state").asString()).isEqualTo("killed"));
    String page = page(browser, runPage(run)).expectStatus(200).body();
    assertThat(page)
        .contains("Kill asked", "run-state-killed", "Killed.", "killed before it was submitted");
    assertThat(openingTag(page, "kill-form")).contains("hidden");
    assertThat(openingTag(page, "run-refresh-hint")).contains("hidden");
    browser.postForm(runPage(run) + "/kill", Map.of("_csrf", csrf)).expectStatus(302);
    assertThat(page(browser, runPage(run)).body())
        .contains("Not killed: the run had already ended.");

    ApiClient.Response rerun = browser.postForm(runPage(run) + "/rerun", Map.of("_csrf", csrf));
    assertThat(rerun.status()).isEqualTo(302);
    String again = rerun.header("Location").orElseThrow().replaceFirst("^.*/runs/", "");
    assertThat(again).matches("r-[a-z0-9]{8}").isNotEqualTo(run);
    assertThat(page(browser, runPage(again)).expectStatus(200).body())
        .contains("Run " + again + " started: it runs again what run " + run + " ran.")
        .contains("id=\"run-trigger\">rerun<", "run-state-submitted");

    // A delete without the job's name typed deletes nothing; with it, the job and its runs go.
    String delete = "/projects/" + project + "/jobs/" + job + "/delete";
    browser.postForm(delete, Map.of("_csrf", csrf, "confirmName", "sample-word")).expectStatus(302);
    assertThat(page(browser, "/projects/" + project).body())
        .contains("Job not deleted: type the job&#39;s name, sample-word-count, to confirm.");
    owner.get("/api/v1/projects/" + project + "/jobs/" + job).expectStatus(200);

    ApiClient.Response deleted =
        browser.postForm(delete, Map.of("_csrf", csrf, "confirmName", "sample-word-count"));
    assertThat(deleted.status()).isEqualTo(302);
    assertThat(deleted.header("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/projects/" + project));
    assertThat(page(browser, "/projects/" + project).body())
        .contains("Job sample-word-count deleted, with its runs and their logs.");
    owner.get("/api/v1/projects/" + project + "/jobs/" + job).expectProblem(404, "NOT_FOUND");
    page(browser, runPage(run)).expectStatus(404);
    page(browser, runPage(again)).expectStatus(404);
  }

  private static String jobNamed(String name) {
    for (JsonNode job :
        owner.get("/api/v1/projects/" + project + "/jobs").expectStatus(200).json().get("items")) {
      if (job.get("name").asString().equals(name)) {
        return job.get("id").asString();
      }
    }
    throw new AssertionError("no job " + name);
  }

  private static String runOf(String job) {
    return owner
        .post("/api/v1/projects/" + project + "/jobs/" + job + "/runs", "{}")
        .expectStatus(202)
        .json()
        .get("id")
        .asString();
  }

  private static JsonNode run(String run) {
    return owner.get("/api/v1/projects/" + project + "/runs/" + run).expectStatus(200).json();
  }

  private static String runPage(String run) {
    return "/projects/" + project + "/runs/" + run;
  }

  /** The opening tag of the element with this id. */
  private static String openingTag(String html, String id) {
    Matcher tag = Pattern.compile("<[a-z]+[^>]*\\sid=\"" + id + "\"[^>]*>").matcher(html);
    assertThat(tag.find()).as("an element with id %s", id).isTrue();
    return tag.group();
  }

  /** A console page as a browser asks for it. */
  private static ApiClient.Response page(ApiClient client, String path) {
    return client.send(path, request -> request.header("Accept", "text/html").GET());
  }

  private static ApiClient console(String username) {
    ApiClient client = ApiClient.anonymous(server);
    client.login(username, TestServer.passwordOf(username)).expectStatus(302);
    return client;
  }
}
