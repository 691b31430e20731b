package io.bdpaas.backend.testing;

import static java.util.Objects.requireNonNull;

import io.bdpaas.backend.ClusterBackend;
import io.bdpaas.backend.FileContentCheck;
import io.bdpaas.backend.FileTooLargeException;
import io.bdpaas.backend.Isolation;
import io.bdpaas.backend.LogStream;
import io.bdpaas.backend.NodeDefinition;
import io.bdpaas.backend.NodeEvent;
import io.bdpaas.backend.NodeEventListener;
import io.bdpaas.backend.NodeId;
import io.bdpaas.backend.NodeObservation;
import io.bdpaas.backend.NodePlacement;
import io.bdpaas.backend.NodeStartException;
import io.bdpaas.backend.NodeState;
import io.bdpaas.backend.PlacementRequest;
import io.bdpaas.backend.Readiness;
import io.bdpaas.backend.RecoveryReport;
import io.bdpaas.backend.StorageFileName;
import io.bdpaas.backend.StorageFiles;
import io.bdpaas.backend.StoredFile;
import io.bdpaas.backend.TemplatePart;
import io.bdpaas.engine.ProbeResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A fake {@link ClusterBackend} for fast tests: nodes "run" in memory, nothing is started. Switches
 * make a node fail to start, a running node die and be given up, a node stay not ready, or every
 * readiness probe of one cluster hang; calls are recorded so tests can check that kept nodes are
 * not restarted and that what should be stopped was. Thread-safe, like every backend.
 *
 * <p>A readiness probe finds its node by the port in its URL: every node gets ports of its own.
 */
public final class TestingClusterBackend implements ClusterBackend {
  /** The first port {@link #place} hands out; each placed port takes the next one. */
  public static final int FIRST_PORT = 40_000;

  private final NodeEventListener listener;
  private final Object lock = new Object();
  private final Map<NodeId, NodePlacement> placements = new HashMap<>();
  private final Map<Integer, NodeId> nodesByPort = new HashMap<>();
  private final Map<NodeId, FakeNode> nodes = new LinkedHashMap<>();
  private final Set<String> storageAreas = new HashSet<>();
  private final Map<String, Map<StorageFileName, FakeFile>> storageFiles = new HashMap<>();
  private int nextPort = FIRST_PORT;

  private final NodeSwitch failingToStart = new NodeSwitch();
  private final NodeSwitch givenUpAtStart = new NodeSwitch();
  private final NodeSwitch heldNotReady = new NodeSwitch();
  private final Map<String, ProbeHang> hangs = new HashMap<>();

  private final List<NodeId> started = new ArrayList<>();
  private final List<NodeId> stopped = new ArrayList<>();
  private final List<String> deleted = new ArrayList<>();
  private final List<String> leftoversRemoved = new ArrayList<>();
  private final List<RecoveryReport> recoveries = new ArrayList<>();

  /**
   * @param listener receives the node events of this backend (started, exited, given up...)
   */
  public TestingClusterBackend(NodeEventListener listener) {
    this.listener = requireNonNull(listener, "listener is null");
  }

  // ---- switches ----

  /** Every node of this name, in any cluster, fails to start: {@code ensureRunning} throws. */
  public void failToStart(String nodeName) {
    failingToStart.add(nodeName);
  }

  /** The node fails to start: {@code ensureRunning} throws. */
  public void failToStart(NodeId node) {
    failingToStart.add(node);
  }

  /**
   * Every node of this name starts but dies at once and is given up: it is {@link NodeState#FAILED}
   * and emits {@code EXITED} then {@code GAVE_UP}.
   */
  public void giveUpAtStart(String nodeName) {
    givenUpAtStart.add(nodeName);
  }

  /** The running node dies now and is given up: {@code EXITED} then {@code GAVE_UP} are emitted. */
  public void giveUp(NodeId node) {
    synchronized (lock) {
      FakeNode running = nodes.get(node);
      if (running == null || !running.state.isActive()) {
        throw new IllegalStateException("node " + node + " does not run");
      }
      running.state = NodeState.FAILED;
      running.lastExitCode = OptionalInt.of(1);
    }
    emitGivenUp(node);
  }

