package io.bdpaas.bench;

import io.bdpaas.backend.local.PortAllocator;
import io.bdpaas.engine.ClusterTls;
import io.bdpaas.engine.EngineHttp;
import io.bdpaas.engine.EngineSecret;
import io.bdpaas.engine.ReadinessProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Cluster create → ready through the platform, against the same processes started by a plain script
 * with the same orchestration and readiness probes, alternating, in one run.
 *
 * <p>Platform side: {@code POST /api/v1/clusters}, then {@code GET
 * /api/v1/clusters/{id}?until=ready&wait=20} (one request that answers when the cluster is ready;
 * the default, {@code --client=wait}) or, with {@code --client=poll}, {@code GET
 * /api/v1/clusters/{id}} every {@code --poll-ms} until {@code status} is {@code ready}. Plain side:
 * the argv, environment and config files of the nodes of a warm-up platform cluster (read from
 * {@code /proc/<pid>/cmdline}, {@code /proc/<pid>/environ} and the nodes' working directories),
 * with fresh ports and working directories substituted, started the way the template's orchestrator
 * says (start the first group, probe until ready, start the next, probe until ready) with the same
 * {@link ReadinessProbe}s, probing every {@code --poll-ms}.
 *
 * <p>The product {@code spark-project} does the same for a Spark project, a tenant's: {@code POST
 * /api/v1/projects}, then {@code GET /api/v1/projects/{id}} until {@code ready} every {@code
 * --poll-ms} with {@code --client=poll} (with {@code --client=wait}, its cluster's {@code
 * ?until=ready}: a project has no {@code ?until=} of its own), deleted between runs; its Connect
 * server's storage area becomes an empty folder of the plain run's own. Not a test: run it with
 * {@code bench/run-cluster-ready.sh} or {@code bench/run-project-ready.sh}.
 */
public final class ClusterReadyBench {

  /** One readiness check of a node group, as the product's template states it. */
  record Probe(
      String scheme,
      String portGroup,
      String portName,
      String path,
      String pointer,
      Object expected) {
    ReadinessProbe build(EngineHttp http, Map<String, Integer> ports) {
      if (scheme.equals("tcp")) {
        // LocalClusterBackend.probe for a "tcp" readiness block (Spark Connect's gRPC port).
        return ReadinessProbe.tcp("127.0.0.1", ports.get(portName));
      }
      java.net.URI uri = java.net.URI.create(scheme + "://127.0.0.1:" + ports.get(portName) + path);
      // Exactly what LocalClusterBackend.probe builds from a template's readiness block.
      if (expected instanceof Integer minimum) {
        return ReadinessProbe.httpJson(
            http,
            uri,
            pointer + " >= " + minimum,
            json -> json.at(pointer).isNumber() && json.at(pointer).asDouble() >= minimum);
      }
      return ReadinessProbe.httpJsonEquals(http, uri, pointer, (String) expected);
    }
  }

  /** What the platform side creates and times: a cluster, or a project (which runs a cluster). */
  enum Resource {
    CLUSTER("/api/v1/clusters", 202),
    PROJECT("/api/v1/projects", 204);

    final String collection;
    final int deleted;

    Resource(String collection, int deleted) {
      this.collection = collection;
      this.deleted = deleted;
    }
  }

