package io.bdpaas.deploy;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real kube-apiserver (1.20.2) with its etcd on loopback, from the binaries {@code
 * .ci/kube-apiserver.sh} provides ({@code BDPAAS_K8S_BIN}, else {@code
 * ~/.cache/bdpaas/k8s-1.20.2/bin}): real validation, admission (quota included) and RBAC, but no
 * controller manager, scheduler or kubelet, so nothing creates or runs pods and no quota status is
 * computed. Two identities: an administrator ({@code system:masters}) and a plain user with no role
 * until a test binds one.
 */
public final class RealApiServer implements AutoCloseable {
  public static final String BACKEND_USER = "bdpaas-backend";

  private final Path work;
  private final List<Process> processes = new ArrayList<>();
  private final int port;
  private final String adminToken = token();
  private final String backendToken = token();

  private RealApiServer(Path work, int port) {
    this.work = work;
    this.port = port;
  }

  /** Starts etcd, then the API server, and returns once it is ready. */
  public static RealApiServer start(Path work) throws Exception {
    Path bin = binaries();
    RealApiServer server = new RealApiServer(work, freePort());
    try {
      server.startProcesses(bin);
    } catch (Exception e) {
      server.close();
      throw e;
    }
    return server;
  }

  static Path binaries() {
    String given = System.getenv("BDPAAS_K8S_BIN");
    Path bin =
        given == null || given.isBlank()
            ? Path.of(System.getProperty("user.home"), ".cache", "bdpaas", "k8s-1.20.2", "bin")
            : Path.of(given);
    if (!Files.isExecutable(bin.resolve("kube-apiserver"))
        || !Files.isExecutable(bin.resolve("etcd"))) {
      throw new IllegalStateException(
          "no kube-apiserver and etcd in "
              + bin
              + ": run .ci/kube-apiserver.sh (it builds them from Debian's packages once), or set"
              + " BDPAAS_K8S_BIN");
    }
    return bin;
  }

  private void startProcesses(Path bin) throws Exception {
    int etcdPort = freePort();
    int peerPort = freePort();
    Path etcdData = Files.createDirectories(work.resolve("etcd"));
    processes.add(
        start(
            "etcd",
            List.of(
                bin.resolve("etcd").toString(),
                "--data-dir",
                etcdData.toString(),
                "--listen-client-urls",
                "http://127.0.0.1:" + etcdPort,
                "--advertise-client-urls",
                "http://127.0.0.1:" + etcdPort,
                "--listen-peer-urls",
                "http://127.0.0.1:" + peerPort,
                "--initial-advertise-peer-urls",
                "http://127.0.0.1:" + peerPort,
                "--initial-cluster",
                "default=http://127.0.0.1:" + peerPort)));

    KeyPair serviceAccountKey = KeyPairGenerator.getInstance("RSA").genKeyPair();
    Path privateKey = work.resolve("sa.key");
    Path publicKey = work.resolve("sa.pub");
    Files.writeString(privateKey, pem("PRIVATE KEY", serviceAccountKey.getPrivate().getEncoded()));
    Files.writeString(publicKey, pem("PUBLIC KEY", serviceAccountKey.getPublic().getEncoded()));
    Path tokens = work.resolve("tokens.csv");
    Files.writeString(
        tokens,
        adminToken
            + ",admin,admin,\"system:masters\"\n"
            + backendToken
            + ","
            + BACKEND_USER
            + ","
            + BACKEND_USER
            + "\n");
    processes.add(
        start(
            "kube-apiserver",
            List.of(
                bin.resolve("kube-apiserver").toString(),
                "--etcd-servers=http://127.0.0.1:" + etcdPort,
                "--secure-port=" + port,
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                "--cert-dir=" + Files.createDirectories(work.resolve("certs")),
                "--token-auth-file=" + tokens,
                "--authorization-mode=RBAC",
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                "--service-account-key-file=" + publicKey,
                "--service-account-signing-key-file=" + privateKey,
                "--service-cluster-ip-range=10.0.0.0/24")));

    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    try (KubernetesClient admin = admin()) {
      while (true) {
        for (Process process : processes) {
          if (!process.isAlive()) {
            throw new IllegalStateException(
                "a process of the API server exited; see " + work + "/*.log");
          }
        }
        try {
          String ready = admin.raw("/readyz");
          if (ready != null && ready.contains("ok")) {
            return;
          }
        } catch (RuntimeException notYet) {
          // not listening yet
        }
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("the API server was not ready in 2 minutes; see " + work);
        }
        Thread.sleep(250);
      }
    }
  }

  /** A client acting as a cluster administrator. */
  public KubernetesClient admin() {
    return client(adminToken);
  }

  /** A client acting as the backend's user, which has only the roles a test binds to it. */
  public KubernetesClient backend() {
    return client(backendToken);
  }

  /** Binds the Helm chart's own ClusterRole, as Helm renders it, to the backend's user. */
  public void grantBackendTheChartsRole() throws Exception {
    ClusterRole role =
        new KubernetesSerialization()
            .unmarshal(
                Helm.document(Helm.renderTemplate("templates/rbac.yaml"), "ClusterRole"),
                ClusterRole.class);
    try (KubernetesClient admin = admin()) {
      admin.resource(role).create();
      admin
          .resource(
              new ClusterRoleBindingBuilder()
                  .withNewMetadata()
                  .withName("bdpaas-backend-test")
                  .endMetadata()
                  .withNewRoleRef()
                  .withApiGroup("rbac.authorization.k8s.io")
                  .withKind("ClusterRole")
                  .withName(role.getMetadata().getName())
                  .endRoleRef()
                  .addNewSubject()
                  .withApiGroup("rbac.authorization.k8s.io")
                  .withKind("User")
                  .withName(BACKEND_USER)
                  .endSubject()
                  .build())
          .create();
    }
  }

  /** A kubeconfig file that connects as the backend's user, as a control plane is given one. */
  public Path writeBackendKubeconfig(Path file) throws IOException {
    return Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: test
            cluster: {server: "https://127.0.0.1:%d", insecure-skip-tls-verify: true}
        users:
          - name: bdpaas-backend
            user: {token: "%s"}
        contexts:
          - name: test
            context: {cluster: test, user: bdpaas-backend}
        current-context: test
        """
            .formatted(port, backendToken));
  }

  private KubernetesClient client(String token) {
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder()
                .withMasterUrl("https://127.0.0.1:" + port)
                .withTrustCerts(true)
                .withOauthToken(token)
                .withRequestRetryBackoffLimit(0)
                .build())
        .build();
  }

  private Process start(String name, List<String> command) throws IOException {
    Path log = work.resolve(name + ".log");
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  @Override
  public void close() throws InterruptedException {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process process = processes.get(i);
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static String token() {
    byte[] random = new byte[24];
    new java.security.SecureRandom().nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
