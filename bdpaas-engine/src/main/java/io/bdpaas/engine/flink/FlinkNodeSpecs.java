package io.bdpaas.engine.flink;

import io.bdpaas.backend.NodeLayout;
import io.bdpaas.backend.NodeSpec;
import io.bdpaas.engine.EngineResources;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the node specs of a Flink {@value #VERSION} session cluster: a JobManager (REST API and
 * dashboard) and TaskManagers. Each node gets its own {@code conf/config.yaml} in its working
 * directory. Pure functions of their inputs, so a template engine can later produce the same data.
 *
 * <p>Flink's start scripts compute the memory settings with {@code BashJavaUtils}; the Java entry
 * points refuse to start a TaskManager without them. Here every memory component is set explicitly
 * instead, and the JVM flags are derived from the same numbers.
 */
public final class FlinkNodeSpecs {
  /** The Flink version these specs are for. */
  public static final String VERSION = "2.3.0";

  /** The folder inside the runtime directory holding {@code lib/}. */
  public static final String RUNTIME_FOLDER = "flink-" + VERSION;

  public static final String JOB_MANAGER_CLASS =
      "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  public static final String TASK_MANAGER_CLASS =
      "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

  /** Every node binds to the loopback address only. */
  public static final String HOST = "127.0.0.1";

  /** Role names. */
  public static final String JOB_MANAGER_ROLE = "jobmanager";

  public static final String TASK_MANAGER_ROLE = "taskmanager";

  /** Port names. JobManager: rpc, rest, blob. TaskManager: rpc, data. */
  public static final String RPC_PORT = "rpc";

  public static final String REST_PORT = "rest";
  public static final String BLOB_PORT = "blob";
  public static final String DATA_PORT = "data";

  /** The smallest heap accepted: Flink's framework heap alone takes 128 MB. */
  public static final int MINIMUM_HEAP_MB = 256;

  /**
   * Flags from flink-dist's {@code env.java.opts.all}, which the Java entry points do not read
   * themselves.
   */
  public static final List<String> JVM_MODULE_OPTIONS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  static final String CONFIG_FILE = "conf/config.yaml";
  static final String LOG_CONFIGURATION_FILE = "conf/log4j.properties";
  static final int FRAMEWORK_HEAP_MB = 128;
  static final int FRAMEWORK_OFF_HEAP_MB = 128;
  static final int NETWORK_MB = 64;
  static final int METASPACE_MB = 256;
  static final int JVM_OVERHEAD_MB = 192;
  static final int JOB_MANAGER_OFF_HEAP_MB = 128;

  private FlinkNodeSpecs() {}

  /**
   * The JobManager of a session cluster.
   *
   * @param heapMb the JVM heap ({@code jobmanager.memory.heap.size})
   */
  public static NodeSpec jobManager(
      NodeLayout layout, int heapMb, int rpcPort, int restPort, int blobPort) {
    checkHeap(heapMb);
    Map<String, Object> config = commonConfig(layout, rpcPort);
    config.put("jobmanager.bind-host", HOST);
    config.put("rest.address", HOST);
    config.put("rest.bind-address", HOST);
    config.put("rest.port", restPort);
    config.put("blob.server.port", Integer.toString(blobPort));
    config.put("web.submit.enable", true);
    config.put("web.cancel.enable", true);
    config.put("web.upload.dir", layout.workingDirectory().resolve("web-upload").toString());
    config.put("jobmanager.memory.heap.size", heapMb + "m");
    config.put("jobmanager.memory.off-heap.size", JOB_MANAGER_OFF_HEAP_MB + "m");
    config.put("jobmanager.memory.jvm-metaspace.size", METASPACE_MB + "m");
    config.put("jobmanager.memory.jvm-overhead.min", JVM_OVERHEAD_MB + "m");
    config.put("jobmanager.memory.jvm-overhead.max", JVM_OVERHEAD_MB + "m");
    config.put("parallelism.default", 1);
    return base(layout, JOB_MANAGER_ROLE, JOB_MANAGER_CLASS, config)
        .jvmOption("-Xmx" + heapMb + "m")
        .jvmOption("-Xms" + heapMb + "m")
        .jvmOption("-XX:MaxMetaspaceSize=" + METASPACE_MB + "m")
        .port(RPC_PORT, rpcPort)
        .port(REST_PORT, restPort)
        .port(BLOB_PORT, blobPort)
        .build();
  }