  /**
   * What the benchmark knows of a product: the request that creates it, and the template's
   * orchestrator and readiness blocks.
   */
  record Product(
      String name,
      String label,
      Resource resource,
      Map<String, Object> request,
      List<String> groups,
      Map<String, Probe> probes) {
    static Product of(String name) {
      return switch (name) {
        case "spark" ->
            // bdpaas-server/src/main/resources/products/spark-4.2.0/{template.json,orchestrator.json}
            new Product(
                "spark",
                "spark 4.2.0 size 2",
                Resource.CLUSTER,
                Map.of("product", "spark", "version", "4.2.0", "size", 2),
                List.of("master", "worker"),
                Map.of(
                    "master", new Probe("http", "master", "ui", "/json/", "/status", "ALIVE"),
                    "worker", new Probe("http", "master", "ui", "/json/", "/aliveworkers", 2)));
        case "flink" ->
            // bdpaas-server/src/main/resources/products/flink-2.3.0/{template.yaml,orchestrator.json}
            // size 1, taskmanager.slots 2 by default: /slots-total >= 1 * 2
            new Product(
                "flink",
                "flink 2.3.0 size 1",
                Resource.CLUSTER,
                Map.of("product", "flink", "version", "2.3.0", "size", 1),
                List.of("jobmanager", "taskmanager"),
                Map.of(
                    "jobmanager",
                    new Probe(
                        "https", "jobmanager", "rest", "/overview", "/flink-version", "2.3.0"),
                    "taskmanager",
                    new Probe("https", "jobmanager", "rest", "/overview", "/slots-total", 2)));
        case "spark-project" ->
            // A Spark project (ProjectService.startCluster): the spark-4.2.0 template with its
            // connect option, size = workers; the connect group is ready when its gRPC port
            // accepts connections.
            new Product(
                "spark-project",
                "spark project, 1 worker + Connect",
                Resource.PROJECT,
                Map.of(
                    "name",
                    "bench",
                    "workers",
                    1,
                    "workerCores",
                    2,
                    "workerMemoryMb",
                    1024,
                    "connectCores",
                    1),
                List.of("master", "worker", "connect"),
                Map.of(
                    "master", new Probe("http", "master", "ui", "/json/", "/status", "ALIVE"),
                    "worker", new Probe("http", "master", "ui", "/json/", "/aliveworkers", 1),
                    "connect", new Probe("tcp", "connect", "grpc", "", "", "")));
        default -> throw new IllegalArgumentException("unknown product " + name);
      };
    }
  }

  /** A node of a platform cluster, as it was really started. */
  record CapturedNode(
      String name,
      String group,
      Map<String, Integer> ports,
      List<String> launchPrefix,
      List<String> argv,
      Map<String, String> environment,
      Map<String, String> files,
      Map<String, byte[]> binaryFiles,
      String logHeader) {}

  /**
   * A storage area of the platform's data directory the nodes use (a project's warehouse and
   * metastore), with the account that owns it.
   */
  record StorageArea(Path path, int uid, int gid) {}

  record Capture(
      Path clusterDirectory,
      String clusterId,
      List<CapturedNode> nodes,
      List<StorageArea> storage) {
    List<CapturedNode> group(String group) {
      return nodes.stream().filter(n -> n.group().equals(group)).toList();
    }
  }

  /** One timed create → ready, with the moments each step finished (seconds from the start). */
  record Result(
      String side,
      double readySeconds,
      double serverSideSeconds,
      double teardownSeconds,
      double orchestratorCpuSeconds,
      Map<String, Double> timeline) {}

  private final Path work;
  private final Path runtimeDir;
  private final Path serverJar;
  private final int runs;
  private final long pollMillis;
  private final boolean clientPolls;
  private final int warmRequests;
  private final List<String> products;
  private final Processes processes;
  private final EngineHttp http = EngineHttp.create();
  private final PortAllocator plainPorts = new PortAllocator(10000, 19999);
  private final Set<Created> live = new LinkedHashSet<>();
  private final List<Process> plainProcesses = new ArrayList<>();
  private ServerProcess server;
  private Api tenant;
  private Capture lastCapture;
  private boolean cleanedUp;

  private ClusterReadyBench(Map<String, String> options) throws IOException {
    this.serverJar = ServerProcess.serverJar(options);
    this.runtimeDir = ServerProcess.runtimeDir(options);
    this.runs = Integer.parseInt(options.getOrDefault("runs", "3"));
    this.pollMillis = Long.parseLong(options.getOrDefault("poll-ms", "100"));
    String client = options.getOrDefault("client", "wait");
    if (!client.equals("wait") && !client.equals("poll")) {
      throw new IllegalArgumentException("--client must be wait or poll");
    }
    this.clientPolls = client.equals("poll");
    this.warmRequests = Integer.parseInt(options.getOrDefault("warm-requests", "3000"));
    this.products = Arrays.asList(options.getOrDefault("products", "spark,flink").split(","));
    this.work = Files.createTempDirectory("bdpaas-bench-").toRealPath();
    // Tenants' accounts (when the platform runs as root) pass through to their clusters' folders.
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx--x--x"));
    this.processes = new Processes(work.toString());
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options =
        options(
            args,
            "--repo=<checkout> [--runs=3] [--products=spark,flink,spark-project]"
                + " [--client=wait|poll] [--poll-ms=100] [--keep=true]");
    ClusterReadyBench bench = new ClusterReadyBench(options);
    Thread hook = new Thread(bench::cleanUp, "bench-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    int status = 0;
    try {
      bench.run();
    } catch (Exception e) {
      System.out.println("BENCHMARK FAILED: " + e);
      e.printStackTrace(System.out);
      status = 1;
    } finally {
      bench.cleanUp();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // killed meanwhile: the hook runs the same clean-up
      }
    }
    if (!options.containsKey("keep")) {
      deleteTree(bench.work);
    } else {
      System.out.println("kept " + bench.work);
    }
    System.exit(status);
  }

