package io.bdpaas.backend.local;

import static java.util.Objects.requireNonNull;

import io.bdpaas.backend.ClusterBackend;
import io.bdpaas.backend.Isolation;
import io.bdpaas.backend.LogStream;
import io.bdpaas.backend.NodeDefinition;
import io.bdpaas.backend.NodeEventListener;
import io.bdpaas.backend.NodeId;
import io.bdpaas.backend.NodeObservation;
import io.bdpaas.backend.NodePlacement;
import io.bdpaas.backend.NodeStartException;
import io.bdpaas.backend.NodeState;
import io.bdpaas.backend.PlacementRequest;
import io.bdpaas.backend.PlacementUnavailableException;
import io.bdpaas.backend.ProcessPart;
import io.bdpaas.backend.Readiness;
import io.bdpaas.backend.ReadinessChecks;
import io.bdpaas.backend.RecoveryReport;
import io.bdpaas.backend.StorageFiles;
import io.bdpaas.backend.TemplatePart;
import io.bdpaas.engine.ProbeResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local backend: every node is a supervised child JVM on this machine, with its own ports on
 * the loopback address and its own directory under {@code <data>/clusters/<cluster>/<node>} holding
 * its files, pid file and logs. Readiness is probed over HTTP.
 */
public final class LocalClusterBackend implements ClusterBackend {
  private static final System.Logger LOG = System.getLogger(LocalClusterBackend.class.getName());

  private final LocalProcessSupervisor supervisor;
  private final Path clustersDirectory;
  private final Path runtimes;
  private final String host;
  private final PortAllocator ports;
  private final Map<NodeId, NodePlacement> placements = new ConcurrentHashMap<>();
  private final ReadinessChecks readinessChecks = new ReadinessChecks();

  private static final Pattern STORAGE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  private final Optional<TenantAccounts> tenantAccounts;
  private final Isolation isolation;

  /**
   * @param clustersDirectory where node directories are made
   * @param runtimes the folder holding the engine runtime folders ({@code spark-4.2.0}, ...)
   * @param host the address nodes listen on and are reached at
   */
  public LocalClusterBackend(
      Path clustersDirectory, Path runtimes, String host, NodeEventListener listener) {
    this(
        LocalSupervisorConfig.defaults(clustersDirectory.toAbsolutePath().normalize()),
        runtimes,
        host,
        new PortAllocator(),
        listener);
  }

  public LocalClusterBackend(
      LocalSupervisorConfig config,
      Path runtimes,
      String host,
      PortAllocator ports,
      NodeEventListener listener) {
    this.clustersDirectory = realPath(config.dataDirectory());
    this.supervisor = new LocalProcessSupervisor(config, listener);
    this.runtimes = requireNonNull(runtimes, "runtimes is null").toAbsolutePath().normalize();
    this.host = requireNonNull(host, "host is null");
    this.ports = requireNonNull(ports, "ports is null");
    TenantAccounts.Detection detection =
        config.tenantAccounts()
            ? TenantAccounts.detect(this.runtimes, clustersDirectory)
            : new TenantAccounts.Unavailable(
                "tenant accounts are switched off (bdpaas.local.tenant-accounts=false)");
    if (detection instanceof TenantAccounts.Available available) {
      this.tenantAccounts = Optional.of(available.accounts());
      this.isolation =
          new Isolation(
              true,
              "each tenant's nodes run as an OS account of that tenant ("
                  + TenantAccounts.PREFIX
                  + "<tenant>) in private folders; engine endpoints require each cluster's secret");
    } else {
      this.tenantAccounts = Optional.empty();
      this.isolation =
          new Isolation(
              false,
              Isolation.ONE_TRUST_DOMAIN
                  + " ("
                  + ((TenantAccounts.Unavailable) detection).reason()
                  + "); engine endpoints still require each cluster's secret");
    }
    protectClustersDirectory();
  }