  /** Readiness probes of every node of this name answer "not ready" until released. */
  public void holdNotReady(String nodeName) {
    heldNotReady.add(nodeName);
  }

  /** Readiness probes of the node answer "not ready" until released. */
  public void holdNotReady(NodeId node) {
    heldNotReady.add(node);
  }

  public void releaseReadiness(String nodeName) {
    heldNotReady.remove(nodeName);
  }

  public void releaseReadiness(NodeId node) {
    heldNotReady.remove(node);
  }

  /**
   * Every readiness probe of the cluster's nodes blocks until {@link #releaseProbes} or until
   * {@code atMost} from now has passed, then answers as usual. Other clusters are not affected.
   */
  public void hangProbes(String clusterId, Duration atMost) {
    synchronized (lock) {
      hangs.put(clusterId, new ProbeHang(Instant.now().plus(atMost)));
    }
  }

  /** Lets the hung probes of the cluster answer now. */
  public void releaseProbes(String clusterId) {
    ProbeHang hang;
    synchronized (lock) {
      hang = hangs.remove(clusterId);
    }
    if (hang != null) {
      hang.released.countDown();
    }
  }

  // ---- what happened ----

  /** How many times the node was started (adoption does not count). */
  public int startCount(NodeId node) {
    synchronized (lock) {
      return (int) started.stream().filter(node::equals).count();
    }
  }

  /** Every start, in order. */
  public List<NodeId> startedNodes() {
    synchronized (lock) {
      return List.copyOf(started);
    }
  }

  /** Every node stopped one by one ({@link #stop}), in order. */
  public List<NodeId> stoppedNodes() {
    synchronized (lock) {
      return List.copyOf(stopped);
    }
  }

  /** Every cluster whose leftovers were removed ({@link #removeLeftovers}), in order. */
  public List<String> clustersWithLeftoversRemoved() {
    synchronized (lock) {
      return List.copyOf(leftoversRemoved);
    }
  }

  @Override
  public void removeLeftovers(String clusterId) {
    synchronized (lock) {
      leftoversRemoved.add(clusterId);
    }
  }

  /** Every cluster deleted ({@link #delete}), in order. */
  public List<String> deletedClusters() {
    synchronized (lock) {
      return List.copyOf(deleted);
    }
  }

  /** What every {@link #recover} call reported, in order. */
  public List<RecoveryReport> recoveries() {
    synchronized (lock) {
      return List.copyOf(recoveries);
    }
  }

  /** The names of the cluster's nodes that run now (started or adopted, not stopped or failed). */
  public Set<String> runningNodes(String clusterId) {
    synchronized (lock) {
      Set<String> names = new HashSet<>();
      nodes.forEach(
          (id, node) -> {
            if (id.clusterId().equals(clusterId) && node.state.isActive()) {
              names.add(id.nodeName());
            }
          });
      return names;
    }
  }

  /** How many probes of the cluster's nodes hung (each counted when it began to block). */
  public int hungProbes(String clusterId) {
    synchronized (lock) {
      ProbeHang hang = hangs.get(clusterId);
      return hang == null ? 0 : hang.hung;
    }
  }

  // ---- the port ----

  @Override
  public TemplatePart requiredPart() {
    return TemplatePart.PROCESS;
  }

  @Override
  public Isolation isolation() {
    return new Isolation(false, Isolation.ONE_TRUST_DOMAIN + " (a fake backend runs nothing)");
  }

