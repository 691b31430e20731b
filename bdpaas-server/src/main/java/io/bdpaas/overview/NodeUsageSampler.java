package io.bdpaas.overview;

import io.bdpaas.backend.ClusterBackend;
import io.bdpaas.backend.NodeId;
import io.bdpaas.backend.NodeObservation;
import io.bdpaas.catalog.ClusterPlan;
import io.bdpaas.cluster.Cluster;
import io.bdpaas.cluster.ClusterStore;
import io.bdpaas.tenancy.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Samples what every node of every cluster uses, every {@value #EVERY_SECONDS} seconds, from the
 * backend's observations: cores from the growth of the node's CPU time, memory as the backend
 * reports it. Keeps the latest sample and the peaks (platform-wide and per owner) since the control
 * plane started, for the overview.
 */
@Component
public class NodeUsageSampler implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(NodeUsageSampler.class);
  static final int EVERY_SECONDS = 5;

  /** The use of every node at one instant. */
  public record Snapshot(Instant at, List<NodeUse> nodes) {
    static final Snapshot EMPTY = new Snapshot(Instant.EPOCH, List.of());

    /** The total of the owner's nodes, or of all when no owner is given. */
    public Peak total(Optional<UserId> owner) {
      double cores = 0;
      long memory = 0;
      for (NodeUse node : nodes) {
        if (owner.isEmpty() || owner.get().equals(node.owner())) {
          cores += node.cores();
          memory += node.memoryBytes();
        }
      }
      return new Peak(cores, memory, at);
    }
  }

  /** Cores and memory in use together, and when. */
  public record Peak(double cores, long memoryBytes, Instant at) {
    static final Peak NONE = new Peak(0, 0, Instant.EPOCH);

    Peak max(Peak other) {
      return new Peak(
          Math.max(cores, other.cores),
          Math.max(memoryBytes, other.memoryBytes),
          other.cores > cores || other.memoryBytes > memoryBytes ? other.at : at);
    }
  }

  private record CpuReading(Instant at, Duration cpuTime) {}

  private final ClusterStore clusters;
  private final ClusterBackend backend;
  private final Map<NodeId, CpuReading> lastCpu = new ConcurrentHashMap<>();
  private final Map<UserId, Peak> ownerPeaks = new ConcurrentHashMap<>();
  private final Instant startedAt = Instant.now();
  private final List<Runnable> afterEachSample = new CopyOnWriteArrayList<>();
  private volatile Snapshot latest = Snapshot.EMPTY;
  private volatile Peak platformPeak = Peak.NONE;
  private ScheduledExecutorService scheduler;

  public NodeUsageSampler(ClusterStore clusters, ClusterBackend backend) {
    this.clusters = clusters;
    this.backend = backend;
  }

  /** Runs {@code action} on the sampler's thread after each sample (failures are logged). */
  public void afterEachSample(Runnable action) {
    afterEachSample.add(action);
  }

  public Snapshot latest() {
    return latest;
  }

  /** The highest use seen since {@link #since()}: platform-wide, or of one owner's nodes. */
  public Peak peak(Optional<UserId> owner) {
    return owner.map(id -> ownerPeaks.getOrDefault(id, Peak.NONE)).orElse(platformPeak);
  }

  /** Since when peaks are kept: the control plane's start. */
  public Instant since() {
    return startedAt;
  }

  void sample() {
    Instant now = Instant.now();
    List<NodeUse> nodes = new ArrayList<>();
    Map<NodeId, CpuReading> seen = new ConcurrentHashMap<>();
    for (Cluster cluster : clusters.holdingNodesForSampler()) {
      for (ClusterPlan.PlannedNode planned :
          cluster.plan().map(ClusterPlan::nodes).orElse(List.of())) {
        NodeId id = new NodeId(cluster.id().value(), planned.name());
        Optional<NodeObservation> observed = backend.observe(id);
        if (observed.isEmpty()) {
          continue;
        }
        double cores = 0;
        if (observed.get().cpuTime().isPresent()) {
          CpuReading reading = new CpuReading(now, observed.get().cpuTime().get());
          CpuReading before = lastCpu.get(id);
          if (before != null && reading.cpuTime().compareTo(before.cpuTime()) >= 0) {
            long wallNanos = Duration.between(before.at(), now).toNanos();
            cores =
                wallNanos <= 0
                    ? 0
                    : (double) reading.cpuTime().minus(before.cpuTime()).toNanos() / wallNanos;
          }
          seen.put(id, reading);
        }
        nodes.add(
            new NodeUse(
                cluster.id(),
                cluster.ownerId(),
                planned.name(),
                planned.role(),
                observed.get().state(),
                cores,
                observed.get().memoryBytes().orElse(0)));
      }
    }
    lastCpu.clear();
    lastCpu.putAll(seen);
    Snapshot snapshot = new Snapshot(now, List.copyOf(nodes));
    latest = snapshot;
    platformPeak = platformPeak.max(snapshot.total(Optional.empty()));
    for (NodeUse node : nodes) {
      ownerPeaks.compute(
          node.owner(),
          (owner, peak) ->
              (peak == null ? Peak.NONE : peak).max(snapshot.total(Optional.of(owner))));
    }
  }

  @Override
  public synchronized void start() {
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "node-usage");
              thread.setDaemon(true);
              return thread;
            });
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            sample();
          } catch (RuntimeException e) {
            log.warn("sampling the nodes' use failed: {}", e.toString());
          }
          for (Runnable action : afterEachSample) {
            try {
              action.run();
            } catch (RuntimeException e) {
              log.warn("an action after the nodes' sample failed: {}", e.toString());
            }
          }
        },
        1,
        EVERY_SECONDS,
        TimeUnit.SECONDS);
  }

  @Override
  public synchronized void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return scheduler != null;
  }
}
