package io.bdpaas.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bdpaas.backend.StorageFileName;
import io.bdpaas.backend.StorageFiles;
import io.bdpaas.backend.StoredFile;
import io.bdpaas.backend.kubernetes.KubernetesNames;
import io.bdpaas.backend.kubernetes.StorageObjects;
import io.bdpaas.backend.remote.RemoteStorageFiles;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The control plane's container image, as the build makes it ({@code
 * target/bdpaas-server-image.tar}, Jib's {@code docker save} format): its configuration, and its
 * control plane started from the image's own file system on the Kubernetes backend. No container
 * engine runs here, so the image's layers are unpacked into a folder and its entry point runs there
 * with {@code chroot}, as its user (10001), in a mount and PID namespace of its own ({@code
 * unshare}, which needs root); the network is the machine's, where a fabric8 mock API server stands
 * in for Kubernetes.
 */
class ControlPlaneImageIT {
  private static final Path IMAGE = Path.of("target", "bdpaas-server-image.tar");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void theImagesControlPlaneStartsOnTheKubernetesBackendAndAnswersItsProbes(@TempDir Path work)
      throws Exception {
    assertThat(IMAGE)
        .as(
            "the image tar is built with the base image .ci/base-image.sh makes: run it, then mvn"
                + " package")
        .exists();
    Path image = Files.createDirectories(work.resolve("image"));
    run(List.of("tar", "-xf", IMAGE.toAbsolutePath().toString(), "-C", image.toString()));
    JsonNode manifest = JSON.readTree(image.resolve("manifest.json").toFile()).get(0);
    JsonNode config =
        JSON.readTree(image.resolve(manifest.get("Config").asString()).toFile()).get("config");
    assertThat(config.get("User").asString()).isEqualTo("10001");
    assertThat(config.get("ExposedPorts").has("8080/tcp")).isTrue();
    assertThat(config.get("WorkingDir").asString()).isEqualTo("/var/lib/bdpaas");
    List<String> entrypoint = new ArrayList<>();
    config.get("Entrypoint").forEach(part -> entrypoint.add(part.asString()));
    assertThat(entrypoint).startsWith("java").endsWith("io.bdpaas.BdpaasApplication");
    List<String> env = new ArrayList<>();
    config.get("Env").forEach(variable -> env.add(variable.asString()));
    assertThat(env).contains("BDPAAS_DATA_DIR=/var/lib/bdpaas");

    Path root = Files.createDirectories(work.resolve("root"));
    for (JsonNode layer : manifest.get("Layers")) {
      run(
          List.of(
              "tar",
              "--warning=no-unknown-keyword",
              "-xf",
              image.resolve(layer.asString()).toString(),
              "-C",
              root.toString()));
    }
    run(List.of("chmod", "755", root.toString()));
    assertThat(root.resolve("app/jib-classpath-file")).exists();
    assertThat(Files.readString(root.resolve("app/jib-classpath-file")))
        .contains("bdpaas-kubernetes", "kubernetes-client");

    KubernetesMockServer kubernetes =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    kubernetes.init(InetAddress.getLoopbackAddress(), 0);
    Process controlPlane = null;
    // Kept in target/ for whoever reads a failure.
    Path log = Path.of("target", "control-plane-image.log").toAbsolutePath();
    try {
      Files.writeString(
          root.resolve("var/lib/bdpaas/kubeconfig"),
          """
          apiVersion: v1
          kind: Config
          clusters:
            - name: mock
              cluster: {server: "http://127.0.0.1:%d"}
          users:
            - name: bdpaas
              user: {token: mock-token}
          contexts:
            - name: mock
              context: {cluster: mock, user: bdpaas, namespace: bdpaas}
          current-context: mock
          """
              .formatted(kubernetes.getPort()));
      int port = freePort();
      List<String> command = chrooted(root, "/var/lib/bdpaas");
      command.addAll(env);
      command.addAll(
          List.of(
              "BDPAAS_BACKEND=kubernetes",
              "BDPAAS_KUBERNETES_KUBECONFIG=/var/lib/bdpaas/kubeconfig",
              "BDPAAS_PORT=" + port,
              "BDPAAS_BIND_ADDRESS=127.0.0.1",
              "BDPAAS_ADMIN_PASSWORD=image-test-password",
              "JAVA_TOOL_OPTIONS=-Xmx384m"));
      command.addAll(entrypoint);
      controlPlane =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();

      HttpClient http = HttpClient.newHttpClient();
      Process started = controlPlane;
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(500))
          .failFast("the control plane exited; its log is " + log, () -> !started.isAlive())
          .until(() -> readiness(http, port).contains("\"UP\""));
      assertThat(Files.readString(log))
          .as("it started on the Kubernetes backend")
          .contains("namespace per tenant");
      assertThat(kubernetes.getRequestCount())
          .as("the backend watches its objects on the API server")
          .isPositive();
      assertThat(Files.exists(root.resolve("var/lib/bdpaas/db"))).isTrue();
    } finally {
      if (controlPlane != null) {
        stop(controlPlane);
      }
      kubernetes.destroy();
    }

