package io.bdpaas.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.bdpaas.backend.NodeId;
import io.bdpaas.backend.StorageFileName;
import io.bdpaas.backend.StorageFiles;
import io.bdpaas.backend.local.LocalStorageFiles;
import io.bdpaas.backend.local.StorageFilesServer;
import io.bdpaas.backend.remote.RemoteStorageFiles;
import io.bdpaas.engine.EngineClientException;
import io.bdpaas.engine.EngineHttp;
import io.bdpaas.engine.ProbeResult;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Port-forwards for a control plane outside the cluster, against {@link PortForwardServer}: the
 * port-forward protocol as the API server and kubelet speak it, relaying to a local HTTP server
 * that plays the pod. What it cannot show: a real kubelet's streams (there is none here).
 */
class PortForwardsTest {
  private static final KubernetesNames NAMES = new KubernetesNames("bdpaas", "cluster.local");
  private static final NodeId NODE = new NodeId("c1", "master-0");
  private static final String NAMESPACE = NAMES.namespace("u1");

  private PortForwardServer apiServer;
  private HttpServer pod;
  private KubernetesClient client;
  private PortForwards forwards;

  @BeforeEach
  void start() throws Exception {
    apiServer = new PortForwardServer();
    pod = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    pod.createContext(
        "/json/",
        exchange -> {
          byte[] body =
              ("{\"path\":\"" + exchange.getRequestURI() + "\"}").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    pod.start();
    client =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl(apiServer.url()).build())
            .build();
    forwards = new PortForwards(client, NAMES);
  }

  @AfterEach
  void stop() throws Exception {
    forwards.close();
    client.close();
    pod.stop(0);
    apiServer.close();
  }

  @Test
  void aNodesAddressIsReachedThroughAForwardToItsPod() {
    apiServer.pod(NAMESPACE, NAMES.pod(NODE), pod.getAddress().getPort());
    String host = NAMES.host("u1", NODE);

    URI routed = forwards.reach(URI.create("http://" + host + ":8080/json/overview?x=%20y"));

    assertThat(routed.getHost()).isEqualTo("127.0.0.1");
    assertThat(routed.getPort()).isNotEqualTo(8080);
    assertThat(routed.getRawPath() + "?" + routed.getRawQuery()).isEqualTo("/json/overview?x=%20y");
    EngineHttp http = EngineHttp.create().reaching(forwards);
    assertThat(
            http.getJson(URI.create("http://" + host + ":8080/json/overview"))
                .path("path")
                .asString())
        .isEqualTo("/json/overview");
    assertThat(apiServer.streams).contains(NAMESPACE + "/" + NAMES.pod(NODE) + ":8080");

    // One forward per pod port, kept: a second request goes through the same local port.
    assertThat(forwards.reach(host, 8080)).isEqualTo(forwards.reach(host, 8080));
    assertThat(forwards.openCount()).isEqualTo(1);
    forwards.reach(host, 7077);
    assertThat(forwards.openCount()).isEqualTo(2);

    forwards.forget(NAMESPACE, NAMES.pod(NODE));
    assertThat(forwards.openCount()).isZero();
  }

  @Test
  void aStorageAreasFilesAreServedThroughAForwardToItsFileService(@TempDir Path storage)
      throws IOException {
    java.nio.file.Files.createDirectories(
        storage.resolve("p-sales").resolve(LocalStorageFiles.FOLDER));
    try (StorageFilesServer service =
        StorageFilesServer.start(
            LocalStorageFiles.of(storage, "p-sales"),
            "area-token",
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      apiServer.pod(NAMESPACE, "files-p-sales-0", service.port());
      StorageFiles files =
          new RemoteStorageFiles(
              HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
              URI.create("http://" + NAMES.filesHost("u1", "p-sales") + ":8080"),
              "area-token",
              "/bdpaas/storage/p-sales",
              forwards);

      byte[] csv = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
      files.write(new StorageFileName("t.csv"), new ByteArrayInputStream(csv), 100);

      assertThat(files.list())
          .singleElement()
          .satisfies(file -> assertThat(file.sizeBytes()).isEqualTo(csv.length));
      try (var opened = files.open(new StorageFileName("t.csv")).orElseThrow()) {
        assertThat(opened.content().readAllBytes()).isEqualTo(csv);
      }
      assertThat(apiServer.streams).contains(NAMESPACE + "/files-p-sales-0:8080");
    }
  }

  @Test
  void addressesOfNoTenantPodAreReachedAsTheyAre() {
    assertThat(forwards.reach("kubernetes.default.svc.cluster.local", 443))
        .isEqualTo(InetSocketAddress.createUnresolved("kubernetes.default.svc.cluster.local", 443));
    assertThat(forwards.reach("a.b.kube-system.svc.cluster.local", 80).getHostString())
        .isEqualTo("a.b.kube-system.svc.cluster.local");
    assertThat(forwards.reach("example.com", 80).getHostString()).isEqualTo("example.com");
    URI outside = URI.create("https://example.com/x");
    assertThat(forwards.reach(outside)).isSameAs(outside);
    assertThat(forwards.openCount()).isZero();
  }

  @Test
  void aTcpProbeThroughTheApiServerTellsAnOpenPortFromARefusedOne() throws IOException {
    String host = NAMES.host("u1", NODE);
    apiServer.pod(NAMESPACE, NAMES.pod(NODE), pod.getAddress().getPort());
    assertThat(forwards.probeTcp(host, 15002).ready()).isTrue();

    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    apiServer.pod(NAMESPACE, NAMES.pod(NODE), closedPort);
    ProbeResult refused = forwards.probeTcp(host, 15002);
    assertThat(refused.ready()).isFalse();
    assertThat(refused.detail()).contains("connection refused");

    // Whereas the forward's own local port accepts connections whatever the pod's port does.
    InetSocketAddress local = forwards.reach(host, 15002);
    try (Socket socket = new Socket(local.getHostString(), local.getPort())) {
      assertThat(socket.isConnected()).isTrue();
    }
  }

  @Test
  void aPodTheApiServerDoesNotKnowGivesAClearErrorOnUse() {
    String host = NAMES.host("u1", new NodeId("c9", "worker-0"));
    EngineHttp http = EngineHttp.create().reaching(forwards);

    assertThatThrownBy(() -> http.get(URI.create("http://" + host + ":8080/")))
        .isInstanceOf(RuntimeException.class);
    assertThat(forwards.probeTcp(host, 8080).ready()).isFalse();
  }

  @Test
  void aClosedForwarderRefusesNewForwards() {
    forwards.close();
    assertThatThrownBy(() -> forwards.reach(NAMES.host("u1", NODE), 8080))
        .isInstanceOf(EngineClientException.class)
        .hasMessageContaining("shutting down");
  }
}