  @Override
  public List<NodePlacement> place(Collection<PlacementRequest> requests) {
    synchronized (lock) {
      List<NodePlacement> placed = new ArrayList<>();
      for (PlacementRequest request : requests) {
        NodePlacement existing = placements.get(request.node());
        if (existing != null && existing.ports().keySet().containsAll(request.portNames())) {
          placed.add(existing);
          continue;
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String name : request.portNames()) {
          ports.put(name, nextPort++);
        }
        NodePlacement placement =
            new NodePlacement(
                request.node(),
                "fake-host-" + request.node().nodeName(),
                ports,
                "/fake/" + request.node(),
                request.runtime().map(runtime -> "/fake/runtimes/" + runtime).orElse(""));
        remember(placement);
        placed.add(placement);
      }
      return placed;
    }
  }

  @Override
  public Optional<String> cannotRun(NodeDefinition node) {
    return node.process().isPresent()
        ? Optional.empty()
        : Optional.of("node " + node.id().nodeName() + " has no process part");
  }

  @Override
  public NodeObservation ensureRunning(NodeDefinition node) {
    NodeId id = node.id();
    boolean givenUp;
    NodeObservation observation;
    synchronized (lock) {
      if (failingToStart.matches(id)) {
        throw new NodeStartException("the testing backend was told that " + id + " fails");
      }
      if (!placements.containsKey(id)) {
        remember(node.placement());
      }
      FakeNode existing = nodes.get(id);
      if (existing != null && existing.state.isActive()) {
        return existing.observation(id);
      }
      givenUp = givenUpAtStart.matches(id);
      FakeNode fresh = new FakeNode(givenUp ? NodeState.FAILED : NodeState.RUNNING);
      if (givenUp) {
        fresh.lastExitCode = OptionalInt.of(1);
      }
      nodes.put(id, fresh);
      started.add(id);
      observation = fresh.observation(id);
    }
    emit(id, NodeEvent.Type.STARTED, "started (testing backend)");
    if (givenUp) {
      emitGivenUp(id);
    }
    return observation;
  }

  @Override
  public Optional<NodeObservation> observe(NodeId node) {
    synchronized (lock) {
      return Optional.ofNullable(nodes.get(node)).map(fake -> fake.observation(node));
    }
  }

  @Override
  public Optional<NodeState> state(NodeId node) {
    return observe(node).map(NodeObservation::state);
  }

  @Override
  public void rewriteFile(NodeDefinition node, String path, String content) {
    if (node.process().map(process -> !process.files().containsKey(path)).orElse(true)) {
      throw new IllegalArgumentException("node " + node.id() + " has no file " + path);
    }
    synchronized (lock) {
      FakeNode running = nodes.get(node.id());
      if (running == null || !running.state.isActive()) {
        throw new IllegalStateException("node " + node.id() + " does not run");
      }
    }
  }

  @Override
  public ProbeResult probe(Optional<Readiness> readiness) {
    if (readiness.isEmpty()) {
      return ProbeResult.ready("no readiness check");
    }
    int port = URI.create(readiness.get().http()).getPort();
    NodeId node;
    ProbeHang hang;
    synchronized (lock) {
      node = nodesByPort.get(port);
      if (node == null) {
        return ProbeResult.notReady("nothing listens on port " + port);
      }
      hang = hangs.get(node.clusterId());
      if (hang != null) {
        hang.hung++;
      }
    }
    if (hang != null) {
      hang.await();
    }
    synchronized (lock) {
      FakeNode fake = nodes.get(node);
      if (fake == null || fake.state != NodeState.RUNNING) {
        return ProbeResult.notReady(node.nodeName() + " does not run: connection refused");
      }
    }
    if (heldNotReady.matches(node)) {
      return ProbeResult.notReady(node.nodeName() + " is held not ready");
    }
    return ProbeResult.ready(node.nodeName() + " is ready");
  }

  @Override
  public void stop(NodeId node) {
    boolean wasActive;
    synchronized (lock) {
      FakeNode fake = nodes.get(node);
      wasActive = fake != null && fake.state.isActive();
      if (fake != null) {
        fake.state = NodeState.STOPPED;
      }
      stopped.add(node);
      forget(node);
    }
    if (wasActive) {
      emit(node, NodeEvent.Type.STOPPED, "stopped (testing backend)");
    }
  }

