package io.bdpaas.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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

  @Test
  void guessesFromOneAddressDoNotLockTheOwnerOutFromAnother() throws IOException {
    try (TestServer server =
        TestServer.start(
            Map.of(
                "bdpaas.http.secure-cookies", "false",
                "bdpaas.security.max-failed-sign-ins", "3",
                "bdpaas.security.lockout-seconds", "600"))) {
      String password = TestServer.ADMIN_PASSWORD;
      ApiClient guesser = ApiClient.anonymous(server);
      for (int i = 0; i < 3; i++) {
        guesser
            .post("/api/v1/auth/token", LOGIN.formatted("admin", "guess-number-" + i))
            .expectProblem(401, "UNAUTHENTICATED");
      }
      // The guesser's address (127.0.0.1) is locked out, even with the right password.
      guesser
          .post("/api/v1/auth/token", LOGIN.formatted("admin", password))
          .expectProblem(401, "UNAUTHENTICATED");

      // The owner, from another address, still signs in: on the API and in the console.
      assertThat(
              postFrom(
                  "127.0.0.2",
                  server,
                  "/api/v1/auth/token",
                  "application/json",
                  LOGIN.formatted("admin", password)))
          .startsWith("HTTP/1.1 201");
      assertThat(
              postFrom(
                  "127.0.0.2",
                  server,
                  "/api/v1/auth/token",
                  "application/json",
                  LOGIN.formatted("admin", "one-more-guess")))
          .startsWith("HTTP/1.1 401");
    }
  }

  @Test
  void signInsAreThrottledPerClientAddress() throws IOException {
    try (TestServer server =
        TestServer.start(
            Map.of(
                "bdpaas.http.secure-cookies", "false",
                "bdpaas.security.sign-ins-per-minute", "3"))) {
      ApiClient client = ApiClient.anonymous(server);
      for (int i = 0; i < 3; i++) {
        client
            .post("/api/v1/auth/token", LOGIN.formatted("admin", "guess-number-" + i))
            .expectProblem(401, "UNAUTHENTICATED");
      }

      ApiClient.Response throttled =
          client.post("/api/v1/auth/token", LOGIN.formatted("admin", TestServer.ADMIN_PASSWORD));
      throttled.expectProblem(429, "TOO_MANY_REQUESTS");
      assertThat(throttled.header("Retry-After"))
          .hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
      assertThat(client.login("admin", TestServer.ADMIN_PASSWORD).status())
          .as("the console form is throttled too")
          .isEqualTo(429);
      assertThat(
              postFrom(
                  "127.0.0.2",
                  server,
                  "/api/v1/auth/token",
                  "application/json",
                  LOGIN.formatted("admin", TestServer.ADMIN_PASSWORD)))
          .as("another address has its own allowance")
          .startsWith("HTTP/1.1 201");
    }
  }

  /** Sends a POST from a given local address and answers the response's status line. */
  private static String postFrom(
      String localAddress, TestServer server, String path, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(localAddress, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST "
                  + path
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                  + contentType
                  + "\r\nContent-Length: "
                  + bytes.length
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      return in.readLine();
    }
  }
}
