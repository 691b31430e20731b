package io.bdpaas.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.Clusters;
import io.bdpaas.testing.TestServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Projects pages read as HTML over real HTTP, as a browser without scripts would: the list's
 * empty state, the creation form's defaults and its problems beside each field, the quota refusal,
 * a project's page without its token in the HTML, description, stop, token rotation, start, the
 * typed-name delete, and another user's project answered with the console's 404 page. The project's
 * real Spark clusters are stopped or deleted without waiting for them to be ready: these pages do
 * not need it.
 */
class ProjectPagesIT {
  private static final Duration DESTROYED = Duration.ofSeconds(90);
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void anEmptyListOffersToCreateAProjectAndTheFormHasSensibleDefaults() {
    server.newUser("newcomer");
    ApiClient browser = console("newcomer");

    String list = page(browser, "/projects").expectStatus(200).body();
    assertThat(list)
        .contains("id=\"no-projects\"", "id=\"empty-new-project\"", "id=\"new-project\"")
        .doesNotContain("id=\"projects-table\"");

    String form = page(browser, "/projects/new").expectStatus(200).body();
    assertThat(form)
        .contains("id=\"create-project-form\"")
        .containsPattern("id=\"project-workers\"[^>]*value=\"1\"")
        .containsPattern("id=\"project-worker-cores\"[^>]*value=\"3\"")
        .containsPattern("id=\"project-worker-memory\"[^>]*value=\"1536\"")
        .containsPattern("id=\"project-connect-cores\"[^>]*value=\"1\"")
        .contains("id=\"connect-cores-help\"", "for its whole life");
  }

  @Test
  void theCreateFormNamesEveryProblemBesideItsFieldAndKeepsWhatWasTyped() {
    server.newUser("typo-maker");
    ApiClient browser = console("typo-maker");

    String page =
        submit(
                browser,
                Map.of(
                    "name", "Bad Name",
                    "description", "kept as typed",
                    "workers", "two",
                    "workerCores", "0",
                    "workerMemoryMb", "100",
                    "connectCores", ""))
            .expectStatus(200)
            .body();

    assertThat(page)
        .contains("The project was not created: fix the highlighted fields.")
        .contains("must be 1 to 63 lower-case letters")
        .contains("must be a whole number, got &#39;two&#39;")
        .contains("must be between 1 and 16")
        .contains("must be between 512 and 65536")
        .contains("is required")
        .contains("value=\"Bad Name\"", "kept as typed", "value=\"two\"");
    assertThat(fieldErrors(page)).isEqualTo(5);
    assertThat(page(browser, "/projects").body()).contains("id=\"no-projects\"");
  }

  @Test
  void aQuotaRefusalIsShownClearly() {
    server.newUser("no-quota");
    ApiClient admin = server.admin();
    admin
        .patch(
            "/api/v1/admin/users/" + idOf(admin, "no-quota"),
            "{\"quota\":{\"cores\":8,\"memoryMb\":16384,\"projects\":0}}")
        .expectStatus(200);
    ApiClient browser = console("no-quota");

    String page = submit(browser, defaults("over")).expectStatus(200).body();

    assertThat(page)
        .contains("id=\"create-project-quota\"", "Over your quota")
        .contains("the projects quota of no-quota is 0")
        .doesNotContain("id=\"create-project-errors\"");
  }