  @Override
  public void delete(String clusterId) {
    synchronized (lock) {
      nodes.forEach(
          (id, node) -> {
            if (id.clusterId().equals(clusterId)) {
              node.state = NodeState.STOPPED;
            }
          });
      placements.keySet().stream()
          .filter(id -> id.clusterId().equals(clusterId))
          .toList()
          .forEach(this::forget);
      deleted.add(clusterId);
    }
  }

  /**
   * Adopts the nodes of active clusters that this backend runs (they are not started again), keeps
   * their placements, and stops and forgets every cluster it runs that is not in {@code active}.
   */
  @Override
  public RecoveryReport recover(Map<String, List<NodeDefinition>> active) {
    Set<NodeId> adopted = new HashSet<>();
    Set<String> orphans = new HashSet<>();
    synchronized (lock) {
      for (List<NodeDefinition> definitions : active.values()) {
        for (NodeDefinition definition : definitions) {
          remember(definition.placement());
          FakeNode node = nodes.get(definition.id());
          if (node != null && node.state.isActive()) {
            adopted.add(definition.id());
          }
        }
      }
      nodes.forEach(
          (id, node) -> {
            if (node.state.isActive() && !active.containsKey(id.clusterId())) {
              orphans.add(id.clusterId());
            }
          });
      for (String orphan : orphans) {
        nodes.keySet().removeIf(id -> id.clusterId().equals(orphan));
        placements.keySet().stream()
            .filter(id -> id.clusterId().equals(orphan))
            .toList()
            .forEach(this::forget);
      }
      RecoveryReport report = new RecoveryReport(adopted, orphans);
      recoveries.add(report);
      return report;
    }
  }

  @Override
  public List<String> tail(NodeId node, LogStream stream, int lines) {
    return List.of();
  }

  @Override
  public Optional<InputStream> openLog(NodeId node, LogStream stream) {
    return Optional.empty();
  }

  /** Lets every hung probe answer; the nodes keep "running" for a next control plane. */
  @Override
  public void close() {
    List<ProbeHang> released;
    synchronized (lock) {
      released = List.copyOf(hangs.values());
      hangs.clear();
    }
    released.forEach(hang -> hang.released.countDown());
  }

  // ---- inside ----

  private void remember(NodePlacement placement) {
    placements.put(placement.node(), placement);
    placement.ports().values().forEach(port -> nodesByPort.put(port, placement.node()));
  }

  private void forget(NodeId node) {
    NodePlacement placement = placements.remove(node);
    if (placement != null) {
      placement.ports().values().forEach(nodesByPort::remove);
    }
  }

  private void emitGivenUp(NodeId node) {
    emit(node, NodeEvent.Type.EXITED, "exited with code 1 (testing backend)");
    emit(node, NodeEvent.Type.GAVE_UP, "gave up restarting it (testing backend)");
  }

  /** Called without the lock held: the listener may call back into this backend. */
  private void emit(NodeId node, NodeEvent.Type type, String message) {
    listener.onEvent(
        new NodeEvent(
            node,
            type,
            Instant.now(),
            OptionalLong.empty(),
            type == NodeEvent.Type.EXITED ? OptionalInt.of(1) : OptionalInt.empty(),
            message));
  }

  /** A node this backend "runs" (or ran). Guarded by {@link #lock}. */
  private static final class FakeNode {
    private final Instant startedAt = Instant.now();
    private NodeState state;
    private OptionalInt lastExitCode = OptionalInt.empty();

    private FakeNode(NodeState state) {
      this.state = state;
    }

    private NodeObservation observation(NodeId id) {
      return new NodeObservation(
          id,
          state,
          state.isActive() ? Optional.of("fake-" + id) : Optional.empty(),
          Optional.of(startedAt),
          0,
          lastExitCode,
          Optional.empty(),
          OptionalLong.empty());
    }
  }

  /** Nodes a switch is on for: by node name in every cluster, or one node of one cluster. */
  private static final class NodeSwitch {
    private final Set<String> names = new HashSet<>();
    private final Set<NodeId> ids = new HashSet<>();

