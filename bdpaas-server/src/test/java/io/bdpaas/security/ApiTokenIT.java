package io.bdpaas.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Creating, using, listing and revoking API tokens over real HTTP. */
class ApiTokenIT {
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
  void createdTokenAuthenticatesUntilRevoked() {
    ApiClient admin = server.admin();

    JsonNode created =
        admin
            .post("/api/v1/tokens", "{\"name\":\"ci pipeline\",\"expiresInDays\":30}")
            .expectStatus(201)
            .json();
    String secret = created.get("secret").asString();
    long id = created.get("token").get("id").asLong();
    ApiClient pipeline = ApiClient.withToken(server, secret);

    assertThat(secret).startsWith("bdp_").hasSizeGreaterThan(40);
    assertThat(created.get("token").get("expiresAt").isNull()).isFalse();
    assertThat(pipeline.get("/api/v1/me").expectStatus(200).json().get("username").asString())
        .isEqualTo("admin");

    JsonNode listed = admin.get("/api/v1/tokens").expectStatus(200).json();
    assertThat(listed.toString()).contains("ci pipeline").doesNotContain(secret);
    assertThat(listed.get("totalItems").asLong()).isGreaterThanOrEqualTo(2);

    admin.delete("/api/v1/tokens/" + id).expectStatus(204);

    pipeline.get("/api/v1/me").expectProblem(401, "UNAUTHENTICATED");
    admin.delete("/api/v1/tokens/" + id).expectProblem(404, "NOT_FOUND");
  }

  @Test
  void tokenRequestsNeedNoCsrfTokenAndCreateNoSession() {
    ApiClient.Response response =
        server.admin().post("/api/v1/tokens", "{\"name\":\"no-csrf-needed\"}").expectStatus(201);

    assertThat(response.header("Set-Cookie")).isEmpty();
  }

  @Test
  void unknownOrMalformedTokensGet401() {
    ApiClient.withToken(server, "bdp_not-a-real-token")
        .get("/api/v1/me")
        .expectProblem(401, "UNAUTHENTICATED");
    ApiClient.withToken(server, "garbage").get("/api/v1/me").expectProblem(401, "UNAUTHENTICATED");
    ApiClient.withToken(server, "").get("/api/v1/me").expectProblem(401, "UNAUTHENTICATED");
  }

  @Test
  void passwordLoginIssuesTokensAndRefusesWrongPasswords() {
    ApiClient anonymous = ApiClient.anonymous(server);

    anonymous
        .post("/api/v1/auth/token", "{\"username\":\"admin\",\"password\":\"wrong-password\"}")
        .expectProblem(401, "UNAUTHENTICATED");
    anonymous
        .post("/api/v1/auth/token", "{\"username\":\"nobody\",\"password\":\"wrong-password\"}")
        .expectProblem(401, "UNAUTHENTICATED");
    JsonNode missing =
        anonymous.post("/api/v1/auth/token", "{}").expectProblem(400, "VALIDATION_FAILED");
    assertThat(missing.get("problems").findValuesAsString("field"))
        .containsExactly("username", "password");
  }

  @Test
  void tokenNamesAreValidated() {
    JsonNode problem =
        server
            .admin()
            .post("/api/v1/tokens", "{\"name\":\"  \",\"expiresInDays\":0}")
            .expectProblem(400, "VALIDATION_FAILED");

    assertThat(problem.get("problems").findValuesAsString("field"))
        .containsExactly("name", "expiresInDays");
  }
}