    theImageServesAProjectsFiles(root, env);
  }

  /**
   * A project's file service on Kubernetes is this image with the command its StatefulSet gives
   * ({@link StorageObjects}): run so from the image's file system, as its user, with the area and
   * the token file where the pod mounts them, on a free port instead of 8080.
   */
  private void theImageServesAProjectsFiles(Path root, List<String> env) throws Exception {
    Path area = Files.createDirectories(root.resolve("bdpaas/storage/p-sales"));
    Path tokens = Files.createDirectories(root.resolve("bdpaas/files-token"));
    Files.writeString(tokens.resolve("token"), "image-test-token\n");
    // What the pod mounts is the pod user's (fsGroup); the folders above the mounts are root's.
    run(List.of("chown", "-R", "10001:10001", area.toString(), tokens.toString()));
    int port = freePort();
    List<String> fileService =
        new ArrayList<>(
            new StorageObjects(new KubernetesNames("bdpaas", "cluster.local"), "bdpaas", "image")
                .statefulSet("u1", "p-sales")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getCommand());
    fileService.set(
        fileService.indexOf(Integer.toString(StorageObjects.PORT)), Integer.toString(port));
    List<String> command = chrooted(root, "/");
    command.addAll(env);
    command.addAll(fileService);
    Path log = Path.of("target", "file-service-image.log").toAbsolutePath();
    Process service =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      StorageFiles files =
          new RemoteStorageFiles(
              HttpClient.newHttpClient(),
              URI.create("http://files-p-sales.test:8080"),
              "image-test-token",
              "/bdpaas/storage/p-sales",
              (host, ignored) -> InetSocketAddress.createUnresolved("127.0.0.1", port));
      await()
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(300))
          .failFast("the file service exited; its log is " + log, () -> !service.isAlive())
          .ignoreExceptions()
          .until(() -> files.list().isEmpty());
      byte[] csv = "region,amount\nnorth,12\n".getBytes(StandardCharsets.UTF_8);
      StoredFile written =
          files.write(new StorageFileName("sales.csv"), new ByteArrayInputStream(csv), 1024);
      assertThat(written.location()).isEqualTo("/bdpaas/storage/p-sales/files/sales.csv");
      Path onDisk = area.resolve("files/sales.csv");
      assertThat(Files.readAllBytes(onDisk)).isEqualTo(csv);
      assertThat(Files.getAttribute(onDisk, "unix:uid"))
          .as("written as the image's user")
          .isEqualTo(10001);
      assertThat(files.list()).containsExactly(written);
    } finally {
      stop(service);
    }
  }

  /**
   * A command that runs what follows it in the image's root, as its user, in its own namespaces.
   */
  private static List<String> chrooted(Path root, String workingDirectory) {
    return new ArrayList<>(
        List.of(
            "unshare",
            "--mount",
            "--pid",
            "--fork",
            "--kill-child",
            "--mount-proc=" + root.resolve("proc"),
            "chroot",
            "--userspec=10001:10001",
            root.toString(),
            "/usr/bin/env",
            "-i",
            "--chdir=" + workingDirectory));
  }

  /**
   * Stops the control plane and everything under it. Its JVM is the first process of its PID
   * namespace, so ending it ends the namespace; it is ended itself, not through {@code unshare}:
   * {@code --kill-child} does not reach a child whose user {@code chroot --userspec} changed (the
   * kernel clears a process's parent-death signal when its credentials change).
   */
  private static void stop(Process controlPlane) throws InterruptedException {
    List<ProcessHandle> tree = controlPlane.descendants().toList();
    tree.forEach(ProcessHandle::destroy);
    for (ProcessHandle process : tree) {
      try {
        process.onExit().get(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        process.destroyForcibly();
      }
    }
    controlPlane.destroy();
    if (!controlPlane.waitFor(10, TimeUnit.SECONDS)) {
      controlPlane.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(tree).noneMatch(ProcessHandle::isAlive);
  }

  private static String readiness(HttpClient http, int port) {
    try {
      return http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static void run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
  }

  private static String tail(Path log) {
    try (Stream<String> lines = Files.lines(log)) {
      List<String> all = lines.toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