    synchronized void add(String nodeName) {
      names.add(nodeName);
    }

    synchronized void add(NodeId node) {
      ids.add(node);
    }

    synchronized void remove(String nodeName) {
      names.remove(nodeName);
    }

    synchronized void remove(NodeId node) {
      ids.remove(node);
    }

    synchronized boolean matches(NodeId node) {
      return ids.contains(node) || names.contains(node.nodeName());
    }
  }

  /** The probes of one cluster block until released or until a deadline. */
  private static final class ProbeHang {
    private final CountDownLatch released = new CountDownLatch(1);
    private final Instant until;
    private int hung;

    private ProbeHang(Instant until) {
      this.until = until;
    }

    private void await() {
      long millis = Duration.between(Instant.now(), until).toMillis();
      try {
        released.await(Math.max(0, millis), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Storage areas exist only by name here: the path is a made-up one no node reads. */
  @Override
  public synchronized String ensureStorage(String tenant, String name) {
    storageAreas.add(tenant + "/" + name);
    return "/testing/storage/" + tenant + "/" + name;
  }

  @Override
  public synchronized void deleteStorage(String tenant, String name) {
    storageAreas.remove(tenant + "/" + name);
    storageFiles.remove(tenant + "/" + name);
  }

  /**
   * Files held in memory, with the limit and content checks of a real backend; an area that does
   * not exist has none, and writing to it fails as on a real backend.
   */
  @Override
  public StorageFiles storageFiles(String tenant, String name) {
    String area = tenant + "/" + name;
    return new StorageFiles() {
      @Override
      public List<StoredFile> list() {
        synchronized (TestingClusterBackend.this) {
          return storageFiles.getOrDefault(area, Map.of()).values().stream()
              .map(FakeFile::stored)
              .sorted(Comparator.comparing(file -> file.name().value()))
              .toList();
        }
      }

      @Override
      public StoredFile write(StorageFileName file, InputStream content, long maxBytes)
          throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        FileContentCheck check = FileContentCheck.forName(file);
        byte[] buffer = new byte[8192];
        int n;
        while ((n = content.read(buffer)) >= 0) {
          if (received.size() + (long) n > maxBytes) {
            throw new FileTooLargeException(file, maxBytes);
          }
          check.update(buffer, 0, n);
          received.write(buffer, 0, n);
        }
        check.finish();
        synchronized (TestingClusterBackend.this) {
          if (!storageAreas.contains(area)) {
            throw new UncheckedIOException(new IOException("no storage area " + area));
          }
          FakeFile stored =
              new FakeFile(
                  new StoredFile(file, received.size(), Instant.now(), location(file)),
                  received.toByteArray());
          storageFiles.computeIfAbsent(area, any -> new LinkedHashMap<>()).put(file, stored);
          return stored.stored();
        }
      }

      @Override
      public Optional<OpenFile> open(StorageFileName file) {
        synchronized (TestingClusterBackend.this) {
          return Optional.ofNullable(storageFiles.getOrDefault(area, Map.of()).get(file))
              .map(
                  stored ->
                      new OpenFile(stored.stored(), new ByteArrayInputStream(stored.content())));
        }
      }

      @Override
      public boolean delete(StorageFileName file) {
        synchronized (TestingClusterBackend.this) {
          return storageFiles.getOrDefault(area, new HashMap<>()).remove(file) != null;
        }
      }

      @Override
      public long usedBytes() {
        return list().stream().mapToLong(StoredFile::sizeBytes).sum();
      }

      @Override
      public String location(StorageFileName file) {
        return "/testing/storage/" + area + "/files/" + file.value();
      }
    };
  }

  private record FakeFile(StoredFile stored, byte[] content) {}

  /** The storage areas that exist, as {@code tenant/name}. */
  public synchronized Set<String> storageAreas() {
    return Set.copyOf(storageAreas);
  }
}
