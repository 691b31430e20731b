package io.bdpaas.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.TestServer;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The notebook pages read as HTML over real HTTP: they render for the project's owner and are not
 * found for anyone else, their forms create and delete notebooks, their script can call the API
 * with the session and the page's CSRF token, and the browser libraries they load are served from
 * their WebJars under a policy that allows no inline script. The project's cluster is never waited
 * for: pages and notebooks do not need it.
 */
class NotebookPagesIT {
  private static final Pattern CSRF_HEADER = Pattern.compile("data-csrf-header=\"([^\"]+)\"");
  private static final Pattern CSRF_TOKEN = Pattern.compile("data-csrf-token=\"([^\"]+)\"");

  private static TestServer server;
  private static ApiClient owner;
  private static String project;
  private static String notebook;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    owner = server.newUser("pages-owner");
    server.newUser("pages-other");
    project =
        owner
            .post(
                "/api/v1/projects",
                "{\"name\":\"pages\",\"workers\":1,\"workerCores\":1,"
                    + "\"workerMemoryMb\":1024,\"connectCores\":1}")
            .expectStatus(202)
            .json()
            .get("id")
            .asString();
    notebook =
        owner
            .post(notebooks(), "{\"name\":\"Sales <by> region\"}")
            .expectStatus(201)
            .json()
            .get("id")
            .asString();
    owner
        .post(
            notebooks() + "/" + notebook + "/paragraphs",
            "{\"kind\":\"sql\",\"text\":\"SELECT 1 AS one\"}")
        .expectStatus(201);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      if (project != null) {
        owner.delete("/api/v1/projects/" + project);
      }
      server.close();
    }
  }

  private static String notebooks() {
    return "/api/v1/projects/" + project + "/notebooks";
  }

  private static String listPage() {
    return "/projects/" + project + "/notebooks";
  }

  private static String notebookPage() {
    return listPage() + "/" + notebook;
  }

  @Test
  void theOwnerSeesTheNotebooksOfTheProjectAndEachNotebook() {
    ApiClient browser = console("pages-owner");

    String list = page(browser, listPage()).expectStatus(200).body();
    assertThat(list)
        .contains("id=\"notebooks-table\"", "id=\"import-notebook-form\"", "/js/notebook.js")
        .contains(">Sales &lt;by&gt; region</a>")
        .contains("href=\"/projects/" + project + "/notebooks/" + notebook + "\"")
        .contains("data-confirm=\"Delete notebook Sales &lt;by&gt; region? Its 1 paragraph(s)");

    String page = page(browser, notebookPage()).expectStatus(200).body();
    assertThat(page)
        .contains("id=\"notebook-name\">Sales &lt;by&gt; region</h1>")
        .contains("data-notebook-id=\"" + notebook + "\"")
        .contains(
            "/webjars/codemirror/lib/codemirror.js",
            "/webjars/codemirror/addon/hint/sql-hint.js",
            "/webjars/echarts/dist/echarts.min.js",
            "/webjars/marked/marked.min.js",
            "/webjars/dompurify/dist/purify.min.js")
        .contains("href=\"/projects/" + project + "\"");
    assertThat(page).as("no inline script").doesNotContainPattern("<script(?![^>]*\\bsrc=)");
  }

  @Test
  void anotherUserFindsNeitherPageAndMalformedIdsAreNotFound() {
    ApiClient other = console("pages-other");

    assertThat(page(other, listPage()).expectStatus(404).body()).contains("Not found");
    assertThat(page(other, notebookPage()).expectStatus(404).body())
        .contains("Not found")
        .doesNotContain("Sales");
    ApiClient mine = console("pages-owner");
    page(mine, "/projects/p-nothing/notebooks").expectStatus(404);
    page(mine, "/projects/" + project + "/notebooks/not-an-id").expectStatus(404);
    page(mine, "/projects/" + project + "/notebooks/n-00000000").expectStatus(404);
  }

  @Test
  void theFormsCreateRefuseATakenNameAndDeleteNotebooks() {
    ApiClient browser = console("pages-owner");
    String csrf = browser.csrfTokenOf(listPage());

    ApiClient.Response created =
        browser.postForm(listPage(), Map.of("name", "Made in the console", "_csrf", csrf));
    created.expectStatus(302);
    String location = created.header("Location").orElseThrow();
    assertThat(location).matches(".*/projects/" + project + "/notebooks/n-[a-z0-9]{8}$");

    String taken =
        browser
            .postForm(listPage(), Map.of("name", "Made in the console", "_csrf", csrf))
            .expectStatus(200)
            .body();
    assertThat(taken).contains("flash-error", "Made in the console");

    String id = location.substring(location.lastIndexOf('/') + 1);
    browser.postForm(listPage() + "/" + id + "/delete", Map.of("_csrf", csrf)).expectStatus(302);
    owner.get(notebooks() + "/" + id).expectProblem(404, "NOT_FOUND");
  }

  @Test
  void thePagesScriptCallsTheApiWithTheSessionAndThePagesCsrfToken() {
    ApiClient browser = console("pages-owner");
    String page = page(browser, notebookPage()).expectStatus(200).body();
    String header = group(CSRF_HEADER, page);
    String token = group(CSRF_TOKEN, page);

    browser
        .send(
            notebooks(),
            request ->
                request
                    .header("Content-Type", "application/json")
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"without token\"}")))
        .expectStatus(403);
    browser
        .send(
            notebooks(),
            request ->
                request
                    .header("Content-Type", "application/json")
                    .header(header, token)
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"with token\"}")))
        .expectStatus(201);
  }

  @Test
  void theBrowserLibrariesAreServedFromTheirWebJarsUnderAStrictPolicy() {
    ApiClient browser = console("pages-owner");
    for (String asset :
        new String[] {
          "/webjars/codemirror/lib/codemirror.js",
          "/webjars/codemirror/lib/codemirror.css",
          "/webjars/codemirror/mode/sql/sql.js",
          "/webjars/codemirror/mode/markdown/markdown.js",
          "/webjars/codemirror/addon/hint/show-hint.js",
          "/webjars/codemirror/addon/hint/sql-hint.js",
          "/webjars/echarts/dist/echarts.min.js",
          "/webjars/marked/marked.min.js",
          "/webjars/dompurify/dist/purify.min.js",
          "/js/notebook.js",
          "/css/notebook.css"
        }) {
      ApiClient.Response response = browser.get(asset);
      assertThat(response.status()).as(asset).isEqualTo(200);
      assertThat(response.body()).as(asset).isNotBlank();
    }
    String policy = page(browser, notebookPage()).header("Content-Security-Policy").orElseThrow();
    assertThat(policy).contains("script-src 'self';").doesNotContain("unsafe-eval");
    assertThat(policy.split("script-src")[1].split(";")[0]).doesNotContain("unsafe-inline");
  }

  private static String group(Pattern pattern, String html) {
    Matcher matcher = pattern.matcher(html);
    assertThat(matcher.find()).as("page has %s", pattern).isTrue();
    return matcher.group(1);
  }

  private static ApiClient.Response page(ApiClient browser, String path) {
    return browser.send(path, request -> request.header("Accept", "text/html").GET());
  }

  private static ApiClient console(String username) {
    ApiClient browser = ApiClient.anonymous(server);
    browser.login(username, TestServer.passwordOf(username)).expectStatus(302);
    return browser;
  }
}
