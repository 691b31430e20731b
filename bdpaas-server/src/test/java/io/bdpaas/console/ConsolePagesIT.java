package io.bdpaas.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.Clusters;
import io.bdpaas.testing.TestServer;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Console pages a first-time user found wanting, read as HTML over real HTTP: error pages, account
 * locks, the clusters list's owner filter, a cluster being destroyed, password rules.
 */
class ConsolePagesIT {
  private static final int MAX_FAILED_SIGN_INS = 3;
  private static TestServer server;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            Map.of(
                "bdpaas.http.secure-cookies",
                "false",
                "bdpaas.security.max-failed-sign-ins",
                String.valueOf(MAX_FAILED_SIGN_INS)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void notFoundPagesKeepTheSignedInMenu() {
    ApiClient admin = console(TestServer.ADMIN, TestServer.ADMIN_PASSWORD);

    for (String missing : new String[] {"/clusters/c-nothing-here", "/products/nothing/1.0"}) {
      ApiClient.Response page = page(admin, missing).expectStatus(404);
      assertThat(page.body()).as(missing).contains("id=\"account-link\"", "Not found");
    }
  }

  @Test
  void theAccessDeniedPageSaysAccessDenied() {
    server.newUser("no-admin");
    ApiClient user = console("no-admin", TestServer.passwordOf("no-admin"));

    ApiClient.Response page = page(user, "/admin/users").expectStatus(403);

    assertThat(page.body())
        .contains("Access denied", "You do not have permission")
        .doesNotContain("Something went wrong");
  }

  @Test
  void lockedAccountsShowAsLockedAndAdministratorsUnlockThem() {
    server.newUser("locky");
    for (int i = 0; i < MAX_FAILED_SIGN_INS; i++) {
      ApiClient.anonymous(server)
          .post("/api/v1/auth/token", "{\"username\":\"locky\",\"password\":\"wrong-password\"}")
          .expectProblem(401, "UNAUTHENTICATED");
    }
    ApiClient admin = server.admin();
    long id = idOf(admin, "locky");

    JsonNode locked = admin.get("/api/v1/admin/users/" + id).expectStatus(200).json();
    assertThat(locked.get("lockedUntil").isNull()).as("lockedUntil of %s", locked).isFalse();
    ApiClient adminConsole = console(TestServer.ADMIN, TestServer.ADMIN_PASSWORD);
    String usersPage = adminConsole.get("/admin/users").expectStatus(200).body();
    assertThat(usersPage).contains("locked until").contains("unlock-user");

    JsonNode unlocked =
        admin.post("/api/v1/admin/users/" + id + "/unlock", "").expectStatus(200).json();

    assertThat(unlocked.get("lockedUntil").isNull()).isTrue();
    ApiClient.tokenFor(server, "locky", TestServer.passwordOf("locky"));
  }

  @Test
  void administratorsUnlockAnAccountFromTheUsersPage() {
    server.newUser("locky-two");
    for (int i = 0; i < MAX_FAILED_SIGN_INS; i++) {
      ApiClient.anonymous(server)
          .post(
              "/api/v1/auth/token", "{\"username\":\"locky-two\",\"password\":\"wrong-password\"}")
          .expectProblem(401, "UNAUTHENTICATED");
    }
    ApiClient adminConsole = console(TestServer.ADMIN, TestServer.ADMIN_PASSWORD);
    long id = idOf(server.admin(), "locky-two");

    adminConsole
        .postForm(
            "/admin/users/" + id + "/unlock",
            Map.of("_csrf", adminConsole.csrfTokenOf("/admin/users")))
        .expectStatus(302);

    ApiClient.tokenFor(server, "locky-two", TestServer.passwordOf("locky-two"));
  }

  @Test
  void passwordRulesShowBesideTheFieldsBeforeAnySubmit() {
    ApiClient admin = console(TestServer.ADMIN, TestServer.ADMIN_PASSWORD);

    for (String page : new String[] {"/admin/users", "/account"}) {
      assertThat(admin.get(page).expectStatus(200).body())
          .as(page)
          .contains("At least 12 characters", "must not contain the user name");
    }
  }

  @Test
  void theClustersListFiltersByOwnerAndAClusterBeingDestroyedSaysSo() throws Exception {
    ApiClient admin = server.admin();
    registerStubbornProduct(admin);
    ApiClient owner = server.newUser("owner-one");
    String mine =
        Clusters.create(owner, "{\"name\":\"mine\",\"product\":\"stubborn\",\"version\":\"1.0\"}");
    String theirs =
        Clusters.create(
            admin, "{\"name\":\"theirs\",\"product\":\"stubborn\",\"version\":\"1.0\"}");
    try {
      ApiClient adminConsole = console(TestServer.ADMIN, TestServer.ADMIN_PASSWORD);

      String filtered = adminConsole.get("/clusters?owner=owner-one").expectStatus(200).body();
      assertThat(filtered).contains("id=\"filter-owner\"", ">mine<").doesNotContain(">theirs<");

      Clusters.awaitStatus(owner, mine, "ready", Duration.ofSeconds(120));
      owner.delete("/api/v1/clusters/" + mine).expectStatus(202);
      String detail = adminConsole.get("/clusters/" + mine).expectStatus(200).body();
      assertThat(detail)
          .contains("cluster-status-destroying")
          .doesNotContain("All nodes are running");
    } finally {
      // Their nodes ignore SIGTERM: never leave them running when an assertion fails.
      for (String cluster : new String[] {mine, theirs}) {
        admin.delete("/api/v1/clusters/" + cluster).status();
        Clusters.awaitStatus(admin, cluster, "destroyed", Duration.ofSeconds(120));
      }
    }
  }

  /**
   * The hello product, with nodes that take their time to stop (they sleep on SIGTERM until
   * killed), so a destroy can be watched while it runs.
   */
  private static void registerStubbornProduct(ApiClient admin) throws Exception {
    Path hello = Path.of("src/main/resources/products/hello-1.0.0");
    String template =
        Files.readString(hello.resolve("template.yaml"))
            .replace(
                "server.start();",
                "server.start();\n"
                    + "              Runtime.getRuntime().addShutdownHook(new Thread(() -> {"
                    + " try { Thread.sleep(60_000); } catch (InterruptedException e) { } }));");
    assertThat(template).contains("Thread.sleep(60_000)");
    admin
        .post(
            "/api/v1/products",
            "{\"name\":\"stubborn\",\"version\":\"1.0\",\"description\":\"slow to stop\"}")
        .expectStatus(201);
    put(admin, "/api/v1/products/stubborn/1.0/options", "application/json", hello, "options.json");
    admin
        .send(
            "/api/v1/products/stubborn/1.0/template",
            request ->
                request
                    .header("Content-Type", "application/yaml")
                    .PUT(HttpRequest.BodyPublishers.ofString(template)))
        .expectStatus(200);
    put(
        admin,
        "/api/v1/products/stubborn/1.0/orchestrator",
        "application/json",
        hello,
        "orchestrator.json");
  }

  private static void put(ApiClient admin, String path, String type, Path folder, String file)
      throws Exception {
    String body = Files.readString(folder.resolve(file));
    admin
        .send(
            path,
            request ->
                request.header("Content-Type", type).PUT(HttpRequest.BodyPublishers.ofString(body)))
        .expectStatus(200);
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

  private static ApiClient console(String username, String password) {
    ApiClient browser = ApiClient.anonymous(server);
    browser.login(username, password).expectStatus(302);
    return browser;
  }
}
