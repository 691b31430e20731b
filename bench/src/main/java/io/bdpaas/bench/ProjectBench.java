package io.bdpaas.bench;

import io.bdpaas.engine.EngineHttp;
import io.bdpaas.engine.EngineSecret;
import io.bdpaas.engine.flink.FlinkClient;
import io.bdpaas.engine.flink.FlinkOverview;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The frame of a benchmark on one project of its own: starts a server on a free port with a
 * temporary data directory, creates a user and a project through the API and waits until it is
 * ready, hands it to the benchmark, then deletes the project (its cluster destroyed, its nodes
 * checked gone), stops the server and stops whatever process is left whose command line names the
 * working directory, also when the benchmark fails or the JVM is interrupted.
 */
final class ProjectBench {
  /** What a benchmark does with its ready project; whatever it throws is reported as a failure. */
  interface Body {
    void run(ReadyProject project) throws Exception;
  }

  /**
   * A ready project of the benchmark's user.
   *
   * @param path {@code /api/v1/projects/{id}}
   * @param dataDir the server's data directory
   * @param serverPid the control plane's process
   */
  record ReadyProject(Api tenant, String path, String clusterId, Path dataDir, long serverPid) {
    /**
     * A file the platform wrote into the working directory of one of the project's cluster's nodes
     * (under {@code <data>/clusters/<cluster>/<node>/}), e.g. {@code ("master",
     * "conf/spark-defaults.conf")}: the first node whose name contains {@code node}.
     */
    Path nodeFile(String node, String relativePath) throws IOException {
      Path nodes = dataDir.resolve("clusters").resolve(clusterId);
      try (Stream<Path> files = Files.walk(nodes)) {
        return files
            .filter(file -> file.endsWith(relativePath))
            .filter(file -> nodes.relativize(file).getName(0).toString().contains(node))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no " + relativePath + " of a " + node + " node under " + nodes));
      }
    }

    /**
     * A client of the REST API of the streaming project's JobManager, which takes only mutual TLS:
     * with the cluster's TLS identity, read from the JobManager's working directory (the key store
     * {@code conf/cluster.p12} and its password from {@code conf/config.yaml}).
     */
    FlinkClient flink() throws IOException {
      JsonNode cluster = tenant.get("/api/v1/clusters/" + clusterId);
      URI rest = URI.create(cluster.get("endpoints").get("rest").asString());
      String prefix = "security.ssl.rest.keystore-password:";
      String key =
          Files.readAllLines(nodeFile("jobmanager", "conf/config.yaml")).stream()
              .map(String::strip)
              .filter(line -> line.startsWith(prefix))
              .map(line -> line.substring(prefix.length()).strip().replace("\"", ""))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("the JobManager has no key store"));
      byte[] keyStore = Files.readAllBytes(nodeFile("jobmanager", "conf/cluster.p12"));
      EngineSecret tls = new EngineSecret(key, Base64.getEncoder().encodeToString(keyStore));
      FlinkClient flink = new FlinkClient(EngineHttp.create(tls.clientTls()), rest);
      FlinkOverview overview = flink.overview();
      ClusterReadyBench.say(
          "JobManager REST "
              + rest
              + " (mutual TLS with the cluster's key store): "
              + overview.taskManagers()
              + " TaskManager(s), "
              + overview.slotsTotal()
              + " slots");
      return flink;
    }

    /** The process id of each node of the project's cluster, by node name ({@code worker-0}). */
    Map<String, Long> nodePids() {
      Map<String, Long> pids = new LinkedHashMap<>();
      for (JsonNode node : tenant.get("/api/v1/clusters/" + clusterId + "/nodes")) {
        pids.put(node.get("name").asString(), Long.parseLong(node.get("instance").asString()));
      }
      return pids;
    }
  }

  private ProjectBench() {}

  /**
   * Runs {@code body} on a new project made by {@code POST /api/v1/projects} with {@code request}
   * as user {@code <name>-user}, in a working directory {@code bdpaas-<name>-bench-*} (kept with
   * {@code --keep}); the exit status: 0, or 1 when the body or the clean-up failed.
   */
  static int run(String name, Map<String, String> options, Map<String, ?> request, Body body)
      throws IOException {
    return run(name, options, request, List.of(), body);
  }

  /** The same, with more settings ({@code --bdpaas.<key>=<value>}) for the server. */
  static int run(
      String name,
      Map<String, String> options,
      Map<String, ?> request,
      List<String> serverArguments,
      Body body)
      throws IOException {
    Path work = Files.createTempDirectory("bdpaas-" + name + "-bench-").toRealPath();
    // Tenants' accounts (when the platform runs as root) pass through to their clusters' folders.
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx--x--x"));
    Processes processes = new Processes(work.toString());
    Runtime.getRuntime().addShutdownHook(new Thread(processes::sweep, name + "-bench-cleanup"));
    ClusterReadyBench.say("machine: " + Machine.describe());
    ClusterReadyBench.say("load average at start: " + Machine.loadAverage());
    int status = 0;
    ClusterReadyBench.Created project = null;
    Path dataDir = work.resolve("server-data");
    try (ServerProcess server =
        ServerProcess.start(
            ServerProcess.serverJar(options),
            ServerProcess.runtimeDir(options),
            dataDir,
            work.resolve("server.log"),
            processes,
            Duration.ofMinutes(3),
            serverArguments)) {
      try {
        Api tenant = server.api.newUser(name + "-user", "user-" + server.password);
        long start = System.nanoTime();
        JsonNode created = tenant.post("/api/v1/projects", request, 202);
        String path = "/api/v1/projects/" + created.get("id").asString();
        String clusterId = created.get("clusterId").asString();
        project =
            new ClusterReadyBench.Created(
                tenant, ClusterReadyBench.Resource.PROJECT, path, clusterId);
        tenant.awaitStatus(path, "ready", Duration.ofMinutes(5), 500);
        ClusterReadyBench.say(
            String.format(
                Locale.ROOT,
                "project %s ready in %.1f s",
                path,
                (System.nanoTime() - start) / 1e9));
        body.run(new ReadyProject(tenant, path, clusterId, dataDir, server.pid()));
      } catch (Exception e) {
        ClusterReadyBench.say("BENCHMARK FAILED: " + e);
        e.printStackTrace(System.out);
        status = 1;
      } finally {
        if (project != null) {
          try {
            project.delete(Duration.ofMinutes(2));
            ClusterReadyBench.say("project deleted, its cluster destroyed, its processes gone");
          } catch (RuntimeException e) {
            ClusterReadyBench.say("clean-up: cannot delete " + project.path() + ": " + e);
            status = 1;
          }
        }
      }
    } finally {
      ClusterReadyBench.say(processes.sweepReport());
    }
    if (options.containsKey("keep")) {
      ClusterReadyBench.say("kept " + work);
    } else {
      ClusterReadyBench.deleteTree(work);
    }
    ClusterReadyBench.say("load average at end: " + Machine.loadAverage());
    return status;
  }
}