  private void run() throws Exception {
    say("machine: " + Machine.describe());
    say("load average at start: " + Machine.loadAverage());
    say("working directory: " + work);
    say(
        "runs per side: "
            + runs
            + (clientPolls
                ? ", the platform's client polls every " + pollMillis + " ms"
                : ", the platform's client waits with ?until=ready")
            + ", the plain side probes every "
            + pollMillis
            + " ms");

    server =
        ServerProcess.start(
            serverJar,
            runtimeDir,
            work.resolve("server-data"),
            work.resolve("server.log"),
            processes,
            Duration.ofMinutes(3));
    say(
        String.format(
            Locale.ROOT,
            "server: pid %d, port %d, process start -> readiness UP %.2f s; Spring: \"%s\"",
            server.pid(),
            server.port,
            server.readySeconds,
            server.springStartedLine));

    // Projects are a tenant's (clusters are created by the administrator, as in earlier rounds).
    tenant = server.api.newUser("bench-tenant", "tenant-" + server.password);

    Map<String, List<Result[]>> results = new LinkedHashMap<>();
    for (String name : products) {
      Product product = Product.of(name.trim());
      say("");
      say("== " + product.label() + " ==");
      say(
          "warm-up (not counted): one platform "
              + product.resource().name().toLowerCase(Locale.ROOT)
              + ", whose nodes the plain side copies");
      Result warm = platformRun(product, true, results.isEmpty());
      Capture capture = lastCapture;
      printCapture(capture);
      say("  warm-up platform: " + describe(warm));
      Result warmPlain = plainRun(product, capture, "warmup");
      say("  warm-up plain:    " + describe(warmPlain));
      List<Result[]> pairs = new ArrayList<>();
      for (int i = 1; i <= runs; i++) {
        Result platform = platformRun(product, false, false);
        say("  run " + i + " platform: " + describe(platform));
        Result plain = plainRun(product, capture, "run" + i);
        say("  run " + i + " plain:    " + describe(plain));
        pairs.add(new Result[] {platform, plain});
      }
      results.put(product.label(), pairs);
      say("load average after " + product.name() + ": " + Machine.loadAverage());
    }
    printTable(results);
    say("load average at end: " + Machine.loadAverage());
  }

  /**
   * Sends the API request a client makes while it waits for a cluster or project ({@code GET
   * /api/v1/clusters/{id}}, {@code GET /api/v1/projects/{id}}) a few thousand times, on the warm-up
   * run's resource before it is deleted, so that the control plane is measured warm, as it is after
   * minutes of use, and not while its JIT is still compiling the request path (which on 2 cores
   * takes CPU from the engines starting beside it). {@code --warm-requests=0} measures it cold.
   */
  private void warmUpControlPlane(Api api, String path) {
    if (warmRequests <= 0) {
      say("control plane not warmed up (--warm-requests=0)");
      return;
    }
    long start = System.nanoTime();
    for (int i = 0; i < warmRequests; i++) {
      api.get(path);
    }
    say(
        String.format(
            Locale.ROOT,
            "  control plane warmed up: %d x GET %s in %.2f s",
            warmRequests,
            path,
            (System.nanoTime() - start) / 1e9));
  }

  // ---- platform side ----

  /** A cluster or project the platform side created and has not deleted yet. */
  record Created(Api api, Resource resource, String path, String clusterId) {
    /**
     * Deletes it, waits until its cluster is destroyed, and checks that no process of the nodes the
     * cluster had runs any more.
     */
    void delete(Duration timeout) {
      List<Long> pids = new ArrayList<>();
      api.get("/api/v1/clusters/" + clusterId + "/nodes")
          .forEach(node -> pids.add(Long.parseLong(node.get("instance").asString())));
      api.delete(path, resource.deleted);
      api.awaitClusterStatus(clusterId, "destroyed", timeout, 100);
      for (long pid : pids) {
        if (Processes.runsNodeOf(pid, clusterId)) {
          throw new IllegalStateException(
              "pid " + pid + " of destroyed cluster " + clusterId + " runs");
        }
      }
    }
  }

