package io.bdpaas.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.TestServer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Bad requests get a 4xx problem+json naming what is wrong, never a 5xx. */
class BadInputIT {
  private static TestServer server;
  private static ApiClient admin;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.admin();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Stream<Arguments> badBodies() {
    return Stream.of(
        Arguments.of("malformed JSON", "{\"username\": ", 400, "MALFORMED_REQUEST"),
        Arguments.of("not JSON at all", "hello", 400, "MALFORMED_REQUEST"),
        Arguments.of("empty body", "", 400, "MALFORMED_REQUEST"),
        Arguments.of("array instead of object", "[1,2]", 400, "MALFORMED_REQUEST"),
        Arguments.of(
            "wrong type", "{\"username\":\"x1\",\"password\":[1]}", 400, "VALIDATION_FAILED"),
        Arguments.of(
            "wrong nested type",
            "{\"username\":\"x2\",\"password\":\"long-enough-pass\",\"quota\":{\"cores\":\"many\"}}",
            400,
            "VALIDATION_FAILED"),
        Arguments.of(
            "unknown enum",
            "{\"username\":\"x3\",\"password\":\"long-enough-pass\",\"role\":\"ROOT\"}",
            400,
            "VALIDATION_FAILED"),
        Arguments.of(
            "unknown field",
            "{\"username\":\"x4\",\"password\":\"long-enough-pass\",\"admin\":true}",
            400,
            "VALIDATION_FAILED"),
        Arguments.of("missing fields", "{}", 400, "VALIDATION_FAILED"),
        Arguments.of("null body", "null", 400, "MALFORMED_REQUEST"),
        Arguments.of(
            "huge number",
            "{\"username\":\"x5\",\"password\":\"long-enough-pass\",\"quota\":{\"cores\":99999999999999999999}}",
            400,
            "VALIDATION_FAILED"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBodies")
  void badBodiesGetProblemJson(String what, String body, int status, String code) {
    admin.post("/api/v1/admin/users", body).expectProblem(status, code);
  }

  @Test
  void everyValidationProblemIsListed() {
    JsonNode problem =
        admin
            .post(
                "/api/v1/admin/users",
                "{\"username\":\"Not Valid\",\"password\":\"short\",\"quota\":{\"cores\":-1,\"memoryMb\":-5}}")
            .expectProblem(400, "VALIDATION_FAILED");

    assertThat(problem.get("problems").findValuesAsString("field"))
        .containsExactlyInAnyOrder(
            "username", "password", "quota.cores", "quota.memoryMb", "quota.projects");
  }

  @Test
  void everyTypeProblemIsListedAtOnce() {
    JsonNode problem =
        admin
            .post(
                "/api/v1/admin/users",
                "{\"username\":5,\"password\":true,\"role\":\"ROOT\",\"quota\":{\"cores\":\"many\",\"memoryMb\":1.5},\"extra\":1}")
            .expectProblem(400, "VALIDATION_FAILED");

    assertThat(problem.get("problems").findValuesAsString("field"))
        .containsExactlyInAnyOrder(
            "username", "password", "role", "quota.cores", "quota.memoryMb", "extra");
  }

  @Test
  void wrongTypeNamesTheField() {
    JsonNode problem =
        admin
            .post(
                "/api/v1/admin/users",
                "{\"username\":\"typed\",\"password\":\"long-enough-pass\",\"quota\":{\"cores\":\"many\"}}")
            .expectProblem(400, "VALIDATION_FAILED");

    assertThat(problem.get("problems").get(0).get("field").asString()).isEqualTo("quota.cores");
  }

  @Test
  void oversizedBodiesGet413() {
    String big = "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";

    admin.post("/api/v1/tokens", big).expectProblem(413, "PAYLOAD_TOO_LARGE");
  }

  @Test
  void oversizedChunkedBodiesGet413() {
    String big = "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";

    admin
        .send(
            "/api/v1/tokens",
            builder ->
                builder
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofString(big))))
        .expectProblem(413, "PAYLOAD_TOO_LARGE");
  }

  @Test
  void multipartBodiesHaveTheSameLimitAndAreNeverParsed() throws IOException {
    String boundary = "bdpaas-test-boundary";
    String big =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n\r\n"
            + "x".repeat(5 * 1024 * 1024)
            + "\r\n--"
            + boundary
            + "--\r\n";
    ApiClient anonymous = ApiClient.anonymous(server);

    for (String path : List.of("/api/v1/auth/token", "/login")) {
      anonymous
          .send(
              path,
              builder ->
                  builder
                      .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                      .POST(HttpRequest.BodyPublishers.ofString(big)))
          .expectProblem(413, "PAYLOAD_TOO_LARGE");
    }
    String small = big.replace("x".repeat(5 * 1024 * 1024), "x");
    anonymous
        .send(
            "/api/v1/auth/token",
            builder ->
                builder
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofString(small)))
        .expectProblem(415, "UNSUPPORTED_MEDIA_TYPE");
    Path spool = server.dataDir().resolve("tmp");
    if (Files.isDirectory(spool)) {
      try (Stream<Path> files = Files.walk(spool)) {
        assertThat(files.filter(Files::isRegularFile)).as("nothing spooled").isEmpty();
      }
    }
  }

  @Test
  void unknownRoutesGet404() {
    admin.get("/api/v1/nothing-here").expectProblem(404, "ROUTE_NOT_FOUND");
    admin.get("/api/v2/me").expectProblem(404, "ROUTE_NOT_FOUND");
    ApiClient.anonymous(server).get("/api/v1/../../etc/passwd").expectStatus(400);
  }

  @Test
  void wrongMethodGets405AndWrongContentTypeGets415() {
    admin.delete("/api/v1/me").expectProblem(405, "METHOD_NOT_ALLOWED");
    admin
        .send(
            "/api/v1/tokens",
            builder ->
                builder
                    .header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("name=x")))
        .expectProblem(415, "UNSUPPORTED_MEDIA_TYPE");
  }

  @Test
  void badPathAndQueryValuesGet400() {
    admin.get("/api/v1/admin/users/not-a-number").expectProblem(400, "VALIDATION_FAILED");
    admin.get("/api/v1/admin/users?size=100000").expectProblem(400, "VALIDATION_FAILED");
    admin.get("/api/v1/admin/users?page=abc").expectProblem(400, "VALIDATION_FAILED");
    admin.delete("/api/v1/tokens/-5").expectProblem(404, "NOT_FOUND");
  }

  @Test
  void duplicateUsersGet409() {
    admin
        .post("/api/v1/admin/users", "{\"username\":\"twice\",\"password\":\"long-enough-pass\"}")
        .expectStatus(201);

    JsonNode problem =
        admin
            .post(
                "/api/v1/admin/users", "{\"username\":\"twice\",\"password\":\"long-enough-pass\"}")
            .expectProblem(409, "ALREADY_EXISTS");

    assertThat(problem.get("problems").get(0).get("field").asString()).isEqualTo("username");
  }
}
