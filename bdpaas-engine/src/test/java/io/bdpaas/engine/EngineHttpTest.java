package io.bdpaas.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bdpaas.engine.testing.JsonHttpServer;
import io.bdpaas.engine.testing.JsonHttpServer.Request;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** EngineHttp's verbs against a real HTTP server (the JDK's) on an ephemeral port. */
class EngineHttpTest {
  private final JsonHttpServer server = new JsonHttpServer();
  private final EngineHttp http = EngineHttp.create();

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void patchSendsNoBodyAndAcceptsAnAccepted() {
    server.respond("/jobs/a01", 202, "{}");

    http.patch(server.uri("/jobs/a01?mode=cancel"));

    Request request = server.lastRequest();
    assertThat(request.method()).isEqualTo("PATCH");
    assertThat(request.uri().getRawQuery()).isEqualTo("mode=cancel");
    assertThat(request.body()).isEmpty();
  }

  @Test
  void deleteSendsADelete() {
    server.respond("/jars/x.jar", 200, "{}");

    http.delete(server.uri("/jars/x.jar"));

    assertThat(server.lastRequest().method()).isEqualTo("DELETE");
  }

  @Test
  void aFlinkErrorAnswerBecomesItsReadableExplanation() throws IOException {
    server.respond("/jars/x.jar/run", 400, recorded("flink/answers/run-main-method-failed.json"));

    assertThatThrownBy(
            () ->
                http.postJson(server.uri("/jars/x.jar/run"), JsonNodeFactory.instance.objectNode()))
        .isInstanceOfSatisfying(
            EngineHttpStatusException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.isNotFound()).isFalse();
              assertThat(e.getMessage())
                  .isEqualTo(
                      String.join(
                          "\n",
                          "org.apache.flink.runtime.rest.handler.RestHandlerException: Could not"
                              + " execute application.",
                          "Caused by: org.apache.flink.client.program.ProgramInvocationException:"
                              + " The main method caused an error: no input topic given (--topic)",
                          "Caused by: java.lang.IllegalArgumentException: no input topic given"
                              + " (--topic)"));
            });
  }

  @Test
  void anUnexpectedServerErrorKeepsFlinksMessageWithoutItsWrapper() throws IOException {
    server.respond("/jars/x.jar/run", 500, recorded("flink/answers/run-entry-class-missing.json"));

    assertThatThrownBy(
            () ->
                http.postJson(server.uri("/jars/x.jar/run"), JsonNodeFactory.instance.objectNode()))
        .isInstanceOf(EngineHttpStatusException.class)
        .hasMessage(
            String.join(
                "\n",
                "Internal server error.",
                "java.util.concurrent.CompletionException:"
                    + " org.apache.flink.client.program.ProgramInvocationException: The program's"
                    + " entry point class 'probe.Missing' was not found in the jar file.",
                "Caused by: java.lang.ClassNotFoundException: probe.Missing"));
  }

  @Test
  void everyVerbThrowsFlinksExplanationWithItsStatus() {
    String notFound =
        "{\"errors\":[\"org.apache.flink.runtime.rest.NotFoundException: Job a01 not found\\n"
            + "\\tat org.apache.flink.runtime.rest.handler.job.AbstractExecutionGraphHandler"
            + ".lambda$handleRequest$0(AbstractExecutionGraphHandler.java:97)\\n\"]}";
    server.respond("/jobs/a01", 404, notFound);

    for (Runnable call :
        new Runnable[] {
          () -> http.getJson(server.uri("/jobs/a01")),
          () -> http.patch(server.uri("/jobs/a01?mode=cancel")),
          () -> http.delete(server.uri("/jobs/a01"))
        }) {
      assertThatThrownBy(call::run)
          .isInstanceOfSatisfying(
              EngineHttpStatusException.class, e -> assertThat(e.isNotFound()).isTrue())
          .hasMessage("org.apache.flink.runtime.rest.NotFoundException: Job a01 not found");
    }
  }

  @Test
  void anErrorWithoutExplanationNamesTheRequestAndStatus() {
    server.respond("/jobs/a01", 500, "<html>oops</html>");

    assertThatThrownBy(() -> http.patch(server.uri("/jobs/a01")))
        .isInstanceOfSatisfying(
            EngineHttpStatusException.class, e -> assertThat(e.statusCode()).isEqualTo(500))
        .hasMessageContaining("PATCH http://127.0.0.1:")
        .hasMessageContaining("answered HTTP 500");
  }

  @Test
  void postJsonStillReturnsARefusalExplainedInTheEnginesOwnFields() {
    // Spark's submission server refuses with a 400 and its own answer shape.
    server.respond(
        "/v1/submissions/create",
        400,
        "{\"action\":\"ErrorResponse\",\"message\":\"Malformed request\",\"success\":false}");

    JsonNode answer =
        http.postJson(server.uri("/v1/submissions/create"), JsonNodeFactory.instance.objectNode());

    assertThat(answer.path("message").asString()).isEqualTo("Malformed request");
  }

  @Test
  void postFileSendsOneMultipartPartWithTheFileBytesUnchanged(@TempDir Path directory)
      throws IOException {
    byte[] content = new byte[70_000];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 31 + i / 256);
    }
    content[100] = '\r';
    content[101] = '\n';
    Path jar = Files.write(directory.resolve("job.jar"), content);
    server.respond(
        "/jars/upload",
        200,
        "{\"filename\":\"/tmp/flink-web-upload/4a23_job.jar\",\"status\":\"success\"}");

    JsonNode answer = http.postFile(server.uri("/jars/upload"), "jarfile", jar, "job.jar");

    assertThat(answer.path("status").asString()).isEqualTo("success");
    Request request = server.lastRequest();
    assertThat(request.method()).isEqualTo("POST");
    String contentType = request.headers().getFirst("Content-Type");
    Matcher boundaryMatch =
        Pattern.compile("multipart/form-data; boundary=(bdpaas-[0-9a-f]{32})").matcher(contentType);
    assertThat(boundaryMatch.matches()).as(contentType).isTrue();
    String boundary = boundaryMatch.group(1);
    assertThat(request.headers().getFirst("Content-Length"))
        .isEqualTo(String.valueOf(request.body().length));
    byte[] expected =
        concat(
            ("--"
                    + boundary
                    + "\r\n"
                    + "Content-Disposition: form-data; name=\"jarfile\"; filename=\"job.jar\"\r\n"
                    + "Content-Type: application/octet-stream\r\n"
                    + "\r\n")
                .getBytes(StandardCharsets.US_ASCII),
            content,
            ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    assertThat(Arrays.equals(request.body(), expected)).as("multipart body").isTrue();
  }

  @Test
  void eachUploadHasItsOwnBoundary(@TempDir Path directory) throws IOException {
    Path jar = Files.writeString(directory.resolve("job.jar"), "PK");
    server.respond("/jars/upload", 200, "{\"filename\":\"/x/1_job.jar\"}");

    http.postFile(server.uri("/jars/upload"), "jarfile", jar, "job.jar");
    http.postFile(server.uri("/jars/upload"), "jarfile", jar, "job.jar");

    assertThat(server.requests())
        .extracting(request -> request.headers().getFirst("Content-Type"))
        .doesNotHaveDuplicates();
  }

  @Test
  void aRefusedUploadThrowsTheExplanation(@TempDir Path directory) throws IOException {
    Path file = Files.writeString(directory.resolve("notes.txt"), "hello");
    server.respond(
        "/jars/upload",
        400,
        "{\"errors\":[\"org.apache.flink.runtime.rest.handler.RestHandlerException: Only Jar"
            + " files are allowed.\\n\\tat org.apache.flink.runtime.webmonitor.handlers"
            + ".JarUploadHandler.lambda$handleRequest$0(JarUploadHandler.java:88)\\n\"]}");

    assertThatThrownBy(
            () -> http.postFile(server.uri("/jars/upload"), "jarfile", file, "notes.txt"))
        .isInstanceOf(EngineHttpStatusException.class)
        .hasMessage(
            "org.apache.flink.runtime.rest.handler.RestHandlerException: Only Jar files are"
                + " allowed.");
  }

  @Test
  void aFileNameThatWouldBreakThePartHeaderIsRefused(@TempDir Path directory) throws IOException {
    Path jar = Files.writeString(directory.resolve("job.jar"), "PK");

    assertThatThrownBy(() -> http.postFile(server.uri("/u"), "jarfile", jar, "a\"b.jar"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> http.postFile(server.uri("/u"), "jarfile", jar, "../b.jar"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> http.postFile(server.uri("/u"), "jar\r\nfile", jar, "b.jar"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(server.requests()).isEmpty();
  }

  private static String recorded(String resource) throws IOException {
    try (InputStream input = EngineHttpTest.class.getResourceAsStream(resource)) {
      if (input == null) {
        throw new IOException("no test resource " + resource);
      }
      return new String(input.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static byte[] concat(byte[]... parts) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.write(part);
    }
    return out.toByteArray();
  }
}