  @Test
  void aProjectPageShowsItsPartsButNotItsTokenAndOnlyToItsOwner() {
    ApiClient owner = server.newUser("page-owner");
    server.newUser("page-stranger");
    ApiClient browser = console("page-owner");
    ApiClient stranger = console("page-stranger");

    ApiClient.Response created = submit(browser, defaults("page-one"));
    assertThat(created.status()).isEqualTo(302);
    String location = created.header("Location").orElseThrow();
    assertThat(location).matches(".*/projects/p-[a-z0-9]{8}$");
    String id = location.substring(location.lastIndexOf('/') + 1);
    String cluster = owner.get("/api/v1/projects/" + id).json().get("clusterId").asString();
    String firstCluster = cluster;
    try {
      String token =
          owner.get("/api/v1/projects/" + id + "/connect").json().get("token").asString();
      String detail = page(browser, "/projects/" + id).expectStatus(200).body();
      assertThat(detail)
          .contains("Project page-one created")
          .contains("id=\"project-name\">page-one<")
          .contains("id=\"project-files\"", "id=\"project-notebooks\"")
          .contains(
              "id=\"reveal-token\"", "data-reveal-token=\"/api/v1/projects/" + id + "/connect\"")
          .contains("href=\"/clusters/" + firstCluster + "\"")
          .contains("id=\"stop-project\"", "Notebooks, tables and files are kept")
          .contains("data-confirm-name=\"page-one\"")
          .doesNotContain(token);
      assertThat(page(browser, "/projects").body())
          .contains("data-project-name=\"page-one\"")
          .contains("1 worker × 2 cores, 1024 MB · 1 Connect core");

      // Someone else's project, or no project at all, is the console's 404 page.
      for (String path : new String[] {"/projects/" + id, "/projects/p-00000000", "/projects/x"}) {
        assertThat(page(stranger, path).expectStatus(404).body())
            .as(path)
            .contains("Not found", "id=\"account-link\"")
            .doesNotContain("page-one");
      }
      String csrf = stranger.csrfTokenOf("/projects");
      for (String action : new String[] {"stop", "start", "token", "description"}) {
        stranger
            .postForm("/projects/" + id + "/" + action, Map.of("_csrf", csrf))
            .expectStatus(404);
      }
      stranger
          .postForm("/projects/" + id + "/delete", Map.of("_csrf", csrf, "confirmName", "page-one"))
          .expectStatus(404);
      assertThat(page(stranger, "/projects").body()).doesNotContain("page-one");

      String ownCsrf = browser.csrfTokenOf("/projects/" + id);
      browser
          .postForm(
              "/projects/" + id + "/description",
              Map.of("_csrf", ownCsrf, "description", "Line one\nline two"))
          .expectStatus(302);
      assertThat(page(browser, "/projects/" + id).body()).contains("Description saved.");
      browser.postForm("/projects/" + id + "/stop", Map.of("_csrf", ownCsrf)).expectStatus(302);
      String stopped = page(browser, "/projects/" + id).body();
      assertThat(stopped)
          .contains("cluster-status-stopped", "Line one\nline two", "id=\"start-project\"")
          .contains("Notebooks, tables and files are kept")
          .doesNotContain("id=\"stop-project\"", "data-auto-refresh");
      Clusters.awaitStatus(owner, firstCluster, "destroyed", DESTROYED);

      // A stopped project's token is rotated without a start; Start runs it on a new cluster.
      browser.postForm("/projects/" + id + "/token", Map.of("_csrf", ownCsrf)).expectStatus(302);
      assertThat(page(browser, "/projects/" + id).body())
          .contains("New token made: the old one will not work when the project starts.");
      assertThat(owner.get("/api/v1/projects/" + id + "/connect").json().get("token").asString())
          .isNotEqualTo(token);
      browser.postForm("/projects/" + id + "/start", Map.of("_csrf", ownCsrf)).expectStatus(302);
      cluster = owner.get("/api/v1/projects/" + id).json().get("clusterId").asString();
      assertThat(page(browser, "/projects/" + id).body())
          .contains("Project page-one is starting on a new cluster.")
          .contains("href=\"/clusters/" + cluster + "\"", "id=\"stop-project\"")
          .doesNotContain("cluster-status-stopped");

      // A delete without the typed name deletes nothing.
      browser
          .postForm(
              "/projects/" + id + "/delete", Map.of("_csrf", ownCsrf, "confirmName", "page-on"))
          .expectStatus(302);
      assertThat(page(browser, "/projects/" + id).expectStatus(200).body())
          .contains("Not deleted: type the project&#39;s name");

      browser
          .postForm(
              "/projects/" + id + "/delete", Map.of("_csrf", ownCsrf, "confirmName", "page-one"))
          .expectStatus(302);
      assertThat(page(browser, "/projects").body())
          .contains("Project page-one deleted", "id=\"no-projects\"");
      page(browser, "/projects/" + id).expectStatus(404);
    } finally {
      owner.delete("/api/v1/projects/" + id).status();
      for (String each : new String[] {firstCluster, cluster}) {
        Clusters.awaitStatus(owner, each, "destroyed", DESTROYED);
      }
    }
  }

  private static Map<String, String> defaults(String name) {
    Map<String, String> form = new HashMap<>();
    form.put("name", name);
    form.put("description", "");
    form.put("workers", "1");
    form.put("workerCores", "2");
    form.put("workerMemoryMb", "1024");
    form.put("connectCores", "1");
    return form;
  }

  private static ApiClient.Response submit(ApiClient browser, Map<String, String> fields) {
    Map<String, String> form = new HashMap<>(fields);
    form.put("_csrf", browser.csrfTokenOf("/projects/new"));
    return browser.postForm("/projects", form);
  }

  private static int fieldErrors(String html) {
    return html.split("class=\"field-error\"", -1).length - 1;
  }

  private static long idOf(ApiClient admin, String username) {
    for (JsonNode user :
        admin.get("/api/v1/admin/users?size=100").expectStatus(200).json().get("items")) {
      if (user.get("username").asString().equals(username)) {
        return user.get("id").asLong();
      }
    }
    throw new AssertionError("no user " + username);
  }

  /** A console page as a browser asks for it. */
  private static ApiClient.Response page(ApiClient browser, String path) {
    return browser.send(path, request -> request.header("Accept", "text/html").GET());
  }

  private static ApiClient console(String username) {
    ApiClient browser = ApiClient.anonymous(server);
    browser.login(username, TestServer.passwordOf(username)).expectStatus(302);
    return browser;
  }
}
