package io.bdpaas.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** One tenant can never see or touch another's data; disabled accounts are locked out. */
class TenantIsolationIT {
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
  void usersGet404ForAnotherUsersResources() {
    ApiClient alice = server.newUser("alice");
    ApiClient bob = server.newUser("bob");
    long aliceToken =
        alice
            .post("/api/v1/tokens", "{\"name\":\"alice-laptop\"}")
            .expectStatus(201)
            .json()
            .get("token")
            .get("id")
            .asLong();

    bob.delete("/api/v1/tokens/" + aliceToken).expectProblem(404, "NOT_FOUND");
    assertThat(bob.get("/api/v1/tokens").expectStatus(200).body()).doesNotContain("alice-laptop");
    assertThat(alice.get("/api/v1/tokens").expectStatus(200).body()).contains("alice-laptop");

    // The console's revoke form is scoped the same way.
    ApiClient bobBrowser = ApiClient.anonymous(server);
    bobBrowser.login("bob", TestServer.passwordOf("bob")).expectStatus(302);
    String csrf = bobBrowser.csrfTokenOf("/account");
    assertThat(
            bobBrowser
                .postForm("/account/tokens/" + aliceToken + "/revoke", Map.of("_csrf", csrf))
                .status())
        .isEqualTo(404);
    assertThat(alice.get("/api/v1/tokens").body()).contains("alice-laptop");
  }

  @Test
  void usersCannotUseTheAdminApi() {
    ApiClient carol = server.newUser("carol");

    carol.get("/api/v1/admin/users").expectProblem(403, "ACCESS_DENIED");
    carol
        .post("/api/v1/admin/users", "{\"username\":\"mallory\",\"password\":\"mallory-password\"}")
        .expectProblem(403, "ACCESS_DENIED");
    assertThat(carol.get("/api/v1/me").expectStatus(200).json().get("role").asString())
        .isEqualTo("USER");
  }

  @Test
  void anonymousCallersGet401Everywhere() {
    ApiClient anonymous = ApiClient.anonymous(server);

    anonymous.get("/api/v1/me").expectProblem(401, "UNAUTHENTICATED");
    anonymous.get("/api/v1/tokens").expectProblem(401, "UNAUTHENTICATED");
    anonymous.delete("/api/v1/tokens/1").expectProblem(401, "UNAUTHENTICATED");
    anonymous.get("/api/v1/admin/users").expectProblem(401, "UNAUTHENTICATED");
  }

  @Test
  void disabledUsersCannotLogInOrUseTokensAndReEnablingRevivesNoOldToken() {
    ApiClient dave = server.newUser("dave");
    ApiClient daveBrowser = ApiClient.anonymous(server);
    daveBrowser.login("dave", TestServer.passwordOf("dave")).expectStatus(302);
    daveBrowser.get("/projects").expectStatus(200);
    ApiClient admin = server.admin();
    long daveId = dave.get("/api/v1/me").json().get("id").asLong();

    JsonNode disabled =
        admin
            .patch("/api/v1/admin/users/" + daveId, "{\"enabled\":false}")
            .expectStatus(200)
            .json();

    assertThat(disabled.get("enabled").asBoolean()).isFalse();
    dave.get("/api/v1/me").expectProblem(401, "UNAUTHENTICATED");
    daveBrowser.get("/projects").expectStatus(302);
    ApiClient freshBrowser = ApiClient.anonymous(server);
    assertThat(freshBrowser.login("dave", TestServer.passwordOf("dave")).header("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
    ApiClient.anonymous(server)
        .post(
            "/api/v1/auth/token",
            "{\"username\":\"dave\",\"password\":\"" + TestServer.passwordOf("dave") + "\"}")
        .expectProblem(401, "UNAUTHENTICATED");

    admin.patch("/api/v1/admin/users/" + daveId, "{\"enabled\":true}").expectStatus(200);

    // Re-enabling revives nothing issued before the disable: dave signs in anew.
    dave.get("/api/v1/me").expectProblem(401, "UNAUTHENTICATED");
    ApiClient.withToken(server, ApiClient.tokenFor(server, "dave", TestServer.passwordOf("dave")))
        .get("/api/v1/me")
        .expectStatus(200);
  }

  @Test
  void adminsSetQuotasAndCannotLockThemselvesOut() {
    ApiClient admin = server.admin();
    ApiClient erin = server.newUser("erin");
    long erinId = erin.get("/api/v1/me").json().get("id").asLong();
    long adminId = admin.get("/api/v1/me").json().get("id").asLong();

    JsonNode updated =
        admin
            .patch(
                "/api/v1/admin/users/" + erinId,
                "{\"quota\":{\"cores\":2,\"memoryMb\":4096,\"projects\":1}}")
            .expectStatus(200)
            .json();
    JsonNode refused =
        admin
            .patch("/api/v1/admin/users/" + adminId, "{\"enabled\":false,\"role\":\"USER\"}")
            .expectProblem(400, "VALIDATION_FAILED");

    assertThat(updated.get("quota").get("cores").asInt()).isEqualTo(2);
    assertThat(erin.get("/api/v1/me").json().get("quota").get("memoryMb").asInt()).isEqualTo(4096);
    assertThat(refused.get("problems").findValuesAsString("field"))
        .containsExactly("enabled", "role");
    admin.get("/api/v1/admin/users/999999").expectProblem(404, "NOT_FOUND");
  }

  @Test
  void adminsListUsersPageByPage() {
    ApiClient admin = server.admin();
    for (String name : new String[] {"page-a", "page-b", "page-c"}) {
      server.newUser(name);
    }

    JsonNode first = admin.get("/api/v1/admin/users?page=0&size=2").expectStatus(200).json();
    JsonNode second = admin.get("/api/v1/admin/users?page=1&size=2").expectStatus(200).json();

    assertThat(first.get("items").size()).isEqualTo(2);
    assertThat(first.get("size").asInt()).isEqualTo(2);
    assertThat(first.get("totalItems").asLong()).isGreaterThanOrEqualTo(4);
    assertThat(first.get("totalPages").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(second.get("items").get(0).get("username").asString())
        .isNotEqualTo(first.get("items").get(0).get("username").asString());
    assertThat(first.toString()).doesNotContain("password");
  }
}
