package io.bdpaas.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StorageObjectsTest {
  private final StorageObjects objects =
      new StorageObjects(TestNodes.NAMES, "bdpaas-system", "registry.example/bdpaas-server:1.2.3");

  @Test
  void theFileServiceMountsTheAreaWhereTheNodesDoAndRunsTheControlPlanesImageUnprivileged() {
    PodSpec pod = objects.statefulSet("u7", "p-sales").getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().get(0);

    assertThat(container.getImage()).isEqualTo("registry.example/bdpaas-server:1.2.3");
    assertThat(container.getCommand())
        .containsSubsequence(
            "java",
            "-cp",
            "@/app/jib-classpath-file",
            "io.bdpaas.backend.local.StorageFilesServer",
            "/bdpaas/storage",
            "p-sales",
            "8080",
            "/bdpaas/files-token/token");
    assertThat(container.getVolumeMounts())
        .anySatisfy(
            mount -> {
              assertThat(mount.getMountPath()).isEqualTo("/bdpaas/storage/p-sales");
              assertThat(mount.getName()).isEqualTo("storage");
            });
    Map<String, io.fabric8.kubernetes.api.model.Volume> volumes = new java.util.HashMap<>();
    pod.getVolumes().forEach(volume -> volumes.put(volume.getName(), volume));
    assertThat(volumes.get("storage").getPersistentVolumeClaim().getClaimName())
        .isEqualTo("storage-p-sales");
    assertThat(volumes.get("token").getSecret().getSecretName()).isEqualTo("files-p-sales-token");
    assertThat(container.getResources().getLimits())
        .isEqualTo(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("160Mi")));
    assertThat(container.getResources().getRequests())
        .isEqualTo(container.getResources().getLimits());
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
  }

  @Test
  void onlyTheControlPlaneReachesTheServiceWhichDemandsTheAreasToken() {
    NetworkPolicy policy = objects.networkPolicy("u7", "p-sales");
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(Map.of("bdpaas.io/files", "p-sales"));
    var rule = policy.getSpec().getIngress().get(0);
    assertThat(rule.getFrom())
        .singleElement()
        .satisfies(
            from -> {
              assertThat(from.getPodSelector()).isNull();
              assertThat(from.getNamespaceSelector().getMatchLabels())
                  .isEqualTo(Map.of("kubernetes.io/metadata.name", "bdpaas-system"));
            });
    assertThat(rule.getPorts())
        .singleElement()
        .satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(8080));
    // The tenant-wide policy leaves exactly these pods out.
    assertThat(
            objects.statefulSet("u7", "p-sales").getSpec().getTemplate().getMetadata().getLabels())
        .containsKey(StorageObjects.FILES);

    var secret = objects.tokenSecret("u7", "p-sales", "the-token");
    assertThat(
            new String(
                Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8))
        .isEqualTo("the-token");
  }

  @Test
  void everyObjectIsInTheTenantsNamespaceAndLabelledWithItsArea() {
    assertThat(objects.all("u7", "p-sales", "t"))
        .extracting(HasMetadata::getKind)
        .containsExactly("Secret", "Service", "NetworkPolicy", "StatefulSet");
    for (HasMetadata object : objects.all("u7", "p-sales", "t")) {
      assertThat(object.getMetadata().getNamespace()).isEqualTo("bdpaas--u7--bdpaas-u");
      assertThat(object.getMetadata().getLabels())
          .containsEntry("bdpaas.io/files", "p-sales")
          .containsEntry("app.kubernetes.io/managed-by", "bdpaas")
          .doesNotContainKey("bdpaas.io/cluster");
    }
    assertThat(TestNodes.NAMES.filesHost("u7", "p-sales"))
        .isEqualTo("files-p-sales-0.files-p-sales.bdpaas--u7--bdpaas-u.svc.cluster.local");
    assertThat(TestNodes.NAMES.podOf(TestNodes.NAMES.filesHost("u7", "p-sales")))
        .contains(new KubernetesNames.PodName("bdpaas--u7--bdpaas-u", "files-p-sales-0"));
  }
}
