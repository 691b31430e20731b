package io.bdpaas.bench;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;

/**
 * fabric8's mock Kubernetes API server in CRUD mode, in a process of its own so that its CPU is not
 * counted as the control plane's: prints {@code PORT <port>} and serves plain HTTP on loopback
 * until its standard input closes.
 */
public final class MockApiServer {
  /** Held so that the level set on it stays: the mock logs every request at INFO. */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private MockApiServer() {}

  public static void main(String[] args) throws IOException {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    System.out.println("PORT " + server.getPort());
    System.out.flush();
    while (System.in.read() >= 0) {
      // until the benchmark closes our input
    }
    server.destroy();
  }
}
