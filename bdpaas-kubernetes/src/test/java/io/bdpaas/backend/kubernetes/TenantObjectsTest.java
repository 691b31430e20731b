package io.bdpaas.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantObjectsTest {
  private final TenantObjects objects = new TenantObjects(TestNodes.NAMES, "bdpaas-system");

  @Test
  void theQuotaIsTheTenantsCoresAndMemoryOnRequestsAndLimits() {
    ResourceQuota quota = objects.quota("u7", new TenantQuota(8, 16384));
    assertThat(quota.getMetadata().getNamespace()).isEqualTo("bdpaas--u7--bdpaas-u");
    assertThat(quota.getSpec().getHard())
        .containsEntry("requests.cpu", new Quantity("8"))
        .containsEntry("limits.cpu", new Quantity("8"))
        .containsEntry("requests.memory", new Quantity("16384Mi"))
        .containsEntry("limits.memory", new Quantity("16384Mi"));
  }

  @Test
  void theQuotaHoldsTheFileServiceOfEveryProjectTheTenantMayHave() {
    ResourceQuota quota = objects.quota("u7", new TenantQuota(8, 16384, 3));
    assertThat(quota.getSpec().getHard())
        .containsEntry("requests.cpu", new Quantity("8300m"))
        .containsEntry("limits.cpu", new Quantity("8300m"))
        .containsEntry("requests.memory", new Quantity((16384 + 3 * 160) + "Mi"))
        .containsEntry("limits.memory", new Quantity((16384 + 3 * 160) + "Mi"));
  }

  @Test
  void aContainerWithoutResourcesGetsDefaultsAndNoneMayExceedTheQuota() {
    var limit = objects.limits("u7", new TenantQuota(4, 8192)).getSpec().getLimits().get(0);
    assertThat(limit.getType()).isEqualTo("Container");
    assertThat(limit.getDefaultRequest()).containsEntry("cpu", new Quantity("500m"));
    assertThat(limit.getMax())
        .containsEntry("cpu", new Quantity("4"))
        .containsEntry("memory", new Quantity("8192Mi"));
  }

  @Test
  void onlyTheTenantsOwnPodsAndTheControlPlaneGetIn() {
    NetworkPolicy policy = objects.networkPolicy("u7");
    assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
    // Every pod but the storage areas' file services, which the control plane alone may reach.
    assertThat(policy.getSpec().getPodSelector().getMatchExpressions())
        .singleElement()
        .satisfies(
            expression -> {
              assertThat(expression.getKey()).isEqualTo("bdpaas.io/files");
              assertThat(expression.getOperator()).isEqualTo("DoesNotExist");
            });
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    var from = policy.getSpec().getIngress().get(0).getFrom();
    assertThat(from).hasSize(2);
    assertThat(from.get(0).getPodSelector().getMatchLabels()).isNullOrEmpty();
    assertThat(from.get(0).getNamespaceSelector()).isNull();
    assertThat(from.get(1).getPodSelector()).isNull();
    assertThat(from.get(1).getNamespaceSelector().getMatchLabels())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "bdpaas-system"));
  }

  @Test
  void theNodesServiceAccountHasNoToken() {
    assertThat(objects.serviceAccount("u7").getAutomountServiceAccountToken()).isFalse();
  }

  @Test
  void everyObjectIsInTheTenantsNamespaceAndLabelledAsTheBackends() {
    for (HasMetadata object : objects.all("u7", new TenantQuota(1, 1024))) {
      assertThat(object.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/managed-by", "bdpaas")
          .containsEntry("bdpaas.io/tenant", "u7");
      if (!(object instanceof io.fabric8.kubernetes.api.model.Namespace)) {
        assertThat(object.getMetadata().getNamespace()).isEqualTo("bdpaas--u7--bdpaas-u");
      }
    }
    assertThat(objects.all("u7", new TenantQuota(1, 1024)).get(0).getKind()).isEqualTo("Namespace");
  }
}
