package io.bdpaas.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.bdpaas.backend.ContainerPart;
import io.bdpaas.backend.NodeDefinition;
import io.bdpaas.backend.NodeEvent;
import io.bdpaas.backend.NodeId;
import io.bdpaas.backend.NodePlacement;
import io.bdpaas.backend.NodeStartException;
import io.bdpaas.backend.NodeState;
import io.bdpaas.backend.PlacementRequest;
import io.bdpaas.backend.Readiness;
import io.bdpaas.backend.kubernetes.Applier;
import io.bdpaas.backend.kubernetes.KubernetesBackendSettings;
import io.bdpaas.backend.kubernetes.KubernetesClusterBackend;
import io.bdpaas.backend.kubernetes.TenantQuota;
import io.bdpaas.engine.ProbeResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Kubernetes backend against a real kube-apiserver 1.20 and etcd ({@link RealApiServer}), as
 * the user the Helm chart's ClusterRole is bound to and nothing more, writing with server-side
 * apply and asking quota admission with dry runs, as in production.
 *
 * <p>What this cannot show: no controller manager, scheduler or kubelet runs, so no StatefulSet
 * makes a pod, no pod is scheduled or started, and no quota's usage is computed. Where the test
 * needs those, it writes what they would: a node's pod and its running status, and the quota's
 * status (as the quota controller would on a real cluster, where admission then refuses a pod
 * beyond it). Network policies are stored but not enforced (no network plugin).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealApiServerIT {
  private static final String CLUSTER = "c-12345678";
  private static final String TENANT = "u7";
  private static final String NAMESPACE = "bdpaas--u7--bdpaas-u";

  private static RealApiServer server;
  private static KubernetesClient admin;
  private static KubernetesClusterBackend backend;
  private static final List<NodeEvent> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Path work = Files.createDirectories(Path.of("target", "real-api-server")).toAbsolutePath();
    server = RealApiServer.start(Files.createTempDirectory(work, "run-"));
    admin = server.admin();
    server.grantBackendTheChartsRole();
    KubernetesClient client = server.backend();
    backend =
        new KubernetesClusterBackend(
            client,
            KubernetesBackendSettings.defaults("bdpaas-system")
                .withDeleteTimeout(Duration.ofSeconds(30))
                .withIngress(
                    new KubernetesBackendSettings.Ingress(
                        "nginx", "bdpaas.example.com", "ingress-nginx")),
            tenant -> new TenantQuota(2, 4096),
            events::add,
            Applier.serverSide(client));
  }

  @AfterAll
  static void stop() throws Exception {
    if (backend != null) {
      backend.close();
    }
    if (admin != null) {
      admin.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Order(1)
  void theApiServerAcceptsEveryObjectTheBackendAppliesUnderTheChartsRole() {
    backend.ensureRunning(node("master-0", "master", 500, 1024));
    backend.ensureRunning(node("worker-0", "worker", 1000, 1536));

    assertThat(admin.namespaces().withName(NAMESPACE).get().getMetadata().getLabels())
        .containsEntry("bdpaas.io/tenant", TENANT);
    ResourceQuota quota =
        admin.resourceQuotas().inNamespace(NAMESPACE).withName("bdpaas-quota").get();
    assertThat(quota.getSpec().getHard()).containsEntry("limits.cpu", new Quantity("2"));
    assertThat(admin.apps().statefulSets().inNamespace(NAMESPACE).list().getItems())
        .extracting(set -> set.getMetadata().getName())
        .containsExactlyInAnyOrder("c-12345678-master-0", "c-12345678-worker-0");
    StatefulSet worker =
        admin.apps().statefulSets().inNamespace(NAMESPACE).withName("c-12345678-worker-0").get();
    assertThat(worker.getMetadata().getManagedFields())
        .as("written by server-side apply, with the backend's field manager")
        .anySatisfy(
            field -> {
              assertThat(field.getManager()).isEqualTo(Applier.FIELD_MANAGER);
              assertThat(field.getOperation()).isEqualTo("Apply");
            });
    assertThat(
            worker
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getResources()
                .getLimits())
        .containsEntry("cpu", new Quantity("1"))
        .containsEntry("memory", new Quantity("1536Mi"));
    assertThat(
            admin
                .services()
                .inNamespace(NAMESPACE)
                .withName("c-12345678-worker")
                .get()
                .getSpec()
                .getClusterIP())
        .isEqualTo("None");
    assertThat(
            admin
                .secrets()
                .inNamespace(NAMESPACE)
                .withName("c-12345678-worker-0-files")
                .get()
                .getData())
        .hasSize(2);
    // The master exposes its UI: published by an Ingress, reached through a Service of that pod's
    // port alone, and let in from the ingress controller's namespace by a NetworkPolicy.
    String published = "c-12345678-master-0-ui";
    io.fabric8.kubernetes.api.model.networking.v1.Ingress ingress =
        admin.network().v1().ingresses().inNamespace(NAMESPACE).withName(published).get();
    assertThat(ingress.getSpec().getRules().get(0).getHost())
        .isEqualTo(published + ".bdpaas.example.com");
    assertThat(ingress.getMetadata().getManagedFields())
        .anySatisfy(field -> assertThat(field.getManager()).isEqualTo(Applier.FIELD_MANAGER));
    assertThat(
            admin.services().inNamespace(NAMESPACE).withName(published).get().getSpec().getType())
        .isEqualTo("ClusterIP");
    assertThat(
            admin.network().v1().networkPolicies().inNamespace(NAMESPACE).withName(published).get())
        .isNotNull();
    assertThat(admin.network().v1().ingresses().inNamespace(NAMESPACE).list().getItems())
        .as("the worker exposes nothing")
        .hasSize(1);
    // Applying the same node again changes nothing (its definition's hash is the same).
    String version = worker.getMetadata().getResourceVersion();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> backend.state(new NodeId(CLUSTER, "worker-0")).isPresent());
    backend.ensureRunning(node("worker-0", "worker", 1000, 1536));
    assertThat(
            admin
                .apps()
                .statefulSets()
                .inNamespace(NAMESPACE)
                .withName("c-12345678-worker-0")
                .get()
                .getMetadata()
                .getResourceVersion())
        .isEqualTo(version);
  }

  @Test
  @Order(2)
  void quotaAdmissionRefusesANodeBeyondTheTenantsQuotaWithAClearError() {
    // What the quota controller would write: the two nodes above use 1.5 of the tenant's 2 cores.
    writeQuotaUsage("1500m", "2560Mi");

    assertThatThrownBy(() -> backend.ensureRunning(node("worker-1", "worker", 1000, 1536)))
        .isInstanceOf(NodeStartException.class)
        .hasMessageContaining("Kubernetes refused the pod of node worker-1")
        .hasMessageContaining("the tenant's quota is used up")
        .hasMessageContaining("exceeded quota: bdpaas-quota");
    assertThat(
            admin
                .apps()
                .statefulSets()
                .inNamespace(NAMESPACE)
                .withName("c-12345678-worker-1")
                .get())
        .as("nothing is made for a refused node")
        .isNull();
    assertThat(admin.pods().inNamespace(NAMESPACE).list().getItems())
        .as("the dry run stored no pod")
        .isEmpty();
    // A node that fits is still taken.
    backend.ensureRunning(node("connect-0", "connect", 250, 512));
    assertThat(
            admin
                .apps()
                .statefulSets()
                .inNamespace(NAMESPACE)
                .withName("c-12345678-connect-0")
                .get())
        .isNotNull();
  }

  @Test
  @Order(3)
  void theNetworkPolicyServiceAccountAndRoleAreWhatTheDocsSay() {
    var policy =
        admin
            .network()
            .v1()
            .networkPolicies()
            .inNamespace(NAMESPACE)
            .withName("bdpaas-tenant-only")
            .get();
    assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    var from = policy.getSpec().getIngress().get(0).getFrom();
    assertThat(from).hasSize(2);
    assertThat(from.get(0).getPodSelector().getMatchLabels()).isNullOrEmpty();
    assertThat(from.get(1).getNamespaceSelector().getMatchLabels())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "bdpaas-system"));
    assertThat(
            admin
                .serviceAccounts()
                .inNamespace(NAMESPACE)
                .withName("bdpaas-node")
                .get()
                .getAutomountServiceAccountToken())
        .isFalse();
    assertThat(admin.rbac().roleBindings().inNamespace(NAMESPACE).list().getItems())
        .as("no role is bound in a tenant's namespace")
        .isEmpty();

    // The backend's user can do what the backend does, and not what it must not.
    try (KubernetesClient asBackend = server.backend()) {
      assertThat(forbidden(() -> asBackend.nodes().list())).isTrue();
      assertThat(forbidden(() -> asBackend.namespaces().withName(NAMESPACE).delete())).isTrue();
      assertThat(forbidden(() -> asBackend.rbac().roleBindings().inNamespace(NAMESPACE).list()))
          .isTrue();
      assertThat(forbidden(() -> asBackend.pods().inNamespace(NAMESPACE).list())).isFalse();
    }
  }

  @Test
  @Order(4)
  void aNodeIsRunningOnceItsPodRunsAndDeletingTheClusterLeavesNothingBehind() {
    NodeId worker = new NodeId(CLUSTER, "worker-0");
    // What the quota controller would write now: no pod uses anything yet.
    writeQuotaUsage("0", "0");
    // What the StatefulSet controller and the kubelet would do.
    StatefulSet set =
        admin.apps().statefulSets().inNamespace(NAMESPACE).withName("c-12345678-worker-0").get();
    Pod pod =
        admin
            .pods()
            .inNamespace(NAMESPACE)
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName("c-12345678-worker-0-0")
                    .withNamespace(NAMESPACE)
                    .withLabels(set.getSpec().getTemplate().getMetadata().getLabels())
                    .endMetadata()
                    .withSpec(set.getSpec().getTemplate().getSpec())
                    .build())
            .create();
    pod.setStatus(
        new io.fabric8.kubernetes.api.model.PodStatusBuilder()
            .withPhase("Running")
            .addNewContainerStatus()
            .withName("engine")
            .withImage("apache/spark:4.2.0")
            .withImageID("")
            .withReady(true)
            .withRestartCount(0)
            .withNewState()
            .withNewRunning()
            .withStartedAt("2026-12-03T02:00:00Z")
            .endRunning()
            .endState()
            .endContainerStatus()
            .build());
    admin.pods().inNamespace(NAMESPACE).resource(pod).updateStatus();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> backend.state(worker).equals(Optional.of(NodeState.RUNNING)));
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                events.stream()
                    .anyMatch(e -> e.id().equals(worker) && e.type() == NodeEvent.Type.STARTED));

    // The kubelet's warnings about the pod become node events; its normal events do not.
    for (String[] event :
        new String[][] {
          {"Normal", "Pulled", "Container image \"apache/spark:4.2.0\" already present"},
          {"Warning", "BackOff", "Back-off restarting failed container engine"}
        }) {
      admin
          .v1()
          .events()
          .inNamespace(NAMESPACE)
          .resource(
              new io.fabric8.kubernetes.api.model.EventBuilder()
                  .withNewMetadata()
                  .withGenerateName("c-12345678-worker-0-0.")
                  .withNamespace(NAMESPACE)
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withKind("Pod")
                  .withNamespace(NAMESPACE)
                  .withName("c-12345678-worker-0-0")
                  .endInvolvedObject()
                  .withType(event[0])
                  .withReason(event[1])
                  .withMessage(event[2])
                  .withLastTimestamp(java.time.Instant.now().toString())
                  .withNewSource("kubelet", "node-1")
                  .build())
          .create();
    }
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                events.stream()
                    .anyMatch(
                        e ->
                            e.id().equals(worker)
                                && e.type() == NodeEvent.Type.WARNING
                                && e.message().contains("Back-off restarting")));
    assertThat(events)
        .noneMatch(e -> e.message() != null && e.message().contains("already present"));

    // A control plane outside the cluster reaches the pod through the API server's port-forward.
    // Without a kubelet the API server cannot stream to the pod (it has no node: 400, "pod ... does
    // not have a host assigned"; fabric8 keeps only the status code of a refused upgrade), and a
    // TCP check through it is not ready, where a plain connection to the forward's local port
    // would have been. The chart's role, for a control plane inside the cluster, does not grant
    // port-forwards: 403.
    Readiness grpc =
        new Readiness(
            null,
            backend
                    .place(
                        List.of(
                            new PlacementRequest(
                                worker, TENANT, "worker", List.of("grpc"), Optional.empty())))
                    .get(0)
                    .host()
                + ":15002",
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    try (KubernetesClusterBackend outside =
        new KubernetesClusterBackend(
            server.admin(),
            KubernetesBackendSettings.defaults("bdpaas-system")
                .withNodeAccess(KubernetesBackendSettings.NodeAccess.PORT_FORWARD),
            tenant -> new TenantQuota(2, 4096),
            event -> {},
            Applier.serverSide(admin))) {
      ProbeResult probe = outside.probe(Optional.of(grpc));
      assertThat(probe.ready()).as(probe.detail()).isFalse();
      assertThat(probe.detail())
          .contains("through the API server")
          .contains("the API server refused the stream with HTTP 400");
    }
    try (KubernetesClusterBackend chartsRole =
        new KubernetesClusterBackend(
            server.backend(),
            KubernetesBackendSettings.defaults("bdpaas-system")
                .withNodeAccess(KubernetesBackendSettings.NodeAccess.PORT_FORWARD),
            tenant -> new TenantQuota(2, 4096),
            event -> {},
            Applier.serverSide(admin))) {
      ProbeResult probe = chartsRole.probe(Optional.of(grpc));
      assertThat(probe.ready()).isFalse();
      assertThat(probe.detail()).contains("the API server refused the stream with HTTP 403");
    }

    backend.delete(CLUSTER);

    for (Class<? extends HasMetadata> kind :
        List.of(
            StatefulSet.class,
            Pod.class,
            io.fabric8.kubernetes.api.model.Service.class,
            io.fabric8.kubernetes.api.model.Secret.class,
            io.fabric8.kubernetes.api.model.ConfigMap.class,
            io.fabric8.kubernetes.api.model.networking.v1.Ingress.class,
            io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class)) {
      assertThat(
              admin
                  .resources(kind)
                  .inNamespace(NAMESPACE)
                  .withLabel("bdpaas.io/cluster", CLUSTER)
                  .list()
                  .getItems())
          .as(kind.getSimpleName())
          .isEmpty();
    }
    assertThat(admin.apps().statefulSets().inAnyNamespace().list().getItems()).isEmpty();
    await().atMost(Duration.ofSeconds(15)).until(() -> backend.state(worker).isEmpty());
    assertThat(admin.namespaces().withName(NAMESPACE).get())
        .as("the tenant's namespace stays for its other clusters and its storage")
        .isNotNull();
  }

  @Test
  @Order(5)
  void aStorageAreaAndItsFileServiceAreAcceptedUnderTheChartsRoleAndGoWithIt() {
    assertThat(backend.ensureStorage(TENANT, "p-sales")).isEqualTo("/bdpaas/storage/p-sales");

    StatefulSet files =
        admin.apps().statefulSets().inNamespace(NAMESPACE).withName("files-p-sales").get();
    assertThat(files.getMetadata().getManagedFields())
        .anySatisfy(field -> assertThat(field.getOperation()).isEqualTo("Apply"));
    assertThat(
            admin.persistentVolumeClaims().inNamespace(NAMESPACE).withName("storage-p-sales").get())
        .isNotNull();
    assertThat(admin.secrets().inNamespace(NAMESPACE).withName("files-p-sales-token").get())
        .isNotNull();
    // No kubelet runs its pod here: the files are not reachable, and the platform says so.
    assertThatThrownBy(() -> backend.storageFiles(TENANT, "p-sales").list())
        .isInstanceOf(io.bdpaas.backend.StorageUnavailableException.class);

    backend.deleteStorage(TENANT, "p-sales");

    for (Class<? extends HasMetadata> kind :
        List.of(
            StatefulSet.class,
            io.fabric8.kubernetes.api.model.Service.class,
            io.fabric8.kubernetes.api.model.Secret.class,
            io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class)) {
      assertThat(
              admin
                  .resources(kind)
                  .inNamespace(NAMESPACE)
                  .withLabel("bdpaas.io/files", "p-sales")
                  .list()
                  .getItems())
          .as(kind.getSimpleName())
          .isEmpty();
    }
    // The claim is being deleted: the API server's storage-object-in-use protection keeps it, with
    // its finalizer, until the controller manager (which does not run here) sees no pod uses it.
    assertThat(
            admin
                .persistentVolumeClaims()
                .inNamespace(NAMESPACE)
                .withName("storage-p-sales")
                .get()
                .getMetadata()
                .getDeletionTimestamp())
        .isNotNull();
  }

  /**
   * Writes the tenant's quota usage, as the quota controller would (none runs here): quota
   * admission compares a pod's requests with this.
   */
  private static void writeQuotaUsage(String cpu, String memory) {
    ResourceQuota quota =
        admin.resourceQuotas().inNamespace(NAMESPACE).withName("bdpaas-quota").get();
    quota.setStatus(
        new ResourceQuotaStatusBuilder()
            .withHard(quota.getSpec().getHard())
            .withUsed(
                Map.of(
                    "requests.cpu", new Quantity(cpu),
                    "limits.cpu", new Quantity(cpu),
                    "requests.memory", new Quantity(memory),
                    "limits.memory", new Quantity(memory)))
            .build());
    admin.resourceQuotas().inNamespace(NAMESPACE).resource(quota).updateStatus();
  }

  private static boolean forbidden(Runnable call) {
    try {
      call.run();
      return false;
    } catch (KubernetesClientException e) {
      return e.getCode() == 403;
    }
  }

  private static NodeDefinition node(String name, String role, int milliCores, int memoryMb) {
    NodeId id = new NodeId(CLUSTER, name);
    NodePlacement placement =
        backend
            .place(
                List.of(
                    new PlacementRequest(
                        id, TENANT, role, List.of("rpc", "ui"), Optional.of("spark-4.2.0"))))
            .get(0);
    ContainerPart part =
        new ContainerPart(
            "apache/spark:4.2.0",
            List.of("java"),
            List.of("-cp", "/opt/spark/jars/*", "org.apache.spark.deploy.worker.Worker"),
            Map.of("SPARK_LOCAL_IP", placement.host()),
            Map.of("conf/spark-defaults.conf", "spark.authenticate true\n"),
            Map.of("conf/cluster.p12", "AAEC"),
            role.equals("master") ? Map.of("ui", "HTTP") : Map.of());
    return new NodeDefinition(
        id, TENANT, role, placement, milliCores, memoryMb, Optional.empty(), Optional.of(part));
  }
}
