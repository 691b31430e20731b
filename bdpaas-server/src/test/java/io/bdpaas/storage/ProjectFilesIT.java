package io.bdpaas.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.project.SampleDataset;
import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A project's files through the REST API of a real server, on the local backend: upload, list,
 * download, replace and delete; uploads over the limit, under bad names, with content that is not
 * what their name says, or too slow, refused with nothing kept; another user's calls answered 404.
 * Projects are stopped at once: their files do not need their cluster.
 */
class ProjectFilesIT {
  private static final int LIMIT = 64 * 1024;
  private static TestServer server;
  private static ApiClient alice;
  private static ApiClient bob;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            Map.of(
                "bdpaas.http.secure-cookies", "false",
                "bdpaas.projects.max-file-size", "64KB",
                "bdpaas.http.body-read-timeout-seconds", "2",
                "bdpaas.http.min-upload-rate", "512KB"));
    alice = server.newUser("alice");
    bob = server.newUser("bob");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aNewProjectHasTheSampleAndFilesAreUploadedListedDownloadedReplacedAndDeleted() {
    String files = filesOf(newStoppedProject("upload"));
    JsonNode initial = alice.get(files).expectStatus(200).json();
    assertThat(names(initial)).containsExactly(SampleDataset.NAME);
    long sample = initial.get("items").get(0).get("sizeBytes").asLong();
    assertThat(sample).isBetween(10_000L, 50_000L);
    assertThat(initial.get("usedBytes").asLong()).isGreaterThanOrEqualTo(sample);
    assertThat(initial.get("maxFileBytes").asLong()).isEqualTo(LIMIT);

    String csv = "day,city,amount\n" + "2024-01-01,Zürich,12.5\n".repeat(1500);
    // As "curl --data-binary @data.csv -X PUT" sends it: declared as a form.
    JsonNode created =
        alice
            .send(
                files + "/data.csv",
                builder ->
                    builder
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .PUT(HttpRequest.BodyPublishers.ofString(csv)))
            .expectStatus(201)
            .json();
    long size = csv.getBytes(StandardCharsets.UTF_8).length;
    assertThat(created.get("sizeBytes").asLong()).isEqualTo(size);
    assertThat(created.get("path").asString())
        .startsWith(server.dataDir().resolve("storage").toString())
        .endsWith("/files/data.csv");
    assertThat(Path.of(created.get("path").asString())).hasContent(csv);

    JsonNode listed = alice.get(files).expectStatus(200).json();
    assertThat(names(listed)).containsExactly("data.csv", SampleDataset.NAME);
    assertThat(listed.get("items").get(0).get("sizeBytes").asLong()).isEqualTo(size);
    assertThat(listed.get("items").get(0).get("modifiedAt").asString()).isNotBlank();
    assertThat(listed.get("usedBytes").asLong()).isGreaterThanOrEqualTo(size + sample);

    ApiClient.Response download = alice.get(files + "/data.csv").expectStatus(200);
    assertThat(download.body()).isEqualTo(csv);
    assertThat(download.header("Content-Disposition"))
        .hasValue("attachment; filename=\"data.csv\"");
    assertThat(download.header("Content-Type")).hasValue("text/csv");

    // Chunked, of unknown length: replaces the file.
    alice
        .send(files + "/data.csv", builder -> builder.PUT(chunked("a,b\n1,2\n")))
        .expectStatus(200);
    assertThat(alice.get(files + "/data.csv").expectStatus(200).body()).isEqualTo("a,b\n1,2\n");

    alice.delete(files + "/data.csv").expectStatus(204);
    alice.get(files + "/data.csv").expectProblem(404, "NOT_FOUND");
    alice.delete(files + "/data.csv").expectProblem(404, "NOT_FOUND");
    assertThat(names(alice.get(files).json())).containsExactly(SampleDataset.NAME);
  }

  @Test
  void anUploadOverTheLimitIsRefusedNamingTheLimitAndNothingOfItIsKept() throws IOException {
    String project = newStoppedProject("limit");
    String files = filesOf(project);
    String big = "x,y\n".repeat(LIMIT / 4 + 1);

    JsonNode declared =
        newClientOf("alice")
            .send(
                files + "/big.csv",
                builder -> builder.PUT(HttpRequest.BodyPublishers.ofString(big)))
            .expectProblem(413, "PAYLOAD_TOO_LARGE");
    assertThat(declared.get("detail").asString()).contains(String.valueOf(LIMIT));

    JsonNode streamed =
        newClientOf("alice")
            .send(files + "/big.csv", builder -> builder.PUT(chunked(big)))
            .expectProblem(413, "PAYLOAD_TOO_LARGE");
    assertThat(streamed.get("detail").asString())
        .contains(String.valueOf(LIMIT), "bdpaas.projects.max-file-size");

    assertThat(names(alice.get(files).json())).containsExactly(SampleDataset.NAME);
    assertThat(filesOnDisk(project)).containsExactly(SampleDataset.NAME);

    // Every other body keeps its own limit of 1 MB.
    String description = "{\"description\":\"" + "d".repeat(1100 * 1024) + "\"}";
    alice.patch("/api/v1/projects/" + project, description).expectProblem(413, "PAYLOAD_TOO_LARGE");
  }

  @Test
  void badNamesAndContentThatIsNotWhatTheNameSaysAreRefusedWithNothingKept() throws IOException {
    String project = newStoppedProject("names");
    String files = filesOf(project);

    JsonNode hidden = put(files + "/.hidden.csv", "a\n").expectProblem(400, "VALIDATION_FAILED");
    assertThat(hidden.get("problems").get(0).get("field").asString()).isEqualTo("name");
    assertThat(hidden.get("problems").get(0).get("message").asString())
        .isEqualTo("'.hidden.csv' must start with a letter or a digit");
    JsonNode exe = put(files + "/run.exe", "a\n").expectProblem(400, "VALIDATION_FAILED");
    assertThat(exe.get("detail").asString())
        .contains("run.exe", ".csv, .json, .parquet, .txt or .jar");
    put(files + "/a%20b.csv", "a\n").expectProblem(400, "VALIDATION_FAILED");
    put(files + "/..%5Cescape.csv", "a\n").expectStatus(400);
    put(files + "/..%2F..%2Fescape.csv", "a\n").expectStatus(400);
    alice.get(files + "/..%2Fsecret.csv").expectStatus(400);

    JsonNode parquet =
        put(files + "/data.parquet", "a,b\n").expectProblem(400, "VALIDATION_FAILED");
    assertThat(parquet.get("detail").asString()).contains("data.parquet", "PAR1");
    alice
        .send(
            files + "/binary.txt",
            builder ->
                builder.PUT(
                    HttpRequest.BodyPublishers.ofByteArray(new byte[] {'a', (byte) 0xff, 0})))
        .expectProblem(400, "VALIDATION_FAILED");

    assertThat(names(alice.get(files).json())).containsExactly(SampleDataset.NAME);
    assertThat(filesOnDisk(project)).containsExactly(SampleDataset.NAME);
    try (Stream<Path> everything = Files.walk(server.dataDir())) {
      assertThat(everything.map(path -> path.getFileName().toString()))
          .doesNotContain("escape.csv", "secret.csv");
    }
  }

  @Test
  void anUploadThatTricklesIsCutOffAndNothingOfItIsKept() throws IOException {
    String project = newStoppedProject("slow");
    InputStream trickle =
        new InputStream() {
          private int sent;

          @Override
          public int read() throws IOException {
            return sent++ < 100_000 ? 'x' : -1;
          }

          @Override
          public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
              Thread.sleep(200);
            } catch (InterruptedException e) {
              throw new IOException(e);
            }
            return super.read(buffer, offset, Math.min(length, 100));
          }
        };

    int status;
    try {
      status =
          newClientOf("alice")
              .send(
                  filesOf(project) + "/slow.txt",
                  builder -> builder.PUT(HttpRequest.BodyPublishers.ofInputStream(() -> trickle)))
              .status();
    } catch (IllegalStateException connectionClosed) {
      status = -1; // closed before the client read the answer
    }

    assertThat(status).isIn(408, -1);
    assertThat(filesOnDisk(project)).containsExactly(SampleDataset.NAME);
  }

  @Test
  void anotherUserGets404FromEveryFileEndpoint() {
    String files = filesOf(newStoppedProject("private"));

    bob.get(files).expectProblem(404, "NOT_FOUND");
    bob.get(files + "/" + SampleDataset.NAME).expectProblem(404, "NOT_FOUND");
    bob.send(files + "/mine.csv", builder -> builder.PUT(HttpRequest.BodyPublishers.ofString("a")))
        .expectProblem(404, "NOT_FOUND");
    bob.delete(files + "/" + SampleDataset.NAME).expectProblem(404, "NOT_FOUND");
    bob.get("/api/v1/projects/p-00000000/files").expectProblem(404, "NOT_FOUND");
    bob.get("/api/v1/projects/not-an-id/files").expectProblem(404, "NOT_FOUND");

    assertThat(names(alice.get(files).json())).containsExactly(SampleDataset.NAME);
  }

  /**
   * A client with a connection of its own, for a refused upload after which the server closes the
   * connection rather than read the rest.
   */
  private static ApiClient newClientOf(String username) {
    return ApiClient.withToken(
        server, ApiClient.tokenFor(server, username, TestServer.passwordOf(username)));
  }

  private static ApiClient.Response put(String path, String body) {
    return alice.send(path, builder -> builder.PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static HttpRequest.BodyPublisher chunked(String body) {
    return HttpRequest.BodyPublishers.ofInputStream(
        () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
  }

  /** A new project of alice's, stopped at once: only its storage is needed. */
  private static String newStoppedProject(String name) {
    String id =
        alice
            .post(
                "/api/v1/projects",
                "{\"name\":\"" + name + "\",\"workers\":1,\"workerCores\":1,\"connectCores\":1}")
            .expectStatus(202)
            .json()
            .get("id")
            .asString();
    alice.post("/api/v1/projects/" + id + "/stop", "").expectStatus(200);
    return id;
  }

  private static String filesOf(String project) {
    return "/api/v1/projects/" + project + "/files";
  }

  private static List<String> names(JsonNode listing) {
    return listing.get("items").valueStream().map(file -> file.get("name").asString()).toList();
  }

  /** Every entry of the project's files folder, hidden ones included. */
  private static List<String> filesOnDisk(String project) throws IOException {
    try (Stream<Path> storage = Files.walk(server.dataDir().resolve("storage"))) {
      Path folder =
          storage
              .filter(path -> path.getFileName().toString().equals(project))
              .findFirst()
              .orElseThrow()
              .resolve("files");
      try (Stream<Path> entries = Files.list(folder)) {
        return entries.map(path -> path.getFileName().toString()).sorted().toList();
      }
    }
  }
}
