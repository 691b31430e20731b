package io.bdpaas.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a credential change does to the other ways in: sessions and API tokens issued before a
 * password change, a reset or a disable stop working; names cannot hide control characters.
 */
class CredentialsIT {
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
  void changingOnesPasswordEndsOtherSessionsAndTokensButKeepsThisSession() {
    ApiClient token = server.newUser("pat");
    ApiClient here = signedIn("pat", TestServer.passwordOf("pat"));
    ApiClient elsewhere = signedIn("pat", TestServer.passwordOf("pat"));

    here.postForm(
            "/account/password",
            Map.of(
                "currentPassword",
                TestServer.passwordOf("pat"),
                "newPassword",
                "a-brand-new-password-42",
                "_csrf",
                here.csrfTokenOf("/account")))
        .expectStatus(302);

    here.get("/account").expectStatus(200);
    assertThat(elsewhere.get("/account").expectStatus(302).header("Location"))
        .hasValueSatisfying(location -> assertThat(location).endsWith("/login"));
    token.get("/api/v1/me").expectProblem(401, "UNAUTHENTICATED");
    signedIn("pat", "a-brand-new-password-42").get("/account").expectStatus(200);
  }

  @Test
  void changingOnesPasswordWithATokenKeepsThatTokenAndRevokesTheOthers() {
    ApiClient used = server.newUser("api-pat");
    ApiClient other =
        ApiClient.withToken(
            server, ApiClient.tokenFor(server, "api-pat", TestServer.passwordOf("api-pat")));

    used.post(
            "/api/v1/me/password",
            "{\"currentPassword\":\""
                + TestServer.passwordOf("api-pat")
                + "\",\"newPassword\":\"another-new-password-9\"}")
        .expectStatus(204);

    used.get("/api/v1/me").expectStatus(200);
    other.get("/api/v1/me").expectProblem(401, "UNAUTHENTICATED");
  }

  @Test
  void anAdministratorsPasswordResetEndsTheUsersSessionsAndTokens() {
    ApiClient token = server.newUser("reset-me");
    ApiClient session = signedIn("reset-me", TestServer.passwordOf("reset-me"));
    long id = token.get("/api/v1/me").expectStatus(200).json().get("id").asLong();

    server
        .admin()
        .patch("/api/v1/admin/users/" + id, "{\"password\":\"chosen-by-the-admin-7\"}")
        .expectStatus(200);

    session.get("/account").expectStatus(302);
    token.get("/api/v1/me").expectProblem(401, "UNAUTHENTICATED");
  }

  @Test
  void reEnablingAUserDoesNotReviveTokensOrSessionsFromBeforeTheDisable() {
    ApiClient token = server.newUser("on-off");
    ApiClient session = signedIn("on-off", TestServer.passwordOf("on-off"));
    long id = token.get("/api/v1/me").expectStatus(200).json().get("id").asLong();
    ApiClient admin = server.admin();

    admin.patch("/api/v1/admin/users/" + id, "{\"enabled\":false}").expectStatus(200);
    admin.patch("/api/v1/admin/users/" + id, "{\"enabled\":true}").expectStatus(200);

    token.get("/api/v1/me").expectProblem(401, "UNAUTHENTICATED");
    session.get("/account").expectStatus(302);
    ApiClient.withToken(
            server, ApiClient.tokenFor(server, "on-off", TestServer.passwordOf("on-off")))
        .get("/api/v1/me")
        .expectStatus(200);
  }

  @Test
  void tokensFromThePasswordLoginExpireByDefaultLikeConsoleTokens() {
    JsonNode created =
        ApiClient.anonymous(server)
            .post(
                "/api/v1/auth/token",
                "{\"username\":\""
                    + TestServer.ADMIN
                    + "\",\"password\":\""
                    + TestServer.ADMIN_PASSWORD
                    + "\"}")
            .expectStatus(201)
            .json();

    JsonNode expiresAt = created.get("token").get("expiresAt");
    assertThat(expiresAt.isNull()).as("expiresAt of %s", created.get("token")).isFalse();
    assertThat(Instant.parse(expiresAt.asString()))
        .isCloseTo(Instant.now().plus(Duration.ofDays(90)), within(1, ChronoUnit.HOURS));
  }

  @Test
  void namesRejectControlCharactersAndBidiOverridesNamingTheField() {
    ApiClient admin = server.admin();
    for (String sneaky : new String[] {"ci\nfake", "ci\u202Etxt.exe", "ci\u2066x", "ci\u0007"}) {
      JsonNode token =
          admin
              .post("/api/v1/tokens", "{\"name\":" + json(sneaky) + "}")
              .expectProblem(400, "VALIDATION_FAILED");
      assertThat(token.get("problems").findValuesAsString("field")).containsExactly("name");

      JsonNode user =
          admin
              .post(
                  "/api/v1/admin/users",
                  "{\"username\":" + json(sneaky) + ",\"password\":\"long-enough-password-1\"}")
              .expectProblem(400, "VALIDATION_FAILED");
      assertThat(user.get("problems").findValuesAsString("field")).containsExactly("username");

      JsonNode cluster =
          admin
              .post(
                  "/api/v1/clusters",
                  "{\"name\":" + json(sneaky) + ",\"product\":\"hello\",\"version\":\"1.0.0\"}")
              .expectProblem(400, "VALIDATION_FAILED");
      assertThat(cluster.get("problems").findValuesAsString("field")).containsExactly("name");
    }
  }

  private static ApiClient signedIn(String username, String password) {
    ApiClient browser = ApiClient.anonymous(server);
    browser.login(username, password).expectStatus(302);
    browser.get("/account").expectStatus(200);
    return browser;
  }

  private static String json(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c < 0x20 || c > 0x7e) {
        quoted.append(String.format("\\u%04x", (int) c));
      } else {
        quoted.append(c);
      }
    }
    return quoted.append('"').toString();
  }
}
