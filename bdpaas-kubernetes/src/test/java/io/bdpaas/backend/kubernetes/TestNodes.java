package io.bdpaas.backend.kubernetes;

import io.bdpaas.backend.ContainerPart;
import io.bdpaas.backend.NodeDefinition;
import io.bdpaas.backend.NodeId;
import io.bdpaas.backend.NodePlacement;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Node definitions as the planner renders them from the built-in products' container parts. */
final class TestNodes {
  static final KubernetesNames NAMES = new KubernetesNames("bdpaas", "cluster.local");

  private TestNodes() {}

  /** A Spark worker of cluster {@code c-12345678} for tenant {@code u7}. */
  static NodeDefinition worker(int index) {
    return node("c-12345678", "worker-" + index, "worker", 2000, 1536);
  }

  static NodeDefinition node(String cluster, String name, String role, int milliCores, int mb) {
    NodeId id = new NodeId(cluster, name);
    NodePlacement placement =
        new NodePlacement(
            id,
            NAMES.host("u7", id),
            Map.of("rpc", 7077, "ui", 8080),
            "/opt/bdpaas/work",
            "/opt/spark");
    ContainerPart part =
        new ContainerPart(
            "apache/spark:4.2.0",
            List.of("/opt/spark/bin/spark-class"),
            List.of("org.apache.spark.deploy.worker.Worker", "--host", placement.host()),
            Map.of("SPARK_WORKER_DIR", "/bdpaas/storage/p-sales/work"),
            Map.of(
                "conf/spark-defaults.conf", "spark.authenticate true\n",
                "conf/log4j2.properties", "rootLogger.level = info\n",
                "README.txt", "a worker"),
            Map.of("conf/cluster.p12", "AAEC"));
    return new NodeDefinition(
        id, "u7", role, placement, milliCores, mb, Optional.empty(), Optional.of(part));
  }

  /** A Spark Connect server of cluster {@code c-12345678} whose gRPC port is exposed. */
  static NodeDefinition connect() {
    NodeId id = new NodeId("c-12345678", "connect-0");
    NodePlacement placement =
        new NodePlacement(
            id,
            NAMES.host("u7", id),
            Map.of("grpc", 15002, "ui", 4040),
            "/opt/bdpaas/work",
            "/opt/spark");
    ContainerPart part =
        new ContainerPart(
            "apache/spark:4.2.0",
            List.of("java"),
            List.of("org.apache.spark.deploy.SparkSubmit"),
            Map.of(),
            Map.of("conf/spark-defaults.conf", "spark.connect.grpc.binding.port 15002\n"),
            Map.of(),
            Map.of("grpc", "GRPC"));
    return new NodeDefinition(
        id, "u7", "spark-connect", placement, 500, 832, Optional.empty(), Optional.of(part));
  }
}
