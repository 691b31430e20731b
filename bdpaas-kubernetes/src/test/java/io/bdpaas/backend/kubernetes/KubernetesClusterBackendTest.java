package io.bdpaas.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.bdpaas.backend.NodeDefinition;
import io.bdpaas.backend.NodeEvent;
import io.bdpaas.backend.NodeId;
import io.bdpaas.backend.NodePlacement;
import io.bdpaas.backend.NodeState;
import io.bdpaas.backend.PlacementRequest;
import io.bdpaas.backend.Readiness;
import io.bdpaas.backend.RecoveryReport;
import io.bdpaas.backend.StorageFileName;
import io.bdpaas.backend.StorageUnavailableException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backend against fabric8's mock API server in CRUD mode: it stores objects and serves lists,
 * watches and label selectors, and enforces nothing (no admission, no quota, no controllers, no
 * kubelet). What a StatefulSet controller and a kubelet would do, making the pod and reporting its
 * container's state, the test does itself. Server-side apply is not served by the mock, so the
 * backend writes with {@link Applier#createOrUpdate} here; the real API server tier checks apply.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesClusterBackendTest {
  private static final String NAMESPACE = "bdpaas--u7--bdpaas-u";
  private static final String CLUSTER = "c-12345678";

  KubernetesClient client;

  private final List<NodeEvent> events = new CopyOnWriteArrayList<>();
  private KubernetesClusterBackend backend;

  @BeforeEach
  void start() {
    backend = backend();
  }

  @AfterEach
  void stop() {
    backend.close();
  }

  @Test
  void aClusterIsCreatedRunsIsResizedAndLeavesNothingBehindWhenDeleted() {
    List<NodePlacement> placements =
        backend.place(
            List.of(
                new PlacementRequest(
                    new NodeId(CLUSTER, "master-0"),
                    "u7",
                    "master",
                    List.of("rpc", "ui", "rest"),
                    Optional.of("spark-4.2.0")),
                new PlacementRequest(
                    new NodeId(CLUSTER, "worker-0"),
                    "u7",
                    "worker",
                    List.of("rpc", "ui"),
                    Optional.of("spark-4.2.0"))));
    NodePlacement master = placements.get(0);
    assertThat(master.host())
        .isEqualTo("c-12345678-master-0-0.c-12345678-master." + NAMESPACE + ".svc.cluster.local");
    assertThat(master.ports()).isEqualTo(Map.of("rpc", 7077, "ui", 8080, "rest", 6066));
    assertThat(master.runtimeDir()).isEqualTo("/opt/spark");
    // Placing again gives the same answer: nothing is allocated.
    assertThat(
            backend
                .place(
                    List.of(
                        new PlacementRequest(
                            new NodeId(CLUSTER, "master-0"),
                            "u7",
                            "master",
                            List.of("rpc", "ui", "rest"),
                            Optional.empty())))
                .get(0)
                .host())
        .isEqualTo(master.host());

    backend.ensureRunning(TestNodes.node(CLUSTER, "master-0", "master", 1000, 1024));
    backend.ensureRunning(TestNodes.worker(0));

    // The tenant's namespace and its guards exist, with the tenant's quota.
    assertThat(client.namespaces().withName(NAMESPACE).get()).isNotNull();
    assertThat(
            client
                .resourceQuotas()
                .inNamespace(NAMESPACE)
                .withName("bdpaas-quota")
                .get()
                .getSpec()
                .getHard())
        .containsEntry("requests.cpu", new Quantity("6"));
    assertThat(
            client
                .network()
                .v1()
                .networkPolicies()
                .inNamespace(NAMESPACE)
                .withName("bdpaas-tenant-only")
                .get())
        .isNotNull();
    assertThat(
            client
                .serviceAccounts()
                .inNamespace(NAMESPACE)
                .withName("bdpaas-node")
                .get()
                .getAutomountServiceAccountToken())
        .isFalse();
    // Every object of the cluster is owned by its anchor.
    ConfigMap anchor = client.configMaps().inNamespace(NAMESPACE).withName(CLUSTER).get();
    for (StatefulSet set : client.apps().statefulSets().inNamespace(NAMESPACE).list().getItems()) {
      assertThat(set.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(anchor.getMetadata().getUid()));
    }
    assertThat(client.apps().statefulSets().inNamespace(NAMESPACE).list().getItems())
        .extracting(set -> set.getMetadata().getName())
        .containsExactlyInAnyOrder("c-12345678-master-0", "c-12345678-worker-0");
    assertThat(client.services().inNamespace(NAMESPACE).list().getItems())
        .extracting(service -> service.getMetadata().getName())
        .containsExactlyInAnyOrder("c-12345678-master", "c-12345678-worker");
    // Asking whether quota admission takes the pod created none.
    assertThat(client.pods().inNamespace(NAMESPACE).list().getItems()).isEmpty();

    NodeId worker = new NodeId(CLUSTER, "worker-0");
    await().atMost(Duration.ofSeconds(10)).until(() -> backend.state(worker).isPresent());
    assertThat(backend.state(worker)).contains(NodeState.STARTING);

    // The StatefulSet's controller and the kubelet start the pods.
    runPod(worker);
    runPod(new NodeId(CLUSTER, "master-0"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> backend.state(worker).equals(Optional.of(NodeState.RUNNING)));
    await().atMost(Duration.ofSeconds(10)).until(() -> hasEvent(worker, NodeEvent.Type.STARTED));
    assertThat(backend.observe(worker).orElseThrow().instance())
        .contains("pod " + NAMESPACE + "/c-12345678-worker-0-0");

    // Ensuring a running node again changes nothing.
    String version = statefulSet("c-12345678-worker-0").getMetadata().getResourceVersion();
    backend.ensureRunning(TestNodes.worker(0));
    assertThat(statefulSet("c-12345678-worker-0").getMetadata().getResourceVersion())
        .isEqualTo(version);

    // Resize: a second worker, then back to one.
    NodeId second = new NodeId(CLUSTER, "worker-1");
    backend.ensureRunning(TestNodes.worker(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> backend.state(second).isPresent());
    runPod(second);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> backend.state(second).equals(Optional.of(NodeState.RUNNING)));
    backend.stop(second);
    assertThat(
            client
                .apps()
                .statefulSets()
                .inNamespace(NAMESPACE)
                .withName("c-12345678-worker-1")
                .get())
        .isNull();
    assertThat(client.secrets().inNamespace(NAMESPACE).withName("c-12345678-worker-1-files").get())
        .isNull();
    await().atMost(Duration.ofSeconds(10)).until(() -> backend.state(second).isEmpty());
    assertThat(backend.state(worker)).contains(NodeState.RUNNING);

    backend.delete(CLUSTER);
    for (var kind :
        List.of(
            client
                .apps()
                .statefulSets()
                .inNamespace(NAMESPACE)
                .withLabel("bdpaas.io/cluster", CLUSTER)
                .list()
                .getItems(),
            client
                .pods()
                .inNamespace(NAMESPACE)
                .withLabel("bdpaas.io/cluster", CLUSTER)
                .list()
                .getItems(),
            client
                .services()
                .inNamespace(NAMESPACE)
                .withLabel("bdpaas.io/cluster", CLUSTER)
                .list()
                .getItems(),
            client
                .secrets()
                .inNamespace(NAMESPACE)
                .withLabel("bdpaas.io/cluster", CLUSTER)
                .list()
                .getItems(),
            client
                .configMaps()
                .inNamespace(NAMESPACE)
                .withLabel("bdpaas.io/cluster", CLUSTER)
                .list()
                .getItems())) {
      assertThat(kind).isEmpty();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> backend.state(worker).isEmpty());
    // The tenant's namespace stays for its other clusters and storage.
    assertThat(client.namespaces().withName(NAMESPACE).get()).isNotNull();
  }

  @Test
  void cpuAndMemoryComeFromTheMetricsApi() throws Exception {
    NodeId worker = new NodeId(CLUSTER, "worker-0");
    backend.ensureRunning(TestNodes.worker(0));
    await().atMost(Duration.ofSeconds(10)).until(() -> backend.state(worker).isPresent());
    runPod(worker);
    // What the metrics server reports of the pod: a quarter of a core and 256 MiB.
    client
        .resource(
            new io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder()
                .withNewMetadata()
                .withName("c-12345678-worker-0-0")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .addNewContainer()
                .withName("engine")
                .withUsage(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("256Mi")))
                .endContainer()
                .build())
        .create();

    var first = backend.observe(worker).orElseThrow();
    assertThat(first.memoryBytes()).hasValue(256L * 1024 * 1024);
    assertThat(first.cpuTime()).contains(Duration.ZERO);
    Thread.sleep(400);
    Duration used = backend.observe(worker).orElseThrow().cpuTime().orElseThrow();
    // A quarter of a core for at least 0.4 s.
    assertThat(used).isBetween(Duration.ofMillis(100), Duration.ofMillis(1000));
  }

  @Test
  void aNodeWithoutAContainerPartCannotRunHere() {
    NodeDefinition worker = TestNodes.worker(0);
    NodeDefinition processOnly =
        new NodeDefinition(
            worker.id(),
            "u7",
            "worker",
            worker.placement(),
            1000,
            512,
            Optional.empty(),
            Optional.empty());
    assertThat(backend.cannotRun(processOnly))
        .hasValueSatisfying(why -> assertThat(why).contains("'container' part"));
    assertThat(backend.cannotRun(worker)).isEmpty();
  }

  @Test
  void crashesOomKillsAndKubernetesWarningsBecomeNodeEvents() {
    NodeId worker = new NodeId(CLUSTER, "worker-0");
    backend.ensureRunning(TestNodes.worker(0));
    await().atMost(Duration.ofSeconds(10)).until(() -> backend.state(worker).isPresent());
    runPod(worker);
    await().atMost(Duration.ofSeconds(10)).until(() -> hasEvent(worker, NodeEvent.Type.STARTED));

    // The kubelet restarts the container after the kernel killed it for its memory.
    Pod pod = client.pods().inNamespace(NAMESPACE).withName("c-12345678-worker-0-0").get();
    var status = pod.getStatus().getContainerStatuses().get(0);
    status.setRestartCount(1);
    status.setLastState(
        new io.fabric8.kubernetes.api.model.ContainerStateBuilder()
            .withNewTerminated()
            .withExitCode(137)
            .withReason("OOMKilled")
            .endTerminated()
            .build());
    status.setState(
        new io.fabric8.kubernetes.api.model.ContainerStateBuilder()
            .withNewWaiting()
            .withReason("CrashLoopBackOff")
            .endWaiting()
            .build());
    client.pods().inNamespace(NAMESPACE).resource(pod).updateStatus();
    await().atMost(Duration.ofSeconds(10)).until(() -> hasEvent(worker, NodeEvent.Type.EXITED));
    assertThat(
            events.stream()
                .filter(e -> e.type() == NodeEvent.Type.EXITED)
                .findFirst()
                .orElseThrow()
                .message())
        .contains("memory limit");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> backend.state(worker).equals(Optional.of(NodeState.BACKING_OFF)));
    assertThat(backend.observe(worker).orElseThrow().restarts()).isEqualTo(1);
    assertThat(backend.observe(worker).orElseThrow().lastExitCode()).hasValue(137);

    // The StatefulSet's controller could not make a pod: the quota says no.
    client
        .v1()
        .events()
        .inNamespace(NAMESPACE)
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName("c-12345678-worker-0.1")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withType("Warning")
                .withReason("FailedCreate")
                .withMessage(
                    "create Pod c-12345678-worker-0-0 in StatefulSet c-12345678-worker-0 failed error: pods \"c-12345678-worker-0-0\" is forbidden: exceeded quota: bdpaas-quota, requested: limits.cpu=2, used: limits.cpu=6, limited: limits.cpu=6")
                .withNewInvolvedObject()
                .withKind("StatefulSet")
                .withNamespace(NAMESPACE)
                .withName("c-12345678-worker-0")
                .endInvolvedObject()
                .withLastTimestamp(Instant.now().plusSeconds(1).toString())
                .build())
        .create();
    await().atMost(Duration.ofSeconds(10)).until(() -> hasEvent(worker, NodeEvent.Type.WARNING));
    assertThat(
            events.stream()
                .filter(e -> e.type() == NodeEvent.Type.WARNING)
                .findFirst()
                .orElseThrow()
                .message())
        .startsWith("the tenant's quota refuses the node's pod:")
        .contains("limits.cpu=6");
  }

  @Test
  void aFileRewriteReachesTheNodesSecretWithoutRestartingIt() {
    NodeDefinition worker = TestNodes.worker(0);
    backend.ensureRunning(worker);
    await().atMost(Duration.ofSeconds(10)).until(() -> backend.state(worker.id()).isPresent());
    String version = statefulSet("c-12345678-worker-0").getMetadata().getResourceVersion();

    backend.rewriteFile(worker, "conf/log4j2.properties", "rootLogger.level = debug\n");

    var data =
        client
            .secrets()
            .inNamespace(NAMESPACE)
            .withName("c-12345678-worker-0-files")
            .get()
            .getData();
    assertThat(data.values())
        .extracting(value -> new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8))
        .contains("rootLogger.level = debug\n")
        .doesNotContain("rootLogger.level = info\n");
    assertThat(statefulSet("c-12345678-worker-0").getMetadata().getResourceVersion())
        .isEqualTo(version);
    assertThatThrownBy(() -> backend.rewriteFile(worker, "conf/other", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNewControlPlaneAdoptsTheNodesOfActiveClustersAndDeletesTheRest() {
    NodeDefinition kept = TestNodes.worker(0);
    NodeDefinition orphan = TestNodes.node("c-87654321", "worker-0", "worker", 1000, 512);
    backend.ensureRunning(kept);
    backend.ensureRunning(orphan);
    backend.close();

    backend = backend();
    RecoveryReport report = backend.recover(Map.of(CLUSTER, List.of(kept)));

    assertThat(report.adopted()).containsExactly(kept.id());
    assertThat(report.orphansStopped()).containsExactly("c-87654321");
    assertThat(
            client
                .apps()
                .statefulSets()
                .inNamespace(NAMESPACE)
                .withLabel("bdpaas.io/cluster", "c-87654321")
                .list()
                .getItems())
        .isEmpty();
    assertThat(backend.state(kept.id())).contains(NodeState.STARTING);
    assertThat(events)
        .anyMatch(event -> event.type() == NodeEvent.Type.ADOPTED && event.id().equals(kept.id()));
  }

  @Test
  void aStorageAreaIsAClaimInTheTenantsNamespaceWithAFileServiceOfItsOwn() {
    String path = backend.ensureStorage("u7", "p-sales");
    assertThat(path).isEqualTo("/bdpaas/storage/p-sales");
    assertThat(backend.ensureStorage("u7", "p-sales")).isEqualTo(path);
    var claim =
        client.persistentVolumeClaims().inNamespace(NAMESPACE).withName("storage-p-sales").get();
    assertThat(claim.getSpec().getResources().getRequests())
        .containsEntry("storage", new Quantity("10Gi"));
    assertThatThrownBy(() -> backend.ensureStorage("u7", "../etc"))
        .isInstanceOf(IllegalArgumentException.class);
    // The file service: its token, pod, Service and policy, all labelled with the area.
    assertThat(client.apps().statefulSets().inNamespace(NAMESPACE).withName("files-p-sales").get())
        .isNotNull();
    var token = client.secrets().inNamespace(NAMESPACE).withName("files-p-sales-token").get();
    assertThat(token.getData()).containsKey("token");
    // Made again (a new control plane), it keeps its token.
    try (KubernetesClusterBackend next = backend()) {
      next.ensureStorage("u7", "p-sales");
    }
    assertThat(
            client.secrets().inNamespace(NAMESPACE).withName("files-p-sales-token").get().getData())
        .isEqualTo(token.getData());

    // Files go through the service, which the mock API server cannot run: unavailable for now,
    // with the reason. An area never made has no files.
    try (KubernetesClusterBackend outside =
        backend(
            settings ->
                settings.withNodeAccess(KubernetesBackendSettings.NodeAccess.PORT_FORWARD))) {
      var files = outside.storageFiles("u7", "p-sales");
      assertThat(files.location(new StorageFileName("sales.csv")))
          .isEqualTo("/bdpaas/storage/p-sales/files/sales.csv");
      assertThatThrownBy(files::list)
          .isInstanceOf(StorageUnavailableException.class)
          .hasMessageContaining("does not answer now");
      var none = outside.storageFiles("u7", "p-nothing");
      assertThat(none.list()).isEmpty();
      assertThat(none.open(new StorageFileName("sales.csv"))).isEmpty();
    }

    backend.deleteStorage("u7", "p-sales");
    assertThat(
            client
                .persistentVolumeClaims()
                .inNamespace(NAMESPACE)
                .withName("storage-p-sales")
                .get())
        .isNull();
    assertThat(client.apps().statefulSets().inNamespace(NAMESPACE).list().getItems()).isEmpty();
    assertThat(
            client.secrets().inNamespace(NAMESPACE).withLabel("bdpaas.io/files").list().getItems())
        .isEmpty();
    assertThat(client.network().v1().networkPolicies().inNamespace(NAMESPACE).list().getItems())
        .extracting(policy -> policy.getMetadata().getName())
        .containsExactly(TenantObjects.NETWORK_POLICY);
  }

  @Test
  void portsATemplateExposesArePublishedThroughIngressesAndGoWithTheirNode() {
    try (KubernetesClusterBackend publishing =
        backend(
            settings ->
                settings.withIngress(
                    new KubernetesBackendSettings.Ingress(
                        "nginx", "bdpaas.example.com", "ingress-nginx")))) {
      NodePlacement placed =
          publishing
              .place(
                  List.of(
                      new PlacementRequest(
                          new NodeId(CLUSTER, "connect-0"),
                          "u7",
                          "connect",
                          List.of("grpc", "ui"),
                          Optional.of("spark-4.2.0"))))
              .get(0);
      assertThat(placed.external())
          .containsEntry("grpc", "c-12345678-connect-0-grpc.bdpaas.example.com:443");
      // Without publishing, nothing is given an outside address.
      assertThat(
              backend
                  .place(
                      List.of(
                          new PlacementRequest(
                              new NodeId(CLUSTER, "connect-0"),
                              "u7",
                              "connect",
                              List.of("grpc"),
                              Optional.empty())))
                  .get(0)
                  .external())
          .isEmpty();

      NodeDefinition connect = TestNodes.connect();
      publishing.ensureRunning(connect);
      publishing.ensureRunning(TestNodes.worker(0));

      String name = "c-12345678-connect-0-grpc";
      assertThat(client.network().v1().ingresses().inNamespace(NAMESPACE).list().getItems())
          .extracting(ingress -> ingress.getMetadata().getName())
          .containsExactly(name);
      assertThat(client.services().inNamespace(NAMESPACE).withName(name).get()).isNotNull();
      assertThat(
              client.network().v1().networkPolicies().inNamespace(NAMESPACE).withName(name).get())
          .isNotNull();

      publishing.stop(connect.id());

      assertThat(client.network().v1().ingresses().inNamespace(NAMESPACE).list().getItems())
          .isEmpty();
      assertThat(client.services().inNamespace(NAMESPACE).withName(name).get()).isNull();
      assertThat(client.network().v1().networkPolicies().inNamespace(NAMESPACE).list().getItems())
          .extracting(policy -> policy.getMetadata().getName())
          .as("the tenant's own policy stays")
          .containsExactly(TenantObjects.NETWORK_POLICY);
      assertThat(client.services().inNamespace(NAMESPACE).withName("c-12345678-worker").get())
          .as("the worker's group Service stays")
          .isNotNull();
      publishing.delete(CLUSTER);
    }
  }

  @Test
  void insideTheClusterNodesAreReachedByTheirNamesAndOutsideThroughPortForwards() {
    String host = TestNodes.NAMES.host("u7", new NodeId(CLUSTER, "master-0"));
    assertThat(backend.addresses().reach(host, 8080))
        .isEqualTo(InetSocketAddress.createUnresolved(host, 8080));

    try (KubernetesClusterBackend outside =
        backend(
            settings ->
                settings.withNodeAccess(KubernetesBackendSettings.NodeAccess.PORT_FORWARD))) {
      InetSocketAddress local = outside.addresses().reach(host, 8080);
      assertThat(local.getHostString()).isEqualTo("127.0.0.1");
      assertThat(local.getPort()).isPositive().isNotEqualTo(8080);
      assertThat(outside.addresses().reach("example.com", 80).getHostString())
          .isEqualTo("example.com");
      // The mock API server serves no port-forward stream: a TCP check through it is not ready,
      // where a plain connection to the forward's local port would have said it is.
      assertThat(
              outside
                  .probe(
                      Optional.of(
                          new Readiness(
                              null, host + ":15002", null, null, null, null, null, null, null)))
                  .ready())
          .isFalse();
    }
  }

  private KubernetesClusterBackend backend() {
    return backend(settings -> settings);
  }

  /** A backend of its own on the mock API server, with settings changed from the tests' own. */
  private KubernetesClusterBackend backend(UnaryOperator<KubernetesBackendSettings> change) {
    KubernetesClient own =
        new KubernetesClientBuilder().withConfig(client.getConfiguration()).build();
    return new KubernetesClusterBackend(
        own,
        change.apply(
            KubernetesBackendSettings.defaults("bdpaas-system")
                .withDeleteTimeout(Duration.ofSeconds(10))),
        tenant -> new TenantQuota(6, 12288),
        events::add,
        Applier.createOrUpdate(own));
  }

  /** What the StatefulSet's controller and the kubelet do: the pod, its container running. */
  private void runPod(NodeId node) {
    StatefulSet set =
        client
            .apps()
            .statefulSets()
            .inNamespace(NAMESPACE)
            .withName(TestNodes.NAMES.node(node))
            .get();
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(TestNodes.NAMES.pod(node))
            .withNamespace(NAMESPACE)
            .withLabels(set.getSpec().getTemplate().getMetadata().getLabels())
            .endMetadata()
            .withSpec(set.getSpec().getTemplate().getSpec())
            .build();
    client.pods().inNamespace(NAMESPACE).resource(pod).create();
    Pod running = PodStatesTest.pod("Running", "running");
    pod.setStatus(running.getStatus());
    client.pods().inNamespace(NAMESPACE).resource(pod).updateStatus();
  }

  private StatefulSet statefulSet(String name) {
    return client.apps().statefulSets().inNamespace(NAMESPACE).withName(name).get();
  }

  private boolean hasEvent(NodeId node, NodeEvent.Type type) {
    return events.stream().anyMatch(event -> event.id().equals(node) && event.type() == type);
  }
}
