package io.bdpaas.bench;

import io.bdpaas.backend.ContainerPart;
import io.bdpaas.backend.NodeDefinition;
import io.bdpaas.backend.NodeEventListener;
import io.bdpaas.backend.NodeId;
import io.bdpaas.backend.NodePlacement;
import io.bdpaas.backend.PlacementRequest;
import io.bdpaas.backend.kubernetes.Applier;
import io.bdpaas.backend.kubernetes.KubernetesBackendSettings;
import io.bdpaas.backend.kubernetes.KubernetesClusterBackend;
import io.bdpaas.backend.kubernetes.TenantQuota;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One full reconcile pass of the Kubernetes backend over the clusters of many tenants (one cluster
 * each: a Spark master, a worker and a Connect server), against fabric8's mock API server (CRUD
 * mode) in a process of its own. What a pass does per cluster is what the cluster reconciler asks
 * of the backend: place the nodes, then for each node {@code ensureRunning} and {@code state}.
 *
 * <ul>
 *   <li>the <b>create</b> pass finds nothing and writes every tenant's namespace objects and every
 *       node's objects;
 *   <li>each <b>resync</b> pass finds everything in place, as a control plane's periodic pass does.
 * </ul>
 *
 * For each pass: wall time, this process's CPU time (the backend: client, informers, JSON; the mock
 * server's CPU is its own process's, printed apart) and the API requests the backend sent.
 *
 * <p>{@code bench/run-kubernetes-reconcile.sh [--tenants=1000] [--resyncs=3]}
 */
public final class KubernetesReconcileBench {
  private KubernetesReconcileBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    int tenants = Integer.parseInt(options.getOrDefault("tenants", "1000"));
    int resyncs = Integer.parseInt(options.getOrDefault("resyncs", "3"));
    Path repo = Path.of(options.getOrDefault("repo", "."));
    String classpath =
        repo.resolve("bench/target/classes") + ":" + repo.resolve("bench/target/lib/*");

    Process server =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g",
                "-cp",
                classpath,
                MockApiServer.class.getName())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      if (line == null || !line.startsWith("PORT ")) {
        throw new IllegalStateException("the mock API server did not start: " + line);
      }
      int port = Integer.parseInt(line.substring(5).trim());
      run(port, tenants, resyncs, server.pid());
    } finally {
      server.getOutputStream().close();
      server.destroy();
      server.waitFor();
    }
  }

  private static void run(int port, int tenants, int resyncs, long serverPid) throws Exception {
    AtomicLong requests = new AtomicLong();
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:" + port)
                    .withNamespace("default")
                    .withRequestTimeout(120_000)
                    .build())
            .withHttpClientBuilderConsumer(
                builder ->
                    builder.addOrReplaceInterceptor(
                        "count",
                        new Interceptor() {
                          @Override
                          public void before(
                              BasicBuilder request,
                              HttpRequest httpRequest,
                              Interceptor.RequestTags tags) {
                            requests.incrementAndGet();
                          }
                        }))
            .build();
    KubernetesBackendSettings settings = KubernetesBackendSettings.defaults("bdpaas");
    ClusterReadyBench.say("machine: " + Machine.describe());
    ClusterReadyBench.say("load average at start: " + Machine.loadAverage());
    System.out.printf(
        "Kubernetes backend reconcile: %d tenants, one cluster each (master, worker, connect)"
            + " = %d nodes; fabric8 mock API server (CRUD) in process %d%n",
        tenants, tenants * 3, serverPid);
    try (KubernetesClusterBackend backend =
        new KubernetesClusterBackend(
            client,
            settings,
            tenant -> new TenantQuota(16, 32768),
            NodeEventListener.NONE,
            Applier.createOrUpdate(client))) {
      List<List<NodeDefinition>> clusters = new ArrayList<>();
      for (int t = 1; t <= tenants; t++) {
        clusters.add(cluster(backend, "u" + t, String.format("c-%08d", t)));
      }
      System.out.println(
          "| pass | clusters | wall s | per cluster ms | control-plane CPU s | CPU % of one core |"
              + " API requests | mock server CPU s |");
      System.out.println("|---|---|---|---|---|---|---|---|");
      pass("create", backend, clusters, requests, serverPid);
      // Let the informers see what the create pass wrote, as a periodic pass would.
      Thread.sleep(5_000);
      for (int i = 1; i <= resyncs; i++) {
        pass("resync " + i, backend, clusters, requests, serverPid);
      }
    }
  }

  private static void pass(
      String name,
      KubernetesClusterBackend backend,
      List<List<NodeDefinition>> clusters,
      AtomicLong requests,
      long serverPid) {
    long cpuBefore = processCpuNanos();
    long requestsBefore = requests.get();
    Duration serverBefore = ClusterReadyBench.cpu(serverPid);
    long start = System.nanoTime();
    int running = 0;
    for (List<NodeDefinition> cluster : clusters) {
      for (NodeDefinition node : cluster) {
        backend.ensureRunning(node);
        if (backend.state(node.id()).isPresent()) {
          running++;
        }
      }
    }
    double wall = (System.nanoTime() - start) / 1e9;
    double cpu = (processCpuNanos() - cpuBefore) / 1e9;
    double serverCpu = ClusterReadyBench.cpu(serverPid).minus(serverBefore).toMillis() / 1e3;
    System.out.printf(
        "| %s | %d | %.2f | %.2f | %.2f | %.0f | %d | %.2f |%n",
        name,
        clusters.size(),
        wall,
        wall * 1000 / clusters.size(),
        cpu,
        100 * cpu / wall,
        requests.get() - requestsBefore,
        serverCpu);
    if (name.startsWith("resync") && running != clusters.size() * 3) {
      throw new IllegalStateException(
          "a resync found " + running + " of " + clusters.size() * 3 + " nodes");
    }
  }

  /** A cluster's nodes as the planner renders them, placed by the backend. */
  private static List<NodeDefinition> cluster(
      KubernetesClusterBackend backend, String tenant, String clusterId) {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    groups.put("master", List.of("rpc", "ui", "rest"));
    groups.put("worker", List.of("rpc", "ui"));
    groups.put("connect", List.of("grpc", "ui", "driver", "blocks"));
    List<PlacementRequest> requests = new ArrayList<>();
    groups.forEach(
        (group, ports) ->
            requests.add(
                new PlacementRequest(
                    new NodeId(clusterId, group + "-0"),
                    tenant,
                    group,
                    ports,
                    Optional.of("spark-4.2.0"))));
    List<NodeDefinition> nodes = new ArrayList<>();
    for (NodePlacement placement : backend.place(requests)) {
      String group = placement.node().nodeName().replaceAll("-0$", "");
      ContainerPart part =
          new ContainerPart(
              "apache/spark:4.2.0",
              List.of("java"),
              List.of(
                  "-Xmx512m",
                  "-cp",
                  "/opt/spark/jars/*",
                  "org.apache.spark.deploy." + group,
                  "--host",
                  placement.host()),
              Map.of("SPARK_LOCAL_IP", placement.host()),
              Map.of(
                  "conf/spark-defaults.conf",
                  "spark.authenticate true\nspark.authenticate.secret " + clusterId + "\n",
                  "conf/log4j2.properties",
                  "rootLogger.level = info\n"),
              Map.of());
      nodes.add(
          new NodeDefinition(
              placement.node(),
              tenant,
              group,
              placement,
              1000,
              1024,
              Optional.empty(),
              Optional.of(part)));
    }
    return nodes;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
