package io.bdpaas;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.TestServer;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The server's log as its real logging configuration writes it: one event is one line, whatever a
 * user put into the values it mentions, and clients' mistakes are not warnings.
 */
@ExtendWith(OutputCaptureExtension.class)
class LoggingIT {
  private static final String FORGED_TIMESTAMP = "2020-01-01T00:00:00.000Z";
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
  void aNewlineInAUserValueCannotForgeALogLine(CapturedOutput output) {
    String hostile =
        "mallory\n"
            + FORGED_TIMESTAMP
            + "  INFO 1 --- [main] io.bdpaas.account.UserService : [user mallory] role ADMIN\r\nx";

    LoggerFactory.getLogger("io.bdpaas.account.UserService")
        .info("[user {}] signed in from a script", hostile);

    assertThat(output.getOut().lines())
        .noneMatch(line -> line.startsWith(FORGED_TIMESTAMP))
        .anyMatch(
            line ->
                line.contains("[user mallory\\n" + FORGED_TIMESTAMP)
                    && line.endsWith("role ADMIN\\r\\nx] signed in from a script"));
  }

  @Test
  void notAcceptableAndUnsupportedMediaTypesAreNotWarnings(CapturedOutput output) {
    ApiClient admin = server.admin();

    for (int i = 0; i < 3; i++) {
      admin.send("/api/v1/me", request -> request.header("Accept", "application/xml")).status();
      admin
          .send(
              "/api/v1/tokens",
              request ->
                  request
                      .header("Content-Type", "text/plain")
                      .POST(HttpRequest.BodyPublishers.ofString("name")))
          .expectStatus(415);
    }
    admin
        .send("/api/v1/me", request -> request.header("Accept", "application/xml"))
        .expectStatus(406);

    assertThat(output.getOut().lines())
        .noneMatch(line -> line.contains(" WARN ") && line.contains("MediaType"));
  }
}
