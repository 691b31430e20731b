package io.bdpaas.backend.local;

import static java.util.Objects.requireNonNull;

import io.bdpaas.backend.LogStream;
import io.bdpaas.backend.NodeEvent;
import io.bdpaas.backend.NodeEventListener;
import io.bdpaas.backend.NodeId;
import io.bdpaas.backend.NodeState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Runs cluster nodes as child JVMs on this machine and keeps them running.
 *
 * <p>Each node gets {@code <dataDirectory>/<clusterId>/<nodeName>/} holding {@code node.pid},
 * {@code stdout.log} and {@code stderr.log}; it runs in the working directory its {@link NodeSpec}
 * names. Every node JVM carries the marker {@code -Dbdpaas.node=<clusterId>/<nodeName>} on its
 * command line and {@code BDPAAS_NODE} in its environment (inherited by whatever it forks), so the
 * supervisor can recognise its processes after a restart of the control plane, and never touches a
 * process without the marker.
 *
 * <p>A node that dies unexpectedly is restarted after an exponential back-off ({@link
 * RestartPolicy}); every step is reported to a {@link NodeEventListener}. Stopping sends SIGTERM to
 * the node, waits, then SIGKILLs it and all of its descendants. {@link #close()} only stops
 * supervising: processes keep running and a new supervisor on the same data directory {@linkplain
 * #adopt(NodeSpec) adopts} them. Thread-safe.
 */
public final class LocalProcessSupervisor implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(LocalProcessSupervisor.class.getName());
  private static final Duration ADOPTED_PROCESS_POLL_INTERVAL = Duration.ofMillis(500);
  private static final Duration START_TIME_TOLERANCE = Duration.ofSeconds(2);
  private final LocalSupervisorConfig config;
  private final NodeLauncher launcher;
  private final ProcessTerminator terminator;
  private final NodeEventListener listener;
  private final ScheduledExecutorService scheduler;
  private final Map<NodeId, SupervisedNode> nodes = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public LocalProcessSupervisor(LocalSupervisorConfig config, NodeEventListener listener) {
    this.config = requireNonNull(config, "config is null");
    this.launcher = new NodeLauncher(config.javaExecutable());
    this.terminator = new ProcessTerminator(config.stopTimeout());
    this.listener = requireNonNull(listener, "listener is null");
    this.scheduler = Executors.newScheduledThreadPool(2, daemonThreads());
  }

  /**
   * Starts a node that is not running. Refuses a node that is already supervised and active, or
   * whose process from an earlier supervisor is still alive (adopt or stop that first).
   *
   * @throws IllegalStateException if the node is already running
   * @throws UncheckedIOException if its files cannot be written or the JVM cannot be launched
   */
  public NodeStatus start(NodeSpec spec) {
    requireNonNull(spec, "spec is null");
    checkOpen();
    SupervisedNode node =
        nodes.compute(
            spec.id(),
            (id, existing) -> {
              if (existing != null && existing.state().isActive()) {
                throw new IllegalStateException("node " + id + " is already " + existing.state());
              }
              return new SupervisedNode(spec, existing == null ? 0 : existing.restarts());
            });
    List<MarkedProcess> leftovers = MarkedProcesses.of(spec.id(), true);
    if (!leftovers.isEmpty()) {
      node.markFailedWithoutProcess();
      throw new IllegalStateException(
          "node "
              + spec.id()
              + " still runs as pid "
              + leftovers.get(0).pid()
              + ": adopt or stop it");
    }
    node.launchFirst();
    return node.status();
  }

  /**
   * Takes over a node left running by an earlier supervisor (e.g. before the control plane
   * restarted). The process is recognised from the node's pid file when that pid is alive, started
   * when the file says, and carries the node's marker; failing that, from the one live process
   * whose command line carries the marker. Otherwise everything left of the node (stale pid file,
   * marked orphans such as executors) is cleaned up.
   *
   * @return the adopted node's status, or empty when nothing of it was running
   */
  public Optional<NodeStatus> adopt(NodeSpec spec) {
    requireNonNull(spec, "spec is null");
    checkOpen();
    SupervisedNode existing = nodes.get(spec.id());
    if (existing != null && existing.state().isActive()) {
      return Optional.of(existing.status());
    }
    Path pidPath = pidFile(spec.id());
    Optional<PidFile> pidFile = PidFile.read(pidPath);
    Optional<ProcessHandle> process =
        pidFile.flatMap(this::verifiedProcess).or(() -> MarkedProcesses.uniqueJvm(spec.id()));
    if (process.isEmpty()) {
      LOG.log(Level.INFO, "[{0}] nothing to adopt: cleaning up", spec.id());
      deleteQuietly(pidPath);
      terminator.terminateAll(MarkedProcesses.of(spec.id(), false), spec.id());
      return Optional.empty();
    }
    int restarts = pidFile.map(PidFile::restarts).orElse(0);
    SupervisedNode node = new SupervisedNode(spec, restarts);
    nodes.put(spec.id(), node);
    node.adoptProcess(process.get());
    return Optional.of(node.status());
  }

  /**
   * Adopts the node if it still runs, otherwise starts it: the idempotent step a reconciler takes.
   */
  public NodeStatus ensureRunning(NodeSpec spec) {
    return adopt(spec).orElseGet(() -> start(spec));
  }

  /**
   * Stops a node: SIGTERM, then SIGKILL after the stop timeout, for the node and every process that
   * descends from it or carries its marker. Works for nodes this supervisor never started if their
   * processes carry the marker. Returns when nothing of the node runs; idempotent.
   */
  public void stop(NodeId id) {
    requireNonNull(id, "id is null");
    SupervisedNode node = nodes.get(id);
    if (node != null) {
      node.stop();
    } else {
      terminator.terminateAll(MarkedProcesses.of(id, false), id);
      deleteQuietly(pidFile(id));
    }
  }

  /**
   * Stops every node of a cluster, supervised or left over, and returns when none of its processes
   * runs.
   */
  public void stopCluster(String clusterId) {
    requireNonNull(clusterId, "clusterId is null");
    List<SupervisedNode> clusterNodes =
        nodes.values().stream().filter(node -> node.id().clusterId().equals(clusterId)).toList();
    // Send every SIGTERM first so the nodes shut down side by side, not one stop timeout after
    // another.
    clusterNodes.forEach(SupervisedNode::beginStop);
    clusterNodes.forEach(SupervisedNode::stop);
    List<MarkedProcess> leftovers = liveProcesses(clusterId);
    for (NodeId id : leftovers.stream().map(MarkedProcess::node).collect(Collectors.toSet())) {
      terminator.terminateAll(
          leftovers.stream().filter(process -> process.node().equals(id)).toList(), id);
    }
    Path clusterDirectory = config.dataDirectory().resolve(clusterId);
    if (Files.isDirectory(clusterDirectory)) {
      try (var children = Files.list(clusterDirectory)) {
        children.forEach(child -> deleteQuietly(child.resolve(PidFile.FILE_NAME)));
      } catch (IOException e) {
        LOG.log(Level.WARNING, "cannot list " + clusterDirectory, e);
      }
    }
  }

  /**
   * The status of a node this supervisor knows (started or adopted), including its CPU and memory
   * use.
   */
  public Optional<NodeStatus> status(NodeId id) {
    return Optional.ofNullable(nodes.get(id)).map(SupervisedNode::status);
  }

  /**
   * Only the lifecycle state of a node this supervisor knows: cheap, unlike {@link #status}, which
   * measures the process tree's CPU and memory.
   */
  public Optional<NodeState> state(NodeId id) {
    return Optional.ofNullable(nodes.get(id)).map(SupervisedNode::state);
  }

  /**
   * Writes one of a running node's files again, with its content in {@code changed} (the node's
   * spec with that file changed), without restarting it; its next start writes its own spec's.
   *
   * @throws IllegalStateException when the node does not run
   */
  public void rewriteFile(NodeSpec changed, String relativePath) throws IOException {
    if (!changed.files().containsKey(relativePath)) {
      throw new IllegalArgumentException("node " + changed.id() + " has no file " + relativePath);
    }
    SupervisedNode node = nodes.get(changed.id());
    if (node == null) {
      throw new IllegalStateException("node " + changed.id() + " is not supervised here");
    }
    node.rewriteFile(changed, relativePath);
  }

  /** The statuses of a cluster's nodes known to this supervisor, by node name. */
  public List<NodeStatus> nodes(String clusterId) {
    return nodes.values().stream()
        .filter(node -> node.id().clusterId().equals(clusterId))
        .map(SupervisedNode::status)
        .sorted(Comparator.comparing(status -> status.id().nodeName()))
        .toList();
  }

  /**
   * Every live process on this machine carrying a marker of the cluster: node JVMs and whatever
   * they forked. An empty list after {@link #stopCluster} proves that nothing of the cluster is
   * left.
   */
  public List<MarkedProcess> liveProcesses(String clusterId) {
    requireNonNull(clusterId, "clusterId is null");
    return MarkedProcesses.ofCluster(clusterId);
  }

  /** The last {@code lines} lines of one of a node's log files (empty if it has none yet). */
  public List<String> tail(NodeId id, LogStream stream, int lines) {
    return LogTail.lastLines(logFile(id, stream), lines);
  }

  /** A node's log file, e.g. for download. */
  public Path logFile(NodeId id, LogStream stream) {
    return nodeDirectory(id).resolve(stream.fileName());
  }

  /** The directory holding a node's pid file and logs. */
  public Path nodeDirectory(NodeId id) {
    return config.dataDirectory().resolve(id.clusterId()).resolve(id.nodeName());
  }

  /**
   * Stops supervising without stopping anything: node processes keep running, no more restarts
   * happen, and a new supervisor on the same data directory can adopt them.
   */
  @Override
  public void close() {
    closed = true;
    nodes.values().forEach(SupervisedNode::detach);
    scheduler.shutdownNow();
  }

  /** Whether {@link #close} was called. */
  public boolean isClosed() {
    return closed;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("supervisor is closed");
    }
  }

  private Path pidFile(NodeId id) {
    return nodeDirectory(id).resolve(PidFile.FILE_NAME);
  }

  private Optional<ProcessHandle> verifiedProcess(PidFile pidFile) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pidFile.pid());
    if (handle.isEmpty() || !ProcessInspector.isRunning(handle.get())) {
      return Optional.empty();
    }
    ProcessHandle process = handle.get();
    Optional<Instant> actualStart = process.info().startInstant();
    if (pidFile.processStart().isPresent() && actualStart.isPresent()) {
      Duration difference = Duration.between(pidFile.processStart().get(), actualStart.get()).abs();
      if (difference.compareTo(START_TIME_TOLERANCE) > 0) {
        LOG.log(
            Level.INFO,
            "[{0}] pid {1} was recycled by another process",
            pidFile.id(),
            pidFile.pid());
        return Optional.empty();
      }
    }
    if (!ProcessInspector.commandLine(process).contains(NodeSpec.markerOption(pidFile.id()))) {
      LOG.log(
          Level.INFO, "[{0}] pid {1} does not carry the node marker", pidFile.id(), pidFile.pid());
      return Optional.empty();
    }
    return Optional.of(process);
  }

  private void emit(
      NodeId id, NodeEvent.Type type, OptionalLong pid, OptionalInt exitCode, String message) {
    NodeEvent event = new NodeEvent(id, type, Instant.now(), pid, exitCode, message);
    LOG.log(
        type == NodeEvent.Type.GAVE_UP ? Level.WARNING : Level.INFO,
        "[{0}] {1}: {2}",
        id,
        type,
        message);
    try {
      listener.onEvent(event);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "node event listener failed on " + event, e);
    }
  }

  private void execute(Runnable task) {
    if (closed) {
      return;
    }
    try {
      scheduler.execute(task);
    } catch (RejectedExecutionException e) {
      // closed meanwhile: the process is left for the next supervisor to adopt
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot delete " + file, e);
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "bdpaas-supervisor-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** One node under supervision: its current process, lifecycle state and restart bookkeeping. */
  private final class SupervisedNode {
    private final NodeSpec spec;
    private NodeState state = NodeState.STARTING;
    private ProcessHandle process;
    private Instant startedAt;
    private int restarts;
    private int consecutiveRestarts;
    private Integer lastExitCode;
    private boolean adopted;
    private ScheduledFuture<?> pendingWork;
    // Bumped on every launch, adoption and stop: callbacks about an older process are ignored.
    private long generation;

    SupervisedNode(NodeSpec spec, int restarts) {
      this.spec = spec;
      this.restarts = restarts;
    }

    NodeId id() {
      return spec.id();
    }

    synchronized NodeState state() {
      return state;
    }

    synchronized int restarts() {
      return restarts;
    }

    /** Rewrites one file of the running process, never while it is being (re)started. */
    synchronized void rewriteFile(NodeSpec changed, String relativePath) throws IOException {
      if (state != NodeState.RUNNING && state != NodeState.STARTING) {
        throw new IllegalStateException(
            "node " + id() + " does not run (" + state + "): its files were not rewritten");
      }
      NodeLauncher.writeFile(
          changed,
          relativePath,
          changed.files().get(relativePath).getBytes(StandardCharsets.UTF_8));
    }

    synchronized void markFailedWithoutProcess() {
      state = NodeState.FAILED;
    }

    synchronized void launchFirst() {
      try {
        launchProcess(false);
      } catch (IOException e) {
        state = NodeState.FAILED;
        emit(
            id(),
            NodeEvent.Type.START_FAILED,
            OptionalLong.empty(),
            OptionalInt.empty(),
            e.toString());
        throw new UncheckedIOException("cannot start node " + id(), e);
      }
    }

    /** Must hold the lock. */
    private void launchProcess(boolean restart) throws IOException {
      state = NodeState.STARTING;
      Process child = launcher.launch(spec, nodeDirectory(spec.id()), restarts + 1);
      process = child.toHandle();
      startedAt = process.info().startInstant().orElseGet(Instant::now);
      adopted = false;
      long launched = ++generation;
      writePidFile();
      state = NodeState.RUNNING;
      emit(
          id(),
          restart ? NodeEvent.Type.RESTARTED : NodeEvent.Type.STARTED,
          OptionalLong.of(process.pid()),
          OptionalInt.empty(),
          (restart ? "restarted as pid " : "started as pid ") + process.pid());
      child
          .onExit()
          .thenAccept(
              exited -> execute(() -> onExit(launched, OptionalInt.of(exited.exitValue()))));
    }

    synchronized void adoptProcess(ProcessHandle handle) {
      process = handle;
      startedAt = handle.info().startInstant().orElseGet(Instant::now);
      adopted = true;
      state = NodeState.RUNNING;
      long adoptedGeneration = ++generation;
      writePidFile();
      emit(
          id(),
          NodeEvent.Type.ADOPTED,
          OptionalLong.of(handle.pid()),
          OptionalInt.empty(),
          "adopted running pid " + handle.pid());
      // Not our child: no exit code, and ProcessHandle.onExit() polls slowly, so watch it
      // ourselves.
      pendingWork =
          scheduler.scheduleWithFixedDelay(
              () -> {
                if (!ProcessInspector.isRunning(handle)) {
                  onExit(adoptedGeneration, OptionalInt.empty());
                }
              },
              ADOPTED_PROCESS_POLL_INTERVAL.toMillis(),
              ADOPTED_PROCESS_POLL_INTERVAL.toMillis(),
              TimeUnit.MILLISECONDS);
    }

    private synchronized void onExit(long exitedGeneration, OptionalInt exitCode) {
      if (closed || exitedGeneration != generation || state != NodeState.RUNNING) {
        return;
      }
      cancelPendingWork();
      long pid = process.pid();
      Duration uptime = Duration.between(startedAt, Instant.now());
      lastExitCode = exitCode.isPresent() ? exitCode.getAsInt() : null;
      emit(
          id(),
          NodeEvent.Type.EXITED,
          OptionalLong.of(pid),
          exitCode,
          "pid "
              + pid
              + " exited unexpectedly"
              + (exitCode.isPresent() ? " with code " + exitCode.getAsInt() : "")
              + " after "
              + uptime.toSeconds()
              + " s");
      // What the dead node forked (e.g. executors) would be orphans now.
      terminator.terminateAll(MarkedProcesses.of(id(), false), id());
      deleteQuietly(pidFile(id()));
      process = null;
      if (uptime.compareTo(config.restartPolicy().stableAfter()) >= 0) {
        consecutiveRestarts = 0;
      }
      restartOrGiveUp(OptionalLong.of(pid), exitCode);
    }

    /** Must hold the lock: the process is gone; back off and restart it, or give up. */
    private void restartOrGiveUp(OptionalLong pid, OptionalInt exitCode) {
      RestartPolicy policy = config.restartPolicy();
      if (consecutiveRestarts >= policy.maxConsecutiveRestarts()) {
        state = NodeState.FAILED;
        emit(
            id(),
            NodeEvent.Type.GAVE_UP,
            pid,
            exitCode,
            "gave up after " + consecutiveRestarts + " restarts in a row");
        return;
      }
      consecutiveRestarts++;
      Duration delay = policy.backoff(consecutiveRestarts);
      state = NodeState.BACKING_OFF;
      emit(
          id(),
          NodeEvent.Type.RESTART_SCHEDULED,
          OptionalLong.empty(),
          OptionalInt.empty(),
          "restarting in "
              + delay.toMillis()
              + " ms (restart "
              + consecutiveRestarts
              + " of at most "
              + policy.maxConsecutiveRestarts()
              + " in a row)");
      long scheduledGeneration = generation;
      pendingWork =
          scheduler.schedule(
              () -> restart(scheduledGeneration), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void restart(long scheduledGeneration) {
      if (closed || scheduledGeneration != generation || state != NodeState.BACKING_OFF) {
        return;
      }
      pendingWork = null;
      restarts++;
      try {
        launchProcess(true);
      } catch (IOException | RuntimeException e) {
        emit(
            id(),
            NodeEvent.Type.START_FAILED,
            OptionalLong.empty(),
            OptionalInt.empty(),
            e.toString());
        process = null;
        restartOrGiveUp(OptionalLong.empty(), OptionalInt.empty());
      }
    }

    /** Marks the node as stopping and sends SIGTERM, without waiting. */
    void beginStop() {
      ProcessHandle target;
      synchronized (this) {
        if (!state.isActive() || state == NodeState.STOPPING) {
          return;
        }
        cancelPendingWork();
        generation++;
        state = NodeState.STOPPING;
        target = process;
      }
      if (target != null && ProcessInspector.isRunning(target)) {
        target.destroy();
      }
    }

    void stop() {
      beginStop();
      ProcessHandle target;
      synchronized (this) {
        target = state == NodeState.STOPPING ? process : null;
      }
      if (target == null && state() != NodeState.STOPPING) {
        // Already stopped or failed: still make sure nothing marked is left.
        terminator.terminateAll(MarkedProcesses.of(id(), false), id());
        return;
      }
      if (target != null) {
        terminator.terminateTree(target, id());
      }
      terminator.terminateAll(MarkedProcesses.of(id(), false), id());
      synchronized (this) {
        long pid = target == null ? 0 : target.pid();
        process = null;
        state = NodeState.STOPPED;
        deleteQuietly(pidFile(id()));
        emit(
            id(),
            NodeEvent.Type.STOPPED,
            pid == 0 ? OptionalLong.empty() : OptionalLong.of(pid),
            OptionalInt.empty(),
            pid == 0 ? "stopped" : "stopped pid " + pid);
      }
    }

    synchronized void detach() {
      cancelPendingWork();
      generation++;
    }

    private void cancelPendingWork() {
      if (pendingWork != null) {
        pendingWork.cancel(false);
        pendingWork = null;
      }
    }

    private void writePidFile() {
      new PidFile(id(), process.pid(), process.info().startInstant(), restarts)
          .write(pidFile(id()));
    }

    synchronized NodeStatus status() {
      OptionalLong pid = OptionalLong.empty();
      Optional<Duration> cpu = Optional.empty();
      OptionalLong memory = OptionalLong.empty();
      if (process != null && ProcessInspector.isRunning(process)) {
        pid = OptionalLong.of(process.pid());
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(process);
        process.descendants().forEach(tree::add);
        Duration cpuSum = Duration.ZERO;
        boolean cpuKnown = false;
        long memorySum = 0;
        boolean memoryKnown = false;
        for (ProcessHandle member : tree) {
          Optional<Duration> memberCpu = ProcessInspector.cpuTime(member);
          if (memberCpu.isPresent()) {
            cpuSum = cpuSum.plus(memberCpu.get());
            cpuKnown = true;
          }
          OptionalLong memberMemory = ProcessInspector.residentMemoryBytes(member.pid());
          if (memberMemory.isPresent()) {
            memorySum += memberMemory.getAsLong();
            memoryKnown = true;
          }
        }
        cpu = cpuKnown ? Optional.of(cpuSum) : Optional.empty();
        memory = memoryKnown ? OptionalLong.of(memorySum) : OptionalLong.empty();
      }
      return new NodeStatus(
          id(),
          spec.role(),
          state,
          pid,
          Optional.ofNullable(startedAt),
          restarts,
          lastExitCode == null ? OptionalInt.empty() : OptionalInt.of(lastExitCode),
          cpu,
          memory,
          adopted);
    }
  }
}