  /**
   * A TaskManager registering with the JobManager at {@code jobManagerRpcPort}. Its resource id is
   * the node name, so {@code /taskmanagers} entries map back to nodes.
   *
   * @param slots task slots (also its CPU cores in Flink's resource accounting)
   * @param heapMb the JVM heap: 128 MB framework heap plus the rest as task heap
   * @param managedMemoryMb managed (off-heap) memory for state backends and batch operators
   */
  public static NodeSpec taskManager(
      NodeLayout layout,
      int jobManagerRpcPort,
      int slots,
      int heapMb,
      int managedMemoryMb,
      int rpcPort,
      int dataPort) {
    checkHeap(heapMb);
    if (slots <= 0) {
      throw new IllegalArgumentException("slots must be positive: " + slots);
    }
    if (managedMemoryMb < 0) {
      throw new IllegalArgumentException(
          "managedMemoryMb must not be negative: " + managedMemoryMb);
    }
    Map<String, Object> config = commonConfig(layout, jobManagerRpcPort);
    config.put("taskmanager.resource-id", layout.id().nodeName());
    config.put("taskmanager.host", HOST);
    config.put("taskmanager.bind-host", HOST);
    config.put("taskmanager.rpc.port", Integer.toString(rpcPort));
    config.put("taskmanager.data.port", dataPort);
    config.put("taskmanager.numberOfTaskSlots", slots);
    config.put("taskmanager.cpu.cores", (double) slots);
    config.put("taskmanager.memory.framework.heap.size", FRAMEWORK_HEAP_MB + "m");
    config.put("taskmanager.memory.task.heap.size", (heapMb - FRAMEWORK_HEAP_MB) + "m");
    config.put("taskmanager.memory.framework.off-heap.size", FRAMEWORK_OFF_HEAP_MB + "m");
    config.put("taskmanager.memory.task.off-heap.size", "0m");
    config.put("taskmanager.memory.managed.size", managedMemoryMb + "m");
    config.put("taskmanager.memory.network.min", NETWORK_MB + "m");
    config.put("taskmanager.memory.network.max", NETWORK_MB + "m");
    config.put("taskmanager.memory.jvm-metaspace.size", METASPACE_MB + "m");
    config.put("taskmanager.memory.jvm-overhead.min", JVM_OVERHEAD_MB + "m");
    config.put("taskmanager.memory.jvm-overhead.max", JVM_OVERHEAD_MB + "m");
    int directMemoryMb = FRAMEWORK_OFF_HEAP_MB + NETWORK_MB;
    return base(layout, TASK_MANAGER_ROLE, TASK_MANAGER_CLASS, config)
        .jvmOption("-Xmx" + heapMb + "m")
        .jvmOption("-Xms" + heapMb + "m")
        .jvmOption("-XX:MaxDirectMemorySize=" + directMemoryMb + "m")
        .jvmOption("-XX:MaxMetaspaceSize=" + METASPACE_MB + "m")
        .port(RPC_PORT, rpcPort)
        .port(DATA_PORT, dataPort)
        .build();
  }

  /** The REST API (and dashboard) base URL of a JobManager. */
  public static URI restUri(int restPort) {
    return URI.create("http://" + HOST + ":" + restPort + "/");
  }

  /** The Flink folder (holding {@code lib/}) inside a runtime directory. */
  public static Path flinkHome(NodeLayout layout) {
    return layout.runtimeDirectory().resolve(RUNTIME_FOLDER);
  }

  private static Map<String, Object> commonConfig(NodeLayout layout, int jobManagerRpcPort) {
    Path work = layout.workingDirectory();
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("jobmanager.rpc.address", HOST);
    config.put("jobmanager.rpc.port", jobManagerRpcPort);
    // Notice a dead TaskManager in about a second instead of the default ~50 s (see ENGINES.md).
    config.put("heartbeat.interval", "1s");
    config.put("heartbeat.timeout", "5s");
    config.put("io.tmp.dirs", work.resolve("tmp").toString());
    config.put("high-availability.type", "NONE");
    return config;
  }

  private static NodeSpec.Builder base(
      NodeLayout layout, String role, String mainClass, Map<String, Object> config) {
    Path work = layout.workingDirectory();
    Path configDirectory = work.resolve("conf");
    return NodeSpec.builder(layout.id(), role)
        .runtimeDirectory(flinkHome(layout))
        .classpath(flinkHome(layout).resolve("lib").resolve("*"))
        .mainClass(mainClass)
        .workingDirectory(work)
        .jvmOptions(JVM_MODULE_OPTIONS)
        .jvmOption("-Dlog.file=" + work.resolve("log").resolve(role + ".log"))
        .jvmOption("-Dlog4j.configurationFile=file:" + work.resolve(LOG_CONFIGURATION_FILE))
        .arguments("--configDir", configDirectory.toString())
        .environment("FLINK_CONF_DIR", configDirectory.toString())
        .environment("FLINK_PLUGINS_DIR", work.resolve("plugins").toString())
        .file(CONFIG_FILE, FlinkConfigYaml.render(config))
        .file(
            LOG_CONFIGURATION_FILE, EngineResources.text(FlinkNodeSpecs.class, "log4j.properties"))
        .file("plugins/README.txt", "Flink plugins of this node (none installed).\n");
  }

  private static void checkHeap(int heapMb) {
    if (heapMb < MINIMUM_HEAP_MB) {
      throw new IllegalArgumentException(
          "heapMb must be at least " + MINIMUM_HEAP_MB + ": " + heapMb);
    }
  }
}
