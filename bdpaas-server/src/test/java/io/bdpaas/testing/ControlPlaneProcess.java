package io.bdpaas.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The control plane run as its own process from the built jar, on a data directory and port that
 * outlive it, so that a test can kill it with {@code kill -9} and start another on the same data;
 * with an admin's API token for each start.
 */
public final class ControlPlaneProcess {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();
  private final Path dataDir;
  private final int port;
  private Process process;
  private String token;

  public ControlPlaneProcess(Path dataDir) throws IOException {
    this.dataDir = dataDir;
    try (ServerSocket socket = new ServerSocket(0)) {
      this.port = socket.getLocalPort();
    }
  }

  /** Starts a control plane (its log is {@code server-<name>.log}), ready, and signs in. */
  public void start(String name) throws Exception {
    Path jar = Path.of(System.getProperty("testServerJar", "target/bdpaas-server.jar"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process started =
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
    process = started;
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(
            () -> {
              assertThat(started.isAlive()).as("server %s is running; see its log", name).isTrue();
              return http.send(
                          request("GET", "/actuator/health/readiness", null).build(),
                          HttpResponse.BodyHandlers.ofString())
                      .statusCode()
                  == 200;
            });
    HttpResponse<String> login =
        http.send(
            request(
                    "POST",
                    "/api/v1/auth/token",
                    "{\"username\":\"admin\",\"password\":\"" + TestServer.ADMIN_PASSWORD + "\"}")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    token = JSON.readTree(login.body()).get("secret").asString();
  }

  /** {@code kill -9}: no shutdown hook, no clean-up; what it started keeps running. */
  public void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly().waitFor();
    }
  }

  public JsonNode get(String path) throws Exception {
    return send("GET", path, null);
  }

  /** Sends a request as the admin; anything but 2xx fails the test with the answer. */
  public JsonNode send(String method, String path, String body) throws Exception {
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
