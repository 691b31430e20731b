package io.bdpaas.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bdpaas.testing.Clusters;
import io.bdpaas.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The control plane, run as its own process from the built jar, is killed with {@code kill -9}
 * while a job's driver runs, then started again on the same data: the run is followed again (the
 * same driver, not a second submission) and ends in its true state, with its output kept.
 */
class JobsCrashIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();
  private Path dataDir;
  private Process server;
  private int port;
  private String token;
  private String cluster;

  @AfterEach
  void cleanUp() {
    if (server != null) {
      server.destroyForcibly();
    }
    if (cluster != null) {
      for (long pid : Clusters.markedProcesses(cluster)) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
    if (dataDir != null) {
      TestServer.deleteRecursively(dataDir);
    }
  }

  @Test
  void aRunGoingWhenTheControlPlaneIsKilledEndsInItsTrueStateAfterRestart() throws Exception {
    dataDir = Files.createTempDirectory("bdpaas-job-crash-");
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    server = startServer("first");
    token = login();
    JsonNode project = send("POST", "/api/v1/projects", "{\"name\":\"crash\"}");
    String projectPath = "/api/v1/projects/" + project.get("id").asString();
    cluster = project.get("clusterId").asString();
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> send("GET", projectPath, null).get("status").asString().equals("ready"));
    String job =
        send(
                "POST",
                projectPath + "/jobs",
                "{\"name\":\"sleeps\",\"definition\":{\"kind\":\"jar\",\"jar\":\""
                    + JobService.SAMPLES_JAR
                    + "\",\"mainClass\":\"io.bdpaas.samples.SleepingJob\",\"arguments\":[\"25\"]}}")
            .get("id")
            .asString();
    String runPath =
        projectPath
            + "/runs/"
            + send("POST", projectPath + "/jobs/" + job + "/runs", "{}").get("id").asString();
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> send("GET", runPath, null).get("state").asString().equals("running"));
    String driver = send("GET", runPath, null).get("driverId").asString();

    server.destroyForcibly().waitFor(); // kill -9: no shutdown hook, no cleanup
    server = startServer("second");
    token = login();

    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> send("GET", runPath, null).get("state").asString().equals("finished"));
    JsonNode run = send("GET", runPath, null);
    assertThat(run.get("driverId").asString()).isEqualTo(driver);
    assertThat(send("GET", projectPath + "/runs?job=" + job, null).get("items")).hasSize(1);
    String stderr =
        send("GET", runPath + "/log?stream=stderr&limit=1048576", null).get("text").asString();
    assertThat(stderr).contains("Successfully stopped SparkContext");
    send("DELETE", projectPath, null);
  }

  private Process startServer(String name) throws IOException {
    Path jar = Path.of(System.getProperty("testServerJar", "target/bdpaas-server.jar"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "-Xmx512m",
                "-jar",
                jar.toString(),
                "--bdpaas.port=" + port,
                "--bdpaas.data-dir=" + dataDir,
                "--bdpaas.runtime-dir=" + TestServer.runtimeDir(),
                "--bdpaas.admin.password=" + TestServer.ADMIN_PASSWORD,
                "--bdpaas.http.secure-cookies=false")
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolve("server-" + name + ".log").toFile())
            .start();
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(
            () -> {
              assertThat(process.isAlive()).as("server %s is running; see its log", name).isTrue();
              return http.send(
                          request("GET", "/actuator/health/readiness", null).build(),
                          HttpResponse.BodyHandlers.ofString())
                      .statusCode()
                  == 200;
            });
    return process;
  }

  private String login() throws Exception {
    HttpResponse<String> response =
        http.send(
            request(
                    "POST",
                    "/api/v1/auth/token",
                    "{\"username\":\"admin\",\"password\":\"" + TestServer.ADMIN_PASSWORD + "\"}")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body()).get("secret").asString();
  }

  private JsonNode send(String method, String path, String body) throws Exception {
    HttpRequest.Builder builder =
        request(method, path, body).header("Authorization", "Bearer " + token);
    HttpResponse<String> response =
        http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as("%s %s: %s", method, path, response.body())
        .isLessThan(300);
    return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
  }

  private HttpRequest.Builder request(String method, String path, String body) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30));
    if (body != null) {
      builder.header("Content-Type", "application/json");
    }
    return builder.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
  }
}
