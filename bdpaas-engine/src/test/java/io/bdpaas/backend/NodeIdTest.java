package io.bdpaas.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NodeIdTest {
  @Test
  void roundTripsThroughItsTextForm() {
    NodeId id = new NodeId("cluster-7", "worker-2");

    assertThat(id.toString()).isEqualTo("cluster-7/worker-2");
    assertThat(NodeId.parse("cluster-7/worker-2")).isEqualTo(id);
  }

  @Test
  void rejectsNamesUnsafeForPathsAndMarkers() {
    assertThatThrownBy(() -> new NodeId("../etc", "x")).hasMessageContaining("clusterId");
    assertThatThrownBy(() -> new NodeId("c", "a/b")).hasMessageContaining("nodeName");
    assertThatThrownBy(() -> new NodeId("c", "")).hasMessageContaining("nodeName");
    assertThatThrownBy(() -> new NodeId("c", ".hidden")).hasMessageContaining("nodeName");
    assertThatThrownBy(() -> NodeId.parse("no-slash"))
        .hasMessageContaining("<clusterId>/<nodeName>");
  }
}
