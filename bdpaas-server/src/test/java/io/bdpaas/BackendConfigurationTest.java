package io.bdpaas;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.backend.kubernetes.KubernetesBackendSettings.NodeAccess;
import io.bdpaas.settings.BdpaasSettings;
import org.junit.jupiter.api.Test;

class BackendConfigurationTest {
  @Test
  void automaticNodeAccessIsByClusterDnsInAPodAndThroughPortForwardsOutside() {
    assertThat(BackendConfiguration.nodeAccess(BdpaasSettings.Kubernetes.NodeAccess.AUTO, true))
        .isEqualTo(NodeAccess.CLUSTER_DNS);
    assertThat(BackendConfiguration.nodeAccess(BdpaasSettings.Kubernetes.NodeAccess.AUTO, false))
        .isEqualTo(NodeAccess.PORT_FORWARD);
  }

  @Test
  void anExplicitNodeAccessHoldsWhereverTheControlPlaneRuns() {
    for (boolean inAPod : new boolean[] {true, false}) {
      assertThat(
              BackendConfiguration.nodeAccess(
                  BdpaasSettings.Kubernetes.NodeAccess.CLUSTER_DNS, inAPod))
          .isEqualTo(NodeAccess.CLUSTER_DNS);
      assertThat(
              BackendConfiguration.nodeAccess(
                  BdpaasSettings.Kubernetes.NodeAccess.PORT_FORWARD, inAPod))
          .isEqualTo(NodeAccess.PORT_FORWARD);
    }
  }
}
