package io.bdpaas.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Password guessing locks the account for a while, for the token login and the console alike. */
class SignInLockoutIT {
  private static final String LOGIN = "{\"username\":\"%s\",\"password\":\"%s\"}";

  @Test
  void repeatedWrongPasswordsLockTheAccountForAWhile() {
    try (TestServer server =
        TestServer.start(
            Map.of(
                "bdpaas.http.secure-cookies", "false",
                "bdpaas.security.max-failed-sign-ins", "3",
                "bdpaas.security.lockout-seconds", "3"))) {
      server.newUser("guessed");
      String password = TestServer.passwordOf("guessed");
      ApiClient anonymous = ApiClient.anonymous(server);

      for (int i = 0; i < 3; i++) {
        anonymous
            .post("/api/v1/auth/token", LOGIN.formatted("guessed", "guess-number-" + i))
            .expectProblem(401, "UNAUTHENTICATED");
      }

      // Locked: even the right password is refused, on the API and in the console.
      anonymous
          .post("/api/v1/auth/token", LOGIN.formatted("guessed", password))
          .expectProblem(401, "UNAUTHENTICATED");
      assertThat(ApiClient.anonymous(server).login("guessed", password).header("Location"))
          .hasValueSatisfying(location -> assertThat(location).endsWith("/login?error"));
      // Other accounts are not affected.
      anonymous
          .post("/api/v1/auth/token", LOGIN.formatted("admin", TestServer.ADMIN_PASSWORD))
          .expectStatus(201);

      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () ->
                  anonymous
                      .post("/api/v1/auth/token", LOGIN.formatted("guessed", password))
                      .expectStatus(201));
    }
  }
}
