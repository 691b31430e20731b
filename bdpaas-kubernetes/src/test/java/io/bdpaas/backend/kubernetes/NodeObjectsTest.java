package io.bdpaas.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.backend.NodeDefinition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeObjectsTest {
  private final NodeObjects objects =
      new NodeObjects(
          TestNodes.NAMES,
          new KubernetesImages(Map.of("apache/spark:4.2.0", "registry.example/spark:4.2.0")));
  private final NodeDefinition worker = TestNodes.worker(1);
  private final OwnerReference owner = owner();

  @Test
  void theNodeAsksForExactlyItsCoresAndMemoryAndRunsUnprivileged() {
    StatefulSet set = objects.statefulSet(worker, owner);
    assertThat(set.getMetadata().getName()).isEqualTo("c-12345678-worker-1");
    assertThat(set.getSpec().getReplicas()).isEqualTo(1);
    assertThat(set.getSpec().getServiceName()).isEqualTo("c-12345678-worker");
    PodSpec pod = set.getSpec().getTemplate().getSpec();
    Container engine = pod.getContainers().get(0);
    assertThat(engine.getImage()).isEqualTo("registry.example/spark:4.2.0");
    assertThat(engine.getCommand()).containsExactly("/opt/spark/bin/spark-class");
    assertThat(engine.getArgs()).startsWith("org.apache.spark.deploy.worker.Worker");
    assertThat(engine.getResources().getRequests())
        .isEqualTo(engine.getResources().getLimits())
        .containsEntry("cpu", new Quantity("2000m"))
        .containsEntry("memory", new Quantity("1536Mi"));
    assertThat(engine.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(engine.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getServiceAccountName()).isEqualTo("bdpaas-node");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(engine.getPorts())
        .extracting(port -> port.getName() + "=" + port.getContainerPort())
        .containsExactly("rpc=7077", "ui=8080");
  }

  @Test
  void filesComeFromTheNodesSecretOneVolumePerFolderSoThatRewritesReachTheRunningNode() {
    Secret secret = objects.files(worker, owner);
    assertThat(secret.getData()).hasSize(4);
    Map<String, String> decoded = new java.util.TreeMap<>();
    secret
        .getData()
        .forEach(
            (key, value) ->
                decoded.put(
                    key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
    assertThat(decoded.values()).contains("spark.authenticate true\n", "a worker");
    // Binary files keep their base64 content as is.
    assertThat(secret.getData().values()).contains("AAEC");

    StatefulSet set = objects.statefulSet(worker, owner);
    PodSpec pod = set.getSpec().getTemplate().getSpec();
    Map<String, String> mounts = new java.util.TreeMap<>();
    for (VolumeMount mount : pod.getContainers().get(0).getVolumeMounts()) {
      mounts.put(
          mount.getMountPath(),
          mount.getName() + (mount.getSubPath() == null ? "" : ":" + mount.getSubPath()));
    }
    assertThat(mounts)
        .containsEntry("/opt/bdpaas/work", "work")
        .containsEntry("/opt/bdpaas/work/conf", "files-0")
        .containsKey("/opt/bdpaas/work/README.txt")
        .containsEntry("/bdpaas/storage/p-sales", "storage-p-sales");
    Volume conf =
        pod.getVolumes().stream()
            .filter(v -> v.getName().equals("files-0"))
            .findFirst()
            .orElseThrow();
    assertThat(conf.getSecret().getSecretName()).isEqualTo("c-12345678-worker-1-files");
    assertThat(conf.getSecret().getItems())
        .extracting(item -> item.getPath())
        .containsExactlyInAnyOrder("cluster.p12", "log4j2.properties", "spark-defaults.conf");
    Volume storage =
        pod.getVolumes().stream()
            .filter(v -> v.getName().equals("storage-p-sales"))
            .findFirst()
            .orElseThrow();
    assertThat(storage.getPersistentVolumeClaim().getClaimName()).isEqualTo("storage-p-sales");
  }

  @Test
  void theGroupsServiceIsHeadlessAndListsNodesBeforeTheyAreReady() {
    Service service = objects.groupService(worker, owner);
    assertThat(service.getMetadata().getName()).isEqualTo("c-12345678-worker");
    assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(service.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(service.getSpec().getSelector())
        .isEqualTo(Map.of("bdpaas.io/cluster", "c-12345678", "bdpaas.io/group", "worker"));
    // Every worker's pod carries what the selector asks for.
    assertThat(
            objects
                .statefulSet(TestNodes.worker(2), owner)
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());
  }

  @Test
  void anExposedPortIsPublishedByAnIngressOnAHostOfItsOwnAndOnlyTheControllerGetsIn() {
    KubernetesBackendSettings.Ingress ingress =
        new KubernetesBackendSettings.Ingress("nginx", "bdpaas.example.com", "ingress-nginx");
    NodeDefinition connect = TestNodes.connect();

    List<HasMetadata> published = objects.exposure(connect, owner, ingress);

    assertThat(published)
        .extracting(HasMetadata::getKind)
        .containsExactly("Service", "NetworkPolicy", "Ingress");
    Service service = (Service) published.get(0);
    assertThat(service.getMetadata().getName()).isEqualTo("c-12345678-connect-0-grpc");
    assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(service.getSpec().getSelector())
        .isEqualTo(Map.of("bdpaas.io/cluster", "c-12345678", "bdpaas.io/node", "connect-0"));
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(port -> assertThat(port.getPort()).isEqualTo(15002));

    NetworkPolicy policy = (NetworkPolicy) published.get(1);
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(service.getSpec().getSelector());
    assertThat(policy.getSpec().getIngress())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getFrom())
                  .singleElement()
                  .satisfies(
                      from -> {
                        assertThat(from.getPodSelector()).isNull();
                        assertThat(from.getNamespaceSelector().getMatchLabels())
                            .isEqualTo(Map.of("kubernetes.io/metadata.name", "ingress-nginx"));
                      });
              assertThat(rule.getPorts())
                  .singleElement()
                  .satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(15002));
            });

    Ingress route = (Ingress) published.get(2);
    assertThat(route.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(route.getMetadata().getAnnotations())
        .containsEntry("nginx.ingress.kubernetes.io/backend-protocol", "GRPC");
    String host = "c-12345678-connect-0-grpc.bdpaas.example.com";
    assertThat(route.getSpec().getTls())
        .singleElement()
        .satisfies(
            tls -> {
              assertThat(tls.getHosts()).containsExactly(host);
              assertThat(tls.getSecretName()).as("the controller's default certificate").isNull();
            });
    assertThat(route.getSpec().getRules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getHost()).isEqualTo(host);
              var backend = rule.getHttp().getPaths().get(0).getBackend().getService();
              assertThat(backend.getName()).isEqualTo(service.getMetadata().getName());
              assertThat(backend.getPort().getNumber()).isEqualTo(15002);
            });
    for (HasMetadata object : published) {
      assertThat(object.getMetadata().getNamespace()).isEqualTo("bdpaas--u7--bdpaas-u");
      assertThat(object.getMetadata().getLabels())
          .containsAllEntriesOf(KubernetesNames.nodeSelector(connect.id()));
      assertThat(object.getMetadata().getOwnerReferences()).containsExactly(owner);
    }

    assertThat(objects.exposure(worker, owner, ingress)).as("a worker exposes nothing").isEmpty();
  }

  @Test
  void everyObjectIsLabelledWithItsClusterAndOwnedByTheClustersAnchor() {
    for (var object :
        java.util.List.of(
            objects.statefulSet(worker, owner),
            objects.files(worker, owner),
            objects.groupService(worker, owner))) {
      assertThat(object.getMetadata().getNamespace()).isEqualTo("bdpaas--u7--bdpaas-u");
      assertThat(object.getMetadata().getLabels()).containsEntry("bdpaas.io/cluster", "c-12345678");
      assertThat(object.getMetadata().getOwnerReferences()).containsExactly(owner);
    }
  }

  @Test
  void theDefinitionHashChangesWithWhatTheNodeRunsAndOnlyThen() {
    String hash = NodeObjects.definitionHash(worker);
    assertThat(NodeObjects.definitionHash(TestNodes.worker(1))).isEqualTo(hash);
    NodeDefinition bigger = TestNodes.node("c-12345678", "worker-1", "worker", 4000, 1536);
    assertThat(NodeObjects.definitionHash(bigger)).isNotEqualTo(hash);
    NodeDefinition otherFile =
        new NodeDefinition(
            worker.id(),
            worker.tenant(),
            worker.role(),
            worker.placement(),
            worker.milliCores(),
            worker.memoryMb(),
            worker.process(),
            worker.container().map(part -> part.withFile("conf/spark-defaults.conf", "x")));
    assertThat(NodeObjects.definitionHash(otherFile)).isNotEqualTo(hash);
  }

  private static OwnerReference owner() {
    ConfigMap anchor =
        new NodeObjects(TestNodes.NAMES, KubernetesImages.official()).anchor("u7", "c-12345678");
    anchor.getMetadata().setUid("8d3f0c2e-0000-4000-8000-000000000001");
    return NodeObjects.ownedBy(anchor);
  }
}
