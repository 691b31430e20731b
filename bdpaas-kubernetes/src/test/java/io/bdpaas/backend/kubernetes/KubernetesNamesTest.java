package io.bdpaas.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bdpaas.backend.NodeId;
import org.junit.jupiter.api.Test;

class KubernetesNamesTest {
  private final KubernetesNames names = TestNodes.NAMES;

  @Test
  void aTenantsNamespaceIsNamedAsSeed000NamedThem() {
    assertThat(names.namespace("u2")).isEqualTo("bdpaas--u2--bdpaas-u");
    assertThat(new KubernetesNames("apex-cluster", "cluster.local").namespace("user2"))
        .isEqualTo("apex-cluster--user2--bdpaas-u");
    // The longest prefix and tenant still make a valid namespace name.
    String longest = new KubernetesNames("p".repeat(30), "cluster.local").namespace("t".repeat(20));
    assertThat(KubernetesNames.isDnsLabel(longest)).isTrue();
  }

  @Test
  void aNodeIsAStatefulSetWithAStableAddressUnderItsGroupsService() {
    NodeId node = new NodeId("c-12345678", "worker-11");
    assertThat(names.node(node)).isEqualTo("c-12345678-worker-11");
    assertThat(names.pod(node)).isEqualTo("c-12345678-worker-11-0");
    assertThat(names.service(node)).isEqualTo("c-12345678-worker");
    assertThat(KubernetesNames.group(node)).isEqualTo("worker");
    assertThat(names.host("u2", node))
        .isEqualTo(
            "c-12345678-worker-11-0.c-12345678-worker.bdpaas--u2--bdpaas-u.svc.cluster.local");
    assertThat(KubernetesNames.group(new NodeId("c-12345678", "master"))).isEqualTo("master");
  }

  @Test
  void namesThatAreNotDnsLabelsAreCleanedAndTellApartByAHash() {
    String upper = names.node(new NodeId("C_1", "Node.A"));
    String lower = names.node(new NodeId("c_1", "node.a"));
    assertThat(KubernetesNames.isDnsLabel(upper)).isTrue();
    assertThat(KubernetesNames.isDnsLabel(lower)).isTrue();
    assertThat(upper).isNotEqualTo(lower).startsWith("c-1-node-a-");
    String longName = names.node(new NodeId("c-12345678", "n".repeat(60)));
    assertThat(longName).hasSizeLessThanOrEqualTo(52);
    assertThat(KubernetesNames.isDnsLabel(longName)).isTrue();
  }

  @Test
  void aPrefixThatCannotStartANamespaceNameIsRefused() {
    assertThatThrownBy(() -> new KubernetesNames("Bad_Prefix", "cluster.local"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("namespace prefix");
    assertThatThrownBy(() -> new KubernetesNames("p".repeat(31), "cluster.local"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
