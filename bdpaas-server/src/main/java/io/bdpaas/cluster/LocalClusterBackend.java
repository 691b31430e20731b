package io.bdpaas.cluster;

import io.bdpaas.backend.NodeEventListener;
import io.bdpaas.backend.NodeId;
import io.bdpaas.backend.NodeSpec;
import io.bdpaas.backend.NodeStatus;
import io.bdpaas.backend.PortAllocator;
import io.bdpaas.backend.local.LocalProcessSupervisor;
import io.bdpaas.backend.local.LocalSupervisorConfig;
import io.bdpaas.backend.local.LogStream;
import io.bdpaas.catalog.ClusterPlan;
import io.bdpaas.catalog.ClusterTemplate;
import io.bdpaas.engine.EngineHttp;
import io.bdpaas.engine.ProbeResult;
import io.bdpaas.engine.ReadinessProbe;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs planned nodes as local processes, through the engine module's supervisor. Plain Java: it
 * turns plan entries into {@link NodeSpec}s and probes readiness over HTTP.
 */
public final class LocalClusterBackend implements AutoCloseable {
  private final LocalProcessSupervisor supervisor;
  private final Path clustersDirectory;
  private final Path runtimes;
  private final PortAllocator ports = new PortAllocator();
  private final EngineHttp http = EngineHttp.create();

  public LocalClusterBackend(Path clustersDirectory, Path runtimes, NodeEventListener listener) {
    this.supervisor =
        new LocalProcessSupervisor(LocalSupervisorConfig.defaults(clustersDirectory), listener);
    this.clustersDirectory = clustersDirectory.toAbsolutePath().normalize();
    this.runtimes = runtimes;
  }

  /**
   * Ids of clusters that have live node processes working under this backend's directory, found by
   * the supervisor's marker. Processes of other platforms on the same machine (another data
   * directory) are never included.
   */
  public java.util.Set<String> clustersWithLiveProcesses() {
    java.util.Set<String> ids = new java.util.TreeSet<>();
    ProcessHandle.allProcesses()
        .forEach(
            process -> {
              String marker =
                  process.info().arguments().stream()
                      .flatMap(java.util.Arrays::stream)
                      .filter(
                          argument -> argument.startsWith("-D" + NodeSpec.MARKER_PROPERTY + "="))
                      .findFirst()
                      .orElse(null);
              if (marker == null || !workingUnder(process.pid())) {
                return;
              }
              String node = marker.substring(marker.indexOf('=') + 1);
              int slash = node.indexOf('/');
              if (slash > 0) {
                ids.add(node.substring(0, slash));
              }
            });
    return ids;
  }

  private boolean workingUnder(long pid) {
    try {
      Path cwd = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd"));
      return cwd.normalize().startsWith(clustersDirectory);
    } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  /** Stops every process of a cluster id that has no cluster (or a finished one) behind it. */
  public void stopOrphans(String clusterId) {
    supervisor.stopCluster(clusterId);
  }

  public Path runtimes() {
    return runtimes;
  }

  public PortAllocator ports() {
    return ports;
  }

  public Path nodeDirectory(ClusterId cluster, String node) {
    return supervisor.nodeDirectory(new NodeId(cluster.value(), node));
  }

  /** Why a plan cannot run here (a runtime folder is missing), or empty when it can. */
  public Optional<String> missingRuntime(ClusterPlan plan) {
    for (ClusterPlan.PlannedNode node : plan.nodes()) {
      String runtime = node.process().runtime();
      if (!runtime.equals("none") && !Files.isDirectory(runtimes.resolve(runtime))) {
        return Optional.of(
            "runtime " + runtime + " is not installed in " + runtimes + " (build bdpaas-runtime)");
      }
    }
    return Optional.empty();
  }

  public NodeStatus ensureRunning(ClusterId cluster, ClusterPlan.PlannedNode node) {
    return supervisor.ensureRunning(spec(cluster, node));
  }

  public Optional<NodeStatus> status(ClusterId cluster, String node) {
    return supervisor.status(new NodeId(cluster.value(), node));
  }

  public void stopCluster(ClusterId cluster) {
    supervisor.stopCluster(cluster.value());
  }

  public List<String> tail(ClusterId cluster, String node, LogStream stream, int lines) {
    return supervisor.tail(new NodeId(cluster.value(), node), stream, lines);
  }

  public Path logFile(ClusterId cluster, String node, LogStream stream) {
    return supervisor.logFile(new NodeId(cluster.value(), node), stream);
  }

  /** Runs a group's readiness check for one node (ready when the group has none). */
  public ProbeResult probe(ClusterTemplate.Readiness readiness) {
    if (readiness == null) {
      return ProbeResult.ready("no readiness check");
    }
    URI uri = URI.create(readiness.http());
    ReadinessProbe probe;
    if (readiness.jsonPointer() == null) {
      probe = ReadinessProbe.httpOk(http, uri);
    } else if (readiness.atLeast() != null) {
      int minimum = readiness.atLeast();
      String pointer = readiness.jsonPointer();
      probe =
          ReadinessProbe.httpJson(
              http,
              uri,
              pointer + " >= " + minimum,
              json -> json.at(pointer).isNumber() && json.at(pointer).asDouble() >= minimum);
    } else {
      probe =
          ReadinessProbe.httpJsonEquals(
              http,
              uri,
              readiness.jsonPointer(),
              readiness.equals() == null ? "" : readiness.equals());
    }
    return probe.check();
  }

  NodeSpec spec(ClusterId cluster, ClusterPlan.PlannedNode node) {
    NodeId id = new NodeId(cluster.value(), node.name());
    Path workDir = supervisor.nodeDirectory(id);
    ClusterTemplate.Process process = node.process();
    boolean plainJvm = process.runtime().equals("none");
    Path runtimeDirectory = plainJvm ? workDir : runtimes.resolve(process.runtime());
    List<Path> classpath = new ArrayList<>();
    for (String entry : process.classpath()) {
      classpath.add(runtimeDirectory.resolve(entry));
    }
    if (classpath.isEmpty()) {
      classpath.add(plainJvm ? workDir : runtimeDirectory.resolve("*"));
    }
    NodeSpec.Builder builder =
        NodeSpec.builder(id, node.role())
            .runtimeDirectory(runtimeDirectory)
            .classpath(classpath.toArray(Path[]::new))
            .mainClass(process.mainClass())
            .workingDirectory(workDir);
    process.jvmOptions().forEach(builder::jvmOption);
    builder.arguments(process.args().toArray(String[]::new));
    process.env().forEach(builder::environment);
    node.ports().forEach(builder::port);
    process.files().forEach(builder::file);
    return builder.build();
  }

  /** Stops supervising; the processes keep running, to be adopted by the next start. */
  @Override
  public void close() {
    supervisor.close();
  }
}
