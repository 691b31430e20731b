package io.bdpaas.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bdpaas.backend.NodeId;
import io.bdpaas.backend.NodeLayout;
import io.bdpaas.backend.NodeSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SparkNodeSpecsTest {
  private static final Path RUNTIME = Path.of("/opt/bdpaas/runtime");

  private static NodeLayout layout(String node) {
    return new NodeLayout(
        new NodeId("spark-1", node), RUNTIME, Path.of("/data/spark-1", node, "work"));
  }

  @Test
  void masterRunsTheStandaloneMasterWithRestSubmission() {
    NodeSpec master = SparkNodeSpecs.master(layout("master"), 512, 7077, 8080, 6066);

    assertThat(master.role()).isEqualTo("master");
    assertThat(master.mainClass()).isEqualTo("org.apache.spark.deploy.master.Master");
    assertThat(master.runtimeDirectory()).isEqualTo(RUNTIME.resolve("spark-4.2.0"));
    assertThat(master.classpath()).containsExactly(RUNTIME.resolve("spark-4.2.0/jars/*"));
    assertThat(master.jvmOptions())
        .contains("-Xmx512m", "-Dspark.master.rest.enabled=true", "-Dspark.master.rest.port=6066")
        .containsSubsequence(SparkNodeSpecs.JVM_MODULE_OPTIONS)
        .contains("-Dlog4j.configurationFile=/data/spark-1/master/work/conf/log4j2.properties");
    assertThat(master.arguments())
        .containsExactly("--host", "127.0.0.1", "--port", "7077", "--webui-port", "8080");
    assertThat(master.ports())
        .containsEntry("rpc", 7077)
        .containsEntry("ui", 8080)
        .containsEntry("rest", 6066);
    assertThat(master.environment()).containsEntry("SPARK_LOCAL_IP", "127.0.0.1");
    assertThat(master.files().get("conf/log4j2.properties")).contains("rootLogger.level");
  }

  @Test
  void workersGetSparkHomeAndTheScalaVersionForTheirExecutors() {
    NodeSpec worker =
        SparkNodeSpecs.worker(
            layout("worker-1"), SparkNodeSpecs.masterUrl(7077), 512, 1, 1024, 40001, 40002);

    assertThat(worker.mainClass()).isEqualTo("org.apache.spark.deploy.worker.Worker");
    assertThat(worker.environment())
        .containsEntry("SPARK_HOME", "/opt/bdpaas/runtime/spark-4.2.0")
        .containsEntry("SPARK_SCALA_VERSION", "2.13")
        .containsEntry("SPARK_LOCAL_IP", "127.0.0.1");
    assertThat(worker.arguments())
        .containsExactly(
            "spark://127.0.0.1:7077",
            "--host",
            "127.0.0.1",
            "--port",
            "40001",
            "--webui-port",
            "40002",
            "--cores",
            "1",
            "--memory",
            "1024m",
            "--work-dir",
            "/data/spark-1/worker-1/work/work");
    assertThat(worker.jvmOptions())
        .contains("-Xmx512m")
        .containsSubsequence(SparkNodeSpecs.JVM_MODULE_OPTIONS);
  }

  @Test
  void theModuleOptionsStartWithTheFlagThatLetsJava17IgnoreNewerOnes() {
    assertThat(SparkNodeSpecs.JVM_MODULE_OPTIONS.get(0))
        .isEqualTo("-XX:+IgnoreUnrecognizedVMOptions");
    assertThat(SparkNodeSpecs.JVM_MODULE_OPTIONS).contains("--sun-misc-unsafe-memory-access=allow");
  }

  @Test
  void rejectsNonsenseSizesAndUrls() {
    assertThatThrownBy(() -> SparkNodeSpecs.master(layout("master"), 0, 1, 2, 3))
        .hasMessageContaining("heapMb");
    assertThatThrownBy(() -> SparkNodeSpecs.worker(layout("w"), "http://x", 512, 1, 1024, 1, 2))
        .hasMessageContaining("spark://");
    assertThatThrownBy(() -> SparkNodeSpecs.worker(layout("w"), "spark://x:1", 512, 0, 1024, 1, 2))
        .hasMessageContaining("cores");
    assertThatThrownBy(() -> SparkNodeSpecs.master(layout("master"), 512, 7077, 7077, 6066))
        .hasMessageContaining("used twice");
  }

  @Test
  void urlsPointAtTheLoopbackAddress() {
    assertThat(SparkNodeSpecs.webUi(8080)).hasToString("http://127.0.0.1:8080/");
    assertThat(SparkNodeSpecs.restServer(6066)).hasToString("http://127.0.0.1:6066/");
  }
}
