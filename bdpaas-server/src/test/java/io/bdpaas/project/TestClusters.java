package io.bdpaas.project;

import io.bdpaas.catalog.ProductKey;
import io.bdpaas.cluster.ClusterId;
import io.bdpaas.cluster.ClusterSpec;
import io.bdpaas.cluster.ClusterStatus;
import io.bdpaas.cluster.ClusterSummary;
import io.bdpaas.tenancy.UserId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** A project's Spark cluster as the views read it: a status and the endpoints its plan gave. */
final class TestClusters {
  private TestClusters() {}

  static ClusterSummary spark(ClusterStatus status, Map<String, String> endpoints) {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    return new ClusterSummary(
        new ClusterId("c-abcdefgh"),
        new UserId(1),
        "sales",
        new ProductKey("spark", "4.2.0"),
        new ClusterSpec(1, "{}", Map.of(), false, 3000, 2048),
        status,
        Optional.empty(),
        endpoints,
        3,
        1,
        now,
        now,
        now);
  }
}
