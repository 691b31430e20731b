package io.bdpaas.project;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.cluster.ClusterStatus;
import io.bdpaas.cluster.ClusterSummary;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProjectViewsTest {
  @Test
  void clientsAreGivenTheOutsideAddressWhereTheBackendPublishesTheConnectServer() {
    ClusterSummary published =
        cluster(
            ClusterStatus.READY,
            Map.of(
                "connect", "sc://c-1-connect-0-0.c-1-connect.ns.svc.cluster.local:15002",
                "connectExternal", "sc://c-1-connect-0-grpc.bdpaas.example.com:443"));

    assertThat(ProjectViews.connectUrl(Optional.of(published)))
        .contains("sc://c-1-connect-0-grpc.bdpaas.example.com:443");
  }

  @Test
  void elsewhereTheConnectServersOwnAddressWithLoopbackWrittenAsLocalhost() {
    ClusterSummary local = cluster(ClusterStatus.READY, Map.of("connect", "sc://127.0.0.1:41234"));

    assertThat(ProjectViews.connectUrl(Optional.of(local))).contains("sc://localhost:41234");
    assertThat(
            ProjectViews.connectUrl(
                Optional.of(cluster(ClusterStatus.DESTROYED, local.endpoints()))))
        .isEmpty();
    assertThat(ProjectViews.connectUrl(Optional.empty())).isEmpty();
  }

  private static ClusterSummary cluster(ClusterStatus status, Map<String, String> endpoints) {
    return TestClusters.spark(status, endpoints);
  }
}
