package io.bdpaas.deploy;

import io.bdpaas.backend.ContainerPart;
import io.bdpaas.backend.NodeDefinition;
import io.bdpaas.backend.NodeId;
import io.bdpaas.backend.NodePlacement;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A worker node with files and a storage area, as the planner renders one. */
final class TestNode {
  private TestNode() {}

  static NodeDefinition worker() {
    NodeId id = new NodeId("c-12345678", "worker-0");
    NodePlacement placement =
        new NodePlacement(
            id, "worker-0.test", Map.of("rpc", 7077), "/opt/bdpaas/work", "/opt/spark");
    ContainerPart part =
        new ContainerPart(
            "apache/spark:4.2.0",
            List.of("java"),
            List.of("-cp", "/opt/spark/jars/*", "org.apache.spark.deploy.worker.Worker"),
            Map.of("SPARK_WORKER_DIR", "/bdpaas/storage/p-1/work"),
            Map.of("conf/spark-defaults.conf", "spark.authenticate true\n"),
            Map.of());
    return new NodeDefinition(
        id, "u1", "worker", placement, 1000, 1024, Optional.empty(), Optional.of(part));
  }

  /** A Spark Connect server whose gRPC port is exposed. */
  static NodeDefinition connect() {
    NodeId id = new NodeId("c-12345678", "connect-0");
    NodePlacement placement =
        new NodePlacement(
            id, "connect-0.test", Map.of("grpc", 15002), "/opt/bdpaas/work", "/opt/spark");
    ContainerPart part =
        new ContainerPart(
            "apache/spark:4.2.0",
            List.of("java"),
            List.of("org.apache.spark.deploy.SparkSubmit"),
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of("grpc", "GRPC"));
    return new NodeDefinition(
        id, "u1", "spark-connect", placement, 500, 832, Optional.empty(), Optional.of(part));
  }
}
