package io.bdpaas.engine.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bdpaas.backend.NodeId;
import io.bdpaas.backend.NodeLayout;
import io.bdpaas.backend.NodeSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FlinkNodeSpecsTest {
  private static final Path RUNTIME = Path.of("/opt/bdpaas/runtime");

  private static NodeLayout layout(String node) {
    return new NodeLayout(
        new NodeId("flink-1", node), RUNTIME, Path.of("/data/flink-1", node, "work"));
  }

  @Test
  void jobManagerRunsTheSessionEntrypointWithItsOwnConfigDirectory() {
    NodeSpec jobManager = FlinkNodeSpecs.jobManager(layout("jobmanager"), 512, 6123, 8081, 6124);

    assertThat(jobManager.mainClass())
        .isEqualTo("org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint");
    assertThat(jobManager.classpath()).containsExactly(RUNTIME.resolve("flink-2.3.0/lib/*"));
    assertThat(jobManager.arguments())
        .containsExactly("--configDir", "/data/flink-1/jobmanager/work/conf");
    assertThat(jobManager.environment())
        .containsEntry("FLINK_CONF_DIR", "/data/flink-1/jobmanager/work/conf")
        .containsEntry("FLINK_PLUGINS_DIR", "/data/flink-1/jobmanager/work/plugins");
    assertThat(jobManager.jvmOptions())
        .contains("-Xmx512m", "-Xms512m", "-XX:MaxMetaspaceSize=256m")
        .contains("-Dlog.file=/data/flink-1/jobmanager/work/log/jobmanager.log")
        .contains(
            "-Dlog4j.configurationFile=file:/data/flink-1/jobmanager/work/conf/log4j.properties")
        .containsSubsequence(FlinkNodeSpecs.JVM_MODULE_OPTIONS);
    assertThat(jobManager.ports())
        .containsEntry("rpc", 6123)
        .containsEntry("rest", 8081)
        .containsEntry("blob", 6124);
    assertThat(jobManager.files())
        .containsKeys("conf/config.yaml", "conf/log4j.properties", "plugins/README.txt");
    assertThat(jobManager.files().get("conf/config.yaml"))
        .contains("jobmanager.rpc.address: \"127.0.0.1\"")
        .contains("jobmanager.rpc.port: 6123")
        .contains("rest.port: 8081")
        .contains("rest.bind-address: \"127.0.0.1\"")
        .contains("blob.server.port: \"6124\"")
        .contains("heartbeat.interval: \"1s\"")
        .contains("heartbeat.timeout: \"5s\"")
        .contains("io.tmp.dirs: \"/data/flink-1/jobmanager/work/tmp\"")
        .contains("jobmanager.memory.heap.size: \"512m\"")
        .contains("web.submit.enable: true");
  }

  @Test
  void taskManagerSetsEveryMemoryComponentAndMatchingJvmFlags() {
    NodeSpec taskManager =
        FlinkNodeSpecs.taskManager(layout("taskmanager-1"), 6123, 2, 512, 256, 40001, 40002);

    assertThat(taskManager.mainClass())
        .isEqualTo("org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
    String config = taskManager.files().get("conf/config.yaml");
    assertThat(config)
        .contains("jobmanager.rpc.port: 6123")
        .contains("taskmanager.resource-id: \"taskmanager-1\"")
        .contains("taskmanager.rpc.port: \"40001\"")
        .contains("taskmanager.data.port: 40002")
        .contains("taskmanager.numberOfTaskSlots: 2")
        .contains("taskmanager.cpu.cores: 2.0")
        .contains("taskmanager.memory.framework.heap.size: \"128m\"")
        .contains("taskmanager.memory.task.heap.size: \"384m\"")
        .contains("taskmanager.memory.managed.size: \"256m\"")
        .contains("taskmanager.memory.network.min: \"64m\"")
        .contains("taskmanager.memory.network.max: \"64m\"");
    // -Xmx = framework heap + task heap; direct memory = framework off-heap + task off-heap +
    // network.
    assertThat(taskManager.jvmOptions())
        .contains(
            "-Xmx512m", "-Xms512m", "-XX:MaxDirectMemorySize=192m", "-XX:MaxMetaspaceSize=256m");
    assertThat(taskManager.ports()).containsEntry("rpc", 40001).containsEntry("data", 40002);
  }

  @Test
  void rejectsTooSmallHeapsAndNoSlots() {
    assertThatThrownBy(() -> FlinkNodeSpecs.jobManager(layout("jm"), 128, 1, 2, 3))
        .hasMessageContaining("at least 256");
    assertThatThrownBy(() -> FlinkNodeSpecs.taskManager(layout("tm"), 1, 0, 512, 0, 2, 3))
        .hasMessageContaining("slots");
  }

  @Test
  void yamlQuotesStringsAndEscapesQuotes() {
    java.util.Map<String, Object> config = new java.util.LinkedHashMap<>();
    config.put("a", "x\"y\\z");
    config.put("b", 3);
    config.put("c", false);

    assertThat(FlinkConfigYaml.render(config)).endsWith("a: \"x\\\"y\\\\z\"\nb: 3\nc: false\n");
  }
}