  /**
   * Creates, times and destroys one cluster or project; with {@code capture}, records its nodes
   * first, and with {@code warmUp} warms the control plane up on it before deleting it.
   */
  private Result platformRun(Product product, boolean capture, boolean warmUp) throws Exception {
    Api api = product.resource() == Resource.PROJECT ? tenant : server.api;
    Duration cpuBefore = cpu(server.pid());
    long start = System.nanoTime();
    JsonNode answer = api.post(product.resource().collection, product.request(), 202);
    String id = answer.get("id").asString();
    Created created =
        new Created(
            api,
            product.resource(),
            product.resource().collection + "/" + id,
            product.resource() == Resource.PROJECT ? answer.get("clusterId").asString() : id);
    live.add(created);
    // A project is as ready as its cluster, whose status it shows; only clusters can be waited for.
    String statusPath =
        clientPolls
            ? created.path()
            : "/api/v1/clusters/" + created.clusterId() + "?until=ready&wait=20";
    long deadline = start + Duration.ofMinutes(5).toNanos();
    while (true) {
      JsonNode current = api.get(statusPath);
      String status = current.get("status").asString();
      if (status.equals("ready")) {
        break;
      }
      if (status.equals("failed") || System.nanoTime() - deadline >= 0) {
        throw new IllegalStateException(
            "platform " + created.path() + " is " + status + ": " + current.get("statusReason"));
      }
      if (clientPolls) {
        Processes.sleep(pollMillis);
      }
    }
    double ready = (System.nanoTime() - start) / 1e9;
    double serverCpu = cpu(server.pid()).minus(cpuBefore).toNanos() / 1e9;
    String clusterId = created.clusterId();
    JsonNode cluster = api.get("/api/v1/clusters/" + clusterId);
    Instant createdAt = Instant.parse(cluster.get("createdAt").asString());
    Instant readyAt = Instant.parse(cluster.get("statusChangedAt").asString());
    double serverSide = Duration.between(createdAt, readyAt).toNanos() / 1e9;

    if (capture) {
      lastCapture = capture(clusterId, api.get("/api/v1/clusters/" + clusterId + "/nodes"));
    }
    Map<String, Double> timeline = platformTimeline(api, clusterId, createdAt);
    if (warmUp) {
      warmUpControlPlane(api, created.path());
    }

    long stop = System.nanoTime();
    created.delete(Duration.ofMinutes(2));
    double teardown = (System.nanoTime() - stop) / 1e9;
    live.remove(created);
    return new Result("platform", ready, serverSide, teardown, serverCpu, timeline);
  }

  /** The cluster's STATUS and STEP events, as seconds from createdAt. */
  private Map<String, Double> platformTimeline(Api api, String id, Instant createdAt) {
    Map<String, Double> timeline = new LinkedHashMap<>();
    JsonNode events = api.get("/api/v1/clusters/" + id + "/events?size=100").get("items");
    List<JsonNode> sorted = new ArrayList<>();
    events.forEach(sorted::add);
    sorted.sort(Comparator.comparingLong(e -> e.get("id").asLong()));
    for (JsonNode event : sorted) {
      String type = event.get("type").asString();
      String message = event.get("message").asString().replace("\u2192", "->");
      if (type.equals("STATUS") && message.contains("-> ") && message.contains(": ")) {
        // "registered -> scheduling: waiting for admission" becomes "-> scheduling"
        message = message.substring(message.indexOf("-> "), message.indexOf(": "));
      }
      if (type.equals("STEP") || type.equals("STATUS")) {
        double at =
            Duration.between(createdAt, Instant.parse(event.get("time").asString())).toNanos()
                / 1e9;
        timeline.put(message.replaceAll(" \\(\\d+ nodes?\\)", ""), at);
      }
    }
    return timeline;
  }