  /**
   * Others may pass through the clusters folder to reach a folder they own (a tenant's cluster) but
   * never list it; without tenant accounts nobody but the platform's account may enter it.
   */
  private void protectClustersDirectory() {
    try {
      Files.createDirectories(clustersDirectory);
      Files.setPosixFilePermissions(
          clustersDirectory,
          PosixFilePermissions.fromString(tenantAccounts.isPresent() ? "rwx--x--x" : "rwx------"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot protect " + clustersDirectory, e);
    }
  }

  @Override
  public Isolation isolation() {
    return isolation;
  }

  @Override
  public TemplatePart requiredPart() {
    return TemplatePart.PROCESS;
  }

  @Override
  public synchronized List<NodePlacement> place(Collection<PlacementRequest> requests) {
    List<NodePlacement> placed = new ArrayList<>();
    List<Integer> allocatedNow = new ArrayList<>();
    Map<NodeId, Optional<NodePlacement>> before = new LinkedHashMap<>();
    try {
      for (PlacementRequest request : requests) {
        NodePlacement existing = placements.get(request.node());
        // A placed node keeps every port it has (its process may listen on them); only missing
        // names get new ports.
        Map<String, Integer> named =
            new LinkedHashMap<>(existing == null ? Map.of() : existing.ports());
        List<String> missing =
            request.portNames().stream().filter(name -> !named.containsKey(name)).toList();
        if (existing != null && missing.isEmpty()) {
          placed.add(existing);
          continue;
        }
        List<Integer> allocated = ports.allocate(missing.size());
        allocatedNow.addAll(allocated);
        for (int i = 0; i < allocated.size(); i++) {
          named.put(missing.get(i), allocated.get(i));
        }
        NodePlacement placement =
            new NodePlacement(
                request.node(),
                host,
                named,
                supervisor.nodeDirectory(request.node()).toString(),
                request.runtime().map(runtime -> runtimes.resolve(runtime).toString()).orElse(""));
        before.putIfAbsent(request.node(), Optional.ofNullable(existing));
        placements.put(request.node(), placement);
        placed.add(placement);
      }
    } catch (IllegalStateException e) {
      // All or nothing: the placements this call made or extended are as they were.
      before.forEach(
          (node, previous) -> {
            if (previous.isPresent()) {
              placements.put(node, previous.get());
            } else {
              placements.remove(node);
            }
          });
      ports.release(allocatedNow);
      throw new PlacementUnavailableException(e.getMessage(), e);
    }
    return placed;
  }

  @Override
  public Optional<String> cannotRun(NodeDefinition node) {
    if (node.process().isEmpty()) {
      return Optional.of(
          "node "
              + node.id().nodeName()
              + " has no process part, which the local backend needs to run it");
    }
    ProcessPart process = node.process().get();
    if (process.usesRuntime() && !Files.isDirectory(runtimes.resolve(process.runtime()))) {
      return Optional.of(
          "runtime "
              + process.runtime()
              + " is not installed in "
              + runtimes
              + " (build bdpaas-runtime)");
    }
    try {
      spec(node);
    } catch (IllegalArgumentException e) {
      return Optional.of("node " + node.id().nodeName() + " cannot run: " + e.getMessage());
    }
    return Optional.empty();
  }

  @Override
  public NodeObservation ensureRunning(NodeDefinition node) {
    keepPlacement(node);
    NodeSpec spec;
    try {
      spec = spec(node);
    } catch (IllegalArgumentException e) {
      throw new NodeStartException(
          "node " + node.id().nodeName() + " cannot run: " + e.getMessage(), e);
    }
    try {
      return observation(supervisor.ensureRunning(spec));
    } catch (UncheckedIOException e) {
      throw new NodeStartException(
          "node " + node.id().nodeName() + " could not be launched: " + e.getMessage(), e);
    } catch (IllegalStateException e) {
      if (supervisor.isClosed()) {
        throw e; // the control plane is stopping: not the node's fault, worth retrying
      }
      throw new NodeStartException(e.getMessage(), e);
    }
  }

  /**
   * Records a node's placement (after a restart) and holds its ports, so none is handed out twice.
   */
  private synchronized void keepPlacement(NodeDefinition node) {
    if (placements.putIfAbsent(node.id(), node.placement()) == null) {
      node.placement().ports().values().forEach(ports::reserve);
    }
  }

  @Override
  public Optional<NodeObservation> observe(NodeId node) {
    return supervisor.status(node).map(LocalClusterBackend::observation);
  }

  @Override
  public Optional<NodeState> state(NodeId node) {
    return supervisor.state(node);
  }

  @Override
  public void rewriteFile(NodeDefinition node, String path, String content) {
    ProcessPart process =
        node.process()
            .orElseThrow(() -> new IllegalArgumentException(cannotRun(node).orElseThrow()));
    if (!process.files().containsKey(path)) {
      throw new IllegalArgumentException("node " + node.id() + " has no file " + path);
    }
    NodeDefinition changed = node.withProcess(process.withFile(path, content));
    try {
      supervisor.rewriteFile(spec(changed), path);
    } catch (IOException e) {
      throw new UncheckedIOException("could not rewrite " + path + " of node " + node.id(), e);
    }
  }

  @Override
  public ProbeResult probe(Optional<Readiness> readiness) {
    return readinessChecks.probe(readiness);
  }

  @Override
  public void stop(NodeId node) {
    supervisor.stop(node);
    release(node);
  }

  @Override
  public void delete(String clusterId) {
    supervisor.stopCluster(clusterId);
    placements.keySet().stream()
        .filter(node -> node.clusterId().equals(clusterId))
        .toList()
        .forEach(this::release);
  }

  /**
   * A folder {@code storage/<tenant>/<name>} beside the clusters folder, owned by the tenant's OS
   * account when there are tenant accounts, closed to everyone else, with its {@value
   * LocalStorageFiles#FOLDER} folder. The tenant may have put a link in the place of the area or of
   * that folder: it is refused, never followed.
   */
  @Override
  public String ensureStorage(String tenant, String name) {
    Path directory = storageDirectory(tenant, name);
    Optional<OsAccount> owner = tenantAccounts.map(accounts -> accounts.accountFor(tenant));
    try {
      Path root = directory.getParent().getParent();
      Files.createDirectories(root);
      Files.setPosixFilePermissions(
          root,
          PosixFilePermissions.fromString(tenantAccounts.isPresent() ? "rwx--x--x" : "rwx------"));
      NodeLauncher.makePrivateDirectory(directory.getParent(), owner);
      Path files = directory.resolve(LocalStorageFiles.FOLDER);
      for (Path folder : List.of(directory, files)) {
        if (Files.isSymbolicLink(folder)) {
          throw new IOException(folder + " is a link, not a folder");
        }
        NodeLauncher.makePrivateDirectory(folder, owner);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the storage area " + directory, e);
    }
    return directory.toString();
  }

  @Override
  public StorageFiles storageFiles(String tenant, String name) {
    Path directory = storageDirectory(tenant, name);
    return new LocalStorageFiles(
        directory.getParent(), name, tenantAccounts.map(accounts -> accounts.accountFor(tenant)));
  }

  @Override
  public void deleteStorage(String tenant, String name) {
    deleteRecursively(storageDirectory(tenant, name));
  }

  private Path storageDirectory(String tenant, String name) {
    if (!STORAGE_NAME.matcher(name).matches() || !STORAGE_NAME.matcher(tenant).matches()) {
      throw new IllegalArgumentException("not a storage area: " + tenant + "/" + name);
    }
    return clustersDirectory.resolveSibling("storage").resolve(tenant).resolve(name);
  }

  @Override
  public void removeLeftovers(String clusterId) {
    deleteRecursively(clustersDirectory.resolve(clusterId));
  }

  private static void deleteRecursively(Path directory) {
    if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot remove " + directory, e);
    }
  }

  @Override
  public RecoveryReport recover(Map<String, List<NodeDefinition>> active) {
    Set<NodeId> adopted = new HashSet<>();
    for (List<NodeDefinition> nodes : active.values()) {
      for (NodeDefinition node : nodes) {
        keepPlacement(node);
        try {
          if (node.process().isPresent() && supervisor.adopt(spec(node)).isPresent()) {
            adopted.add(node.id());
          }
        } catch (RuntimeException e) {
          LOG.log(
              System.Logger.Level.WARNING,
              "[" + node.id() + "] cannot be taken over; stopping what runs of it",
              e);
          supervisor.stop(node.id());
        }
      }
    }
    Set<String> orphans = new HashSet<>(MarkedProcesses.clustersWorkingUnder(clustersDirectory));
    orphans.removeAll(active.keySet());
    for (String clusterId : orphans) {
      LOG.log(
          System.Logger.Level.WARNING, "[cluster {0}] stopping processes left behind", clusterId);
      supervisor.stopCluster(clusterId);
    }
    return new RecoveryReport(adopted, orphans);
  }

  @Override
  public List<String> tail(NodeId node, LogStream stream, int lines) {
    return supervisor.tail(node, stream, lines);
  }

  @Override
  public Optional<InputStream> openLog(NodeId node, LogStream stream) {
    try {
      return Optional.of(Files.newInputStream(supervisor.logFile(node, stream)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops supervising; the processes keep running, to be adopted by the next start. */
  @Override
  public void close() {
    supervisor.close();
  }

  /**
   * The directory as {@code /proc/<pid>/cwd} shows it (symbolic links resolved), so that a data
   * directory reached through a link still recognises its own processes.
   */
  private static Path realPath(Path directory) {
    Path absolute = directory.toAbsolutePath().normalize();
    try {
      Files.createDirectories(absolute);
      return absolute.toRealPath();
    } catch (IOException e) {
      return absolute;
    }
  }

  private synchronized void release(NodeId node) {
    NodePlacement placement = placements.remove(node);
    if (placement != null) {
      ports.release(placement.ports().values());
    }
  }

  private NodeSpec spec(NodeDefinition node) {
    ProcessPart process =
        node.process()
            .orElseThrow(() -> new IllegalArgumentException(cannotRun(node).orElseThrow()));
    Path workDir = supervisor.nodeDirectory(node.id());
    Path runtimeDirectory = process.usesRuntime() ? runtimes.resolve(process.runtime()) : workDir;
    List<Path> classpath = new ArrayList<>();
    for (String entry : process.classpath()) {
      classpath.add(runtimeDirectory.resolve(entry));
    }
    if (classpath.isEmpty()) {
      classpath.add(process.usesRuntime() ? runtimeDirectory.resolve("*") : workDir);
    }
    NodeSpec.Builder builder =
        NodeSpec.builder(node.id(), node.role())
            .runtimeDirectory(runtimeDirectory)
            .classpath(classpath.toArray(Path[]::new))
            .mainClass(process.mainClass())
            .workingDirectory(workDir);
    process.jvmOptions().forEach(builder::jvmOption);
    builder.arguments(process.args().toArray(String[]::new));
    process.env().forEach(builder::environment);
    node.placement().ports().forEach(builder::port);
    process.files().forEach(builder::file);
    process.base64Files().forEach(builder::base64File);
    tenantAccounts.ifPresent(accounts -> builder.runAs(accounts.accountFor(node.tenant())));
    return builder.build();
  }

  private static NodeObservation observation(NodeStatus status) {
    return new NodeObservation(
        status.id(),
        status.state(),
        status.pid().isPresent()
            ? Optional.of(Long.toString(status.pid().getAsLong()))
            : Optional.empty(),
        status.startedAt(),
        status.restarts(),
        status.lastExitCode(),
        status.cpuTime(),
        status.residentMemoryBytes());
  }
}
