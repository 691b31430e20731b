package io.bdpaas.engine.spark;

import io.bdpaas.backend.NodeLayout;
import io.bdpaas.backend.NodeSpec;
import io.bdpaas.engine.EngineResources;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the node specs of a Spark {@value #VERSION} standalone cluster: a master with its REST
 * submission server, and workers. Pure functions of their inputs (ports and sizes are allocated by
 * the caller), so a template engine can later produce the same data.
 */
public final class SparkNodeSpecs {
  /** The Spark version these specs are for. */
  public static final String VERSION = "4.2.0";

  /**
   * The folder inside the runtime directory holding {@code jars/}; it is also SPARK_HOME for
   * workers.
   */
  public static final String RUNTIME_FOLDER = "spark-" + VERSION;

  public static final String MASTER_CLASS = "org.apache.spark.deploy.master.Master";
  public static final String WORKER_CLASS = "org.apache.spark.deploy.worker.Worker";

  /** Every node binds to the loopback address only. */
  public static final String HOST = "127.0.0.1";

  /** Role names. */
  public static final String MASTER_ROLE = "master";

  public static final String WORKER_ROLE = "worker";

  /**
   * Port names: the RPC endpoint (spark://), the web UI (and {@code /json/}), the REST submission
   * server.
   */
  public static final String RPC_PORT = "rpc";

  public static final String UI_PORT = "ui";
  public static final String REST_PORT = "rest";

  /**
   * The module flags Spark's launcher adds ({@code JavaModuleOptions.defaultModuleOptions()});
   * needed on the master, worker and submit JVMs. The Java 24+ flags at the end are ignored on 17
   * thanks to the first one.
   */
  public static final List<String> JVM_MODULE_OPTIONS =
      List.of(
          "-XX:+IgnoreUnrecognizedVMOptions",
          "--add-modules=jdk.incubator.vector",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
          "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
          "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
          "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "-Dio.netty.tryReflectionSetAccessible=true",
          "-Dio.netty.allocator.type=pooled",
          "-Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE",
          "--sun-misc-unsafe-memory-access=allow",
          "--enable-native-access=ALL-UNNAMED");

  static final String LOG_CONFIGURATION_FILE = "conf/log4j2.properties";

  private SparkNodeSpecs() {}

  /**
   * The master: {@code Master --host 127.0.0.1 --port <rpc> --webui-port <ui>}, with the REST
   * submission server enabled on {@code restPort}.
   *
   * @param layout node id, runtime directory (the parent of {@value #RUNTIME_FOLDER}) and working
   *     directory
   * @param heapMb the master JVM's maximum heap
   */
  public static NodeSpec master(
      NodeLayout layout, int heapMb, int rpcPort, int uiPort, int restPort) {
    checkPositive(heapMb, "heapMb");
    return base(layout, MASTER_ROLE, MASTER_CLASS, heapMb)
        .jvmOption("-Dspark.master.rest.enabled=true")
        .jvmOption("-Dspark.master.rest.host=" + HOST)
        .jvmOption("-Dspark.master.rest.port=" + restPort)
        .arguments(
            "--host",
            HOST,
            "--port",
            Integer.toString(rpcPort),
            "--webui-port",
            Integer.toString(uiPort))
        .port(RPC_PORT, rpcPort)
        .port(UI_PORT, uiPort)
        .port(REST_PORT, restPort)
        .build();
  }

  /**
   * A worker offering {@code cores} cores and {@code memoryMb} MB to applications, registered with
   * {@code masterUrl}. Executors and drivers it launches run from the same jars ({@code
   * SPARK_HOME}) and inherit the node's marker through the environment.
   *
   * @param heapMb the worker JVM's own maximum heap (not what it offers to executors)
   */
  public static NodeSpec worker(
      NodeLayout layout,
      String masterUrl,
      int heapMb,
      int cores,
      int memoryMb,
      int rpcPort,
      int uiPort) {
    checkPositive(heapMb, "heapMb");
    checkPositive(cores, "cores");
    checkPositive(memoryMb, "memoryMb");
    if (masterUrl == null || !masterUrl.startsWith("spark://")) {
      throw new IllegalArgumentException("masterUrl must be a spark:// URL: " + masterUrl);
    }
    Path work = layout.workingDirectory();
    return base(layout, WORKER_ROLE, WORKER_CLASS, heapMb)
        // Applications leave a directory with a copy of their jar per run: clean those of finished
        // apps.
        .jvmOption("-Dspark.worker.cleanup.enabled=true")
        .arguments(
            masterUrl,
            "--host",
            HOST,
            "--port",
            Integer.toString(rpcPort),
            "--webui-port",
            Integer.toString(uiPort),
            "--cores",
            Integer.toString(cores),
            "--memory",
            memoryMb + "m",
            "--work-dir",
            work.resolve("work").toString())
        // Executors and drivers are launched with $SPARK_HOME/jars/* and need the Scala version to
        // find them.
        .environment("SPARK_HOME", sparkHome(layout).toString())
        .environment("SPARK_SCALA_VERSION", "2.13")
        .environment("SPARK_LOCAL_DIRS", work.resolve("local").toString())
        .port(RPC_PORT, rpcPort)
        .port(UI_PORT, uiPort)
        .build();
  }

  /** The {@code spark://} URL of a master listening on {@code rpcPort}. */
  public static String masterUrl(int rpcPort) {
    return "spark://" + HOST + ":" + rpcPort;
  }

  /** The base URL of a master's (or worker's) web UI. */
  public static URI webUi(int uiPort) {
    return URI.create("http://" + HOST + ":" + uiPort + "/");
  }

  /** The base URL of a master's REST submission server. */
  public static URI restServer(int restPort) {
    return URI.create("http://" + HOST + ":" + restPort + "/");
  }

  /** The Spark home (holding {@code jars/}) inside a runtime directory. */
  public static Path sparkHome(NodeLayout layout) {
    return layout.runtimeDirectory().resolve(RUNTIME_FOLDER);
  }

  private static NodeSpec.Builder base(
      NodeLayout layout, String role, String mainClass, int heapMb) {
    Path work = layout.workingDirectory();
    return NodeSpec.builder(layout.id(), role)
        .runtimeDirectory(sparkHome(layout))
        .classpath(sparkHome(layout).resolve("jars").resolve("*"))
        .mainClass(mainClass)
        .workingDirectory(work)
        .jvmOption("-Xmx" + heapMb + "m")
        .jvmOptions(JVM_MODULE_OPTIONS)
        .jvmOption("-Dlog4j.configurationFile=" + work.resolve(LOG_CONFIGURATION_FILE))
        .environment("SPARK_LOCAL_IP", HOST)
        .file(
            LOG_CONFIGURATION_FILE,
            EngineResources.text(SparkNodeSpecs.class, "log4j2.properties"));
  }

  private static void checkPositive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