  /** The argv, environment and files of each node of a ready platform cluster. */
  private Capture capture(String id, JsonNode nodes) throws IOException {
    Path clusterDirectory = work.resolve("server-data").resolve("clusters").resolve(id);
    List<CapturedNode> captured = new ArrayList<>();
    for (JsonNode node : nodes) {
      String name = node.get("name").asString();
      long pid = Long.parseLong(node.get("instance").asString());
      List<String> argv = Machine.commandLine(pid);
      Map<String, String> environment = Machine.environment(pid);
      if (argv.isEmpty() || environment.isEmpty()) {
        throw new IllegalStateException("cannot read /proc/" + pid + " of node " + name);
      }
      Map<String, Integer> ports = new LinkedHashMap<>();
      node.get("ports").properties().forEach(e -> ports.put(e.getKey(), e.getValue().asInt()));
      Path nodeDirectory = clusterDirectory.resolve(name);
      Map<String, String> files = new LinkedHashMap<>();
      Map<String, byte[]> binaryFiles = new LinkedHashMap<>();
      // The template's "files" of these products live under conf/ and plugins/.
      for (String folder : List.of("conf", "plugins")) {
        Path root = nodeDirectory.resolve(folder);
        if (Files.isDirectory(root)) {
          try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
              String relative = nodeDirectory.relativize(file).toString();
              if (relative.endsWith(".p12")) {
                binaryFiles.put(relative, Files.readAllBytes(file));
              } else {
                files.put(relative, Files.readString(file));
              }
            }
          }
        }
      }
      String header =
          Files.readAllLines(nodeDirectory.resolve("stdout.log")).stream()
              .filter(line -> line.startsWith("---- "))
              .limit(2)
              .collect(Collectors.joining("\n"));
      String logged = header.lines().skip(1).findFirst().orElse("").substring(5);
      // A node run as its tenant's account is started through "setpriv ... --", which then
      // executes the JVM in the same process: /proc shows the JVM's command line only.
      List<String> launchPrefix = new ArrayList<>();
      if (logged.startsWith("/usr/bin/setpriv ")) {
        String prefix = logged.substring(0, logged.indexOf(" -- ") + 3);
        launchPrefix.addAll(List.of(prefix.split(" ")));
        logged = logged.substring(prefix.length() + 1);
      }
      if (!logged.equals(String.join(" ", argv))) {
        throw new IllegalStateException(
            "node " + name + ": /proc cmdline differs from the command logged by the platform");
      }
      captured.add(
          new CapturedNode(
              name,
              node.get("group").asString(),
              ports,
              launchPrefix,
              argv,
              environment,
              files,
              binaryFiles,
              header));
    }
    captured.sort(Comparator.comparing(CapturedNode::name));
    return new Capture(clusterDirectory, id, captured, storageAreas(captured));
  }

  /**
   * The storage areas ({@code <data>/storage/<tenant>/<name>}, LocalClusterBackend.ensureStorage)
   * that the nodes' command lines or files name: a project's warehouse and metastore.
   */
  private List<StorageArea> storageAreas(List<CapturedNode> nodes) throws IOException {
    Path root = work.resolve("server-data").resolve("storage");
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<StorageArea> areas = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root, 2)) {
      for (Path area : walk.filter(p -> root.relativize(p).getNameCount() == 2).toList()) {
        String path = area.toString();
        boolean named =
            nodes.stream()
                .anyMatch(
                    node ->
                        node.argv().stream().anyMatch(arg -> arg.contains(path))
                            || node.files().values().stream().anyMatch(f -> f.contains(path)));
        if (named) {
          areas.add(
              new StorageArea(
                  area,
                  (Integer) Files.getAttribute(area, "unix:uid"),
                  (Integer) Files.getAttribute(area, "unix:gid")));
        }
      }
    }
    return areas;
  }

  private void printCapture(Capture capture) {
    say("  captured from platform cluster " + capture.clusterId() + ":");
    capture.storage().forEach(area -> say("    storage area " + area));
    for (CapturedNode node : capture.nodes()) {
      say(
          "    "
              + node.name()
              + " ("
              + node.group()
              + ") ports "
              + node.ports()
              + ", files "
              + node.files().keySet()
              + ", env (node-specific) "
              + node.environment().entrySet().stream()
                  .filter(
                      e ->
                          e.getKey().startsWith("SPARK_")
                              || e.getKey().startsWith("FLINK_")
                              || e.getKey().startsWith("BDPAAS_"))
                  .map(Map.Entry::toString)
                  .toList());
      say("      " + node.logHeader().lines().skip(1).findFirst().orElse(""));
    }
  }

  // ---- plain side ----

  private Result plainRun(Product product, Capture capture, String label) throws Exception {
    Path runDirectory = work.resolve("plain").resolve(product.name() + "-" + label);
    Map<Integer, Integer> portMap = new LinkedHashMap<>();
    for (CapturedNode node : capture.nodes()) {
      for (int port : node.ports().values()) {
        portMap.put(port, plainPorts.allocate());
      }
    }
    String from = capture.clusterDirectory().toString();
    String to = runDirectory.toString();
    // A storage area of the platform's becomes a folder of the run's own, made as the platform
    // makes it (LocalClusterBackend.ensureStorage) but empty: no sample dataset in it.
    Map<StorageArea, Path> storage = new LinkedHashMap<>();
    for (StorageArea area : capture.storage()) {
      storage.put(area, runDirectory.resolve("storage").resolve(area.path().getFileName()));
    }
    java.util.function.UnaryOperator<String> substitute =
        text -> {
          String result = text.replace(from, to);
          for (Map.Entry<StorageArea, Path> area : storage.entrySet()) {
            result = result.replace(area.getKey().path().toString(), area.getValue().toString());
          }
          for (Map.Entry<Integer, Integer> port : portMap.entrySet()) {
            result =
                result.replaceAll(
                    "(?<![0-9])" + port.getKey() + "(?![0-9])", Integer.toString(port.getValue()));
          }
          return result;
        };
    List<Process> started = new ArrayList<>();
    Map<String, Double> timeline = new LinkedHashMap<>();
    Duration cpuBefore = cpu(ProcessHandle.current().pid());
    long start = System.nanoTime();
    try {
      for (Map.Entry<StorageArea, Path> area : storage.entrySet()) {
        makeStorage(area.getValue(), area.getKey());
      }
      for (String group : product.groups()) {
        List<CapturedNode> nodes = capture.group(group);
        for (CapturedNode node : nodes) {
          started.add(launch(node, runDirectory.resolve(node.name()), substitute, label));
        }
        timeline.put("started " + group, (System.nanoTime() - start) / 1e9);
        Probe probe = product.probes().get(group);
        Map<String, Integer> ports = new LinkedHashMap<>();
        capture
            .group(probe.portGroup())
            .get(0)
            .ports()
            .forEach((k, v) -> ports.put(k, portMap.get(v)));
        CapturedNode probed = capture.group(probe.portGroup()).get(0);
        ReadinessProbe readiness =
            probe.build(client(probed).withHeaders(credentials(probed)), ports);
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        // Like the platform: every node of the group runs its group's check; all must pass.
        while (!nodes.stream().allMatch(n -> readiness.check().ready())) {
          for (Process process : started) {
            if (!process.isAlive()) {
              throw new IllegalStateException(
                  "plain node pid " + process.pid() + " exited with " + process.exitValue());
            }
          }
          if (System.nanoTime() - deadline >= 0) {
            throw new IllegalStateException("plain " + group + " not ready: " + readiness);
          }
          Processes.sleep(pollMillis);
        }
        timeline.put(group + " is ready", (System.nanoTime() - start) / 1e9);
      }
      double ready = (System.nanoTime() - start) / 1e9;
      double ownCpu = cpu(ProcessHandle.current().pid()).minus(cpuBefore).toNanos() / 1e9;
      long stop = System.nanoTime();
      Processes.stopTrees(started.stream().map(Process::toHandle).toList(), Duration.ofSeconds(30));
      double teardown = (System.nanoTime() - stop) / 1e9;
      return new Result("plain", ready, Double.NaN, teardown, ownCpu, timeline);
    } finally {
      Processes.stopTrees(started.stream().map(Process::toHandle).toList(), Duration.ofSeconds(30));
      synchronized (plainProcesses) {
        plainProcesses.removeAll(started);
      }
      portMap.values().forEach(plainPorts::release);
    }
  }

  /** What LocalClusterBackend.ensureStorage makes: a private folder of the area's owner. */
  private void makeStorage(Path directory, StorageArea area) throws IOException {
    Files.createDirectories(directory);
    for (Path up = directory.getParent(); !up.equals(work); up = up.getParent()) {
      Files.setPosixFilePermissions(up, PosixFilePermissions.fromString("rwx--x--x"));
    }
    Files.setAttribute(directory, "unix:uid", area.uid());
    Files.setAttribute(directory, "unix:gid", area.gid());
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
  }

  /**
   * The header the platform's probes send to the node's endpoint: {@code Authorization: Bearer}
   * with the cluster's JWS when the node's Spark configuration requires one (as the template says).
   */
  private static Map<String, String> credentials(CapturedNode node) {
    String conf = node.files().getOrDefault("conf/spark-defaults.conf", "");
    return conf.lines()
        .filter(line -> line.startsWith("spark.org.apache.spark.ui.JWSFilter.param.secretKey "))
        .findFirst()
        .map(line -> line.substring(line.indexOf(' ') + 1).strip())
        .map(key -> Map.of("Authorization", "Bearer " + new EngineSecret(key, "").bearer()))
        .orElse(Map.of());
  }

  /**
   * The client the platform's probes use for the node's endpoint: with the cluster's TLS identity
   * when the node has one (Flink's mutual TLS), its password read from the node's configuration.
   */
  private EngineHttp client(CapturedNode node) {
    byte[] keyStore = node.binaryFiles().get("conf/cluster.p12");
    if (keyStore == null) {
      return http;
    }
    String password =
        node.files()
            .getOrDefault("conf/config.yaml", "")
            .lines()
            .filter(line -> line.strip().startsWith("security.ssl.rest.keystore-password:"))
            .findFirst()
            .map(line -> line.substring(line.indexOf(':') + 1).strip().replace("\"", ""))
            .orElseThrow(
                () -> new IllegalStateException(node.name() + " has no key store password"));
    return EngineHttp.create(ClusterTls.clientContext(keyStore, password.toCharArray()));
  }

  /** What LocalProcessSupervisor.launch does, with the captured argv, environment and files. */
  private Process launch(
      CapturedNode node,
      Path directory,
      java.util.function.UnaryOperator<String> substitute,
      String label)
      throws IOException {
    Files.createDirectories(directory);
    Optional<int[]> account = accountOf(node.launchPrefix());
    if (account.isPresent()) {
      // As the platform does: the folders above may be passed through, the node's is its account's.
      for (Path up = directory.getParent(); !up.equals(work); up = up.getParent()) {
        Files.setPosixFilePermissions(up, PosixFilePermissions.fromString("rwx--x--x"));
      }
    }
    for (Map.Entry<String, String> file : node.files().entrySet()) {
      Path target = directory.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, substitute.apply(file.getValue()), StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
    }
    for (Map.Entry<String, byte[]> file : node.binaryFiles().entrySet()) {
      Path target = directory.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.write(target, file.getValue());
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
    }
    if (account.isPresent()) {
      try (Stream<Path> walk = Files.walk(directory)) {
        for (Path path : walk.toList()) {
          Files.setAttribute(path, "unix:uid", account.get()[0]);
          Files.setAttribute(path, "unix:gid", account.get()[1]);
        }
      }
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    }
    List<String> command = new ArrayList<>(node.launchPrefix());
    for (String arg : node.argv()) {
      // The platform's node marker (a -D property nothing reads) names the platform's cluster:
      // the plain copy carries its own, so the platform never mistakes it for one of its nodes.
      command.add(
          arg.startsWith("-Dbdpaas.node=")
              ? "-Dbdpaas.bench.node=plain/" + label + "/" + node.name()
              : substitute.apply(arg));
    }
    Path stdout = directory.resolve("stdout.log");
    Path stderr = directory.resolve("stderr.log");
    String header =
        String.format(
            "---- plain: starting %s at %s%n---- %s%n",
            node.name(), Instant.now(), String.join(" ", command));
    Files.writeString(stdout, header, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    Files.writeString(stderr, header, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
            .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
    Map<String, String> environment = builder.environment();
    environment.clear();
    node.environment()
        .forEach(
            (name, value) -> {
              if (!name.equals("BDPAAS_NODE")) {
                environment.put(name, substitute.apply(value));
              }
            });
    Process process = builder.start();
    process.getOutputStream().close();
    synchronized (plainProcesses) {
      plainProcesses.add(process);
    }
    return process;
  }

  // ---- report ----

  private void printTable(Map<String, List<Result[]>> results) {
    say("");
    say("== results: create -> ready, seconds (wall clock seen by the client) ==");
    say(
        "| cluster | run | platform | platform (server: createdAt -> ready) | plain | platform / plain |");
    say("|---|---|---|---|---|---|");
    for (Map.Entry<String, List<Result[]>> entry : results.entrySet()) {
      List<Double> platform = new ArrayList<>();
      List<Double> serverSide = new ArrayList<>();
      List<Double> plain = new ArrayList<>();
      int run = 0;
      for (Result[] pair : entry.getValue()) {
        run++;
        platform.add(pair[0].readySeconds());
        serverSide.add(pair[0].serverSideSeconds());
        plain.add(pair[1].readySeconds());
        say(
            String.format(
                Locale.ROOT,
                "| %s | %d | %.2f | %.2f | %.2f | %.2f |",
                entry.getKey(),
                run,
                pair[0].readySeconds(),
                pair[0].serverSideSeconds(),
                pair[1].readySeconds(),
                pair[0].readySeconds() / pair[1].readySeconds()));
      }
      say(
          String.format(
              Locale.ROOT,
              "| %s | **median** | **%.2f** | **%.2f** | **%.2f** | **%.2f** |",
              entry.getKey(),
              median(platform),
              median(serverSide),
              median(plain),
              median(platform) / median(plain)));
    }
    say("");
    say(
        String.format(
            Locale.ROOT,
            "server start-up (this run): process start -> readiness UP %.2f s; %s",
            server.readySeconds,
            server.springStartedLine));
  }

  private static String describe(Result result) {
    return String.format(
        Locale.ROOT,
        "ready in %.2f s%s, torn down in %.2f s; %s CPU until ready %.2f s; steps %s",
        result.readySeconds(),
        Double.isNaN(result.serverSideSeconds())
            ? ""
            : String.format(Locale.ROOT, " (server-side %.2f s)", result.serverSideSeconds()),
        result.teardownSeconds(),
        result.side().equals("platform") ? "control plane" : "script (this JVM)",
        result.orchestratorCpuSeconds(),
        result.timeline().entrySet().stream()
            .map(e -> String.format(Locale.ROOT, "%s @%.2f", e.getKey(), e.getValue()))
            .collect(Collectors.joining(", ")));
  }

  /** The user and group ids of a {@code setpriv --reuid=U --regid=G ... --} prefix. */
  private static Optional<int[]> accountOf(List<String> launchPrefix) {
    int uid = -1;
    int gid = -1;
    for (String part : launchPrefix) {
      if (part.startsWith("--reuid=")) {
        uid = Integer.parseInt(part.substring("--reuid=".length()));
      } else if (part.startsWith("--regid=")) {
        gid = Integer.parseInt(part.substring("--regid=".length()));
      }
    }
    return uid > 0 && gid > 0 ? Optional.of(new int[] {uid, gid}) : Optional.empty();
  }

  /** CPU time a process has used so far (user and system, all threads). */
  static Duration cpu(long pid) {
    return ProcessHandle.of(pid)
        .flatMap(process -> process.info().totalCpuDuration())
        .orElseThrow(() -> new IllegalStateException("cannot read the CPU time of pid " + pid));
  }

  /** {@code --name=value} arguments, in order. */
  static Map<String, String> options(String[] args, String usage) {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("usage: " + usage);
      }
      options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    return options;
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  // ---- clean-up ----

  /** Destroys platform clusters, stops plain nodes and the server, then sweeps stragglers. */
  private synchronized void cleanUp() {
    if (cleanedUp) {
      return;
    }
    cleanedUp = true;
    if (server != null && server.process.isAlive()) {
      for (Created created : List.copyOf(live)) {
        try {
          created.delete(Duration.ofMinutes(1));
        } catch (RuntimeException e) {
          say("clean-up: cannot delete " + created.path() + ": " + e.getMessage());
        }
      }
    }
    synchronized (plainProcesses) {
      Processes.stopTrees(
          plainProcesses.stream().map(Process::toHandle).toList(), Duration.ofSeconds(10));
    }
    if (server != null) {
      server.close();
    }
    say(processes.sweepReport());
    List<ProcessHandle> still = processes.live();
    if (!still.isEmpty()) {
      say("clean-up: STILL RUNNING " + still.stream().map(ProcessHandle::pid).toList());
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
