package io.bdpaas.cluster;

import io.bdpaas.account.User;
import io.bdpaas.account.UserStore;
import io.bdpaas.api.BdpaasException;
import io.bdpaas.backend.NodeEvent;
import io.bdpaas.backend.NodeState;
import io.bdpaas.backend.NodeStatus;
import io.bdpaas.catalog.ClusterPlan;
import io.bdpaas.catalog.ClusterPlanner;
import io.bdpaas.catalog.OrchestratorStep;
import io.bdpaas.catalog.Product;
import io.bdpaas.catalog.ProductStore;
import io.bdpaas.engine.ProbeResult;
import io.bdpaas.settings.BdpaasSettings;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Drives every cluster toward its desired state, one idempotent step at a time. The database holds
 * what users asked for and how far each cluster got; the backend is observed on every pass. A
 * control plane killed at any moment resumes by running the loop again: started nodes are adopted,
 * steps already done are not redone.
 *
 * <p>One thread runs the loop, so admission decisions see a consistent picture of what is in use.
 */
@Component
public class ClusterReconciler implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(ClusterReconciler.class);
  private static final Duration PASS_INTERVAL = Duration.ofMillis(500);
  private static final int MAX_STEPS_PER_PASS = 8;

  private final ClusterStore clusters;
  private final ClusterEventStore events;
  private final ProductStore products;
  private final UserStore users;
  private final ClusterPlanner planner;
  private final LocalClusterBackend backend;
  private final BdpaasSettings settings;
  private final Map<String, UserId> owners = new ConcurrentHashMap<>();
  private final AtomicBoolean wakeUpPending = new AtomicBoolean();
  private ScheduledExecutorService loop;

  public ClusterReconciler(
      ClusterStore clusters,
      ClusterEventStore events,
      ProductStore products,
      UserStore users,
      ClusterPlanner planner,
      LocalClusterBackendFactory backendFactory,
      BdpaasSettings settings) {
    this.clusters = clusters;
    this.events = events;
    this.products = products;
    this.users = users;
    this.planner = planner;
    this.settings = settings;
    this.backend = backendFactory.create(this::onNodeEvent);
  }

  public LocalClusterBackend backend() {
    return backend;
  }

  @Override
  public void start() {
    java.util.Set<String> active = new java.util.HashSet<>();
    for (Cluster cluster : clusters.findNeedingReconcileForReconciler()) {
      cluster.plan().ifPresent(plan -> reservePorts(plan));
      active.add(cluster.id().value());
    }
    stopOrphans(active);
    loop =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "cluster-reconciler");
              thread.setDaemon(true);
              return thread;
            });
    loop.scheduleWithFixedDelay(
        this::reconcileAll, 0, PASS_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (loop != null) {
      loop.shutdownNow();
      try {
        loop.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // Nodes keep running: a restarted control plane adopts them.
    backend.close();
  }

  @Override
  public boolean isRunning() {
    return loop != null && !loop.isShutdown();
  }

  /**
   * Stops node processes left by a previous run for clusters that no longer need them (destroyed,
   * failed, or unknown to the database): never an orphan.
   */
  private void stopOrphans(java.util.Set<String> active) {
    for (String clusterId : backend.clustersWithLiveProcesses()) {
      if (!active.contains(clusterId)) {
        log.warn("[cluster {}] stopping processes left behind by a previous run", clusterId);
        backend.stopOrphans(clusterId);
        if (ClusterId.isValid(clusterId)) {
          clusters
              .findForReconciler(new ClusterId(clusterId))
              .ifPresent(
                  cluster ->
                      event(
                          cluster,
                          "ORPHANS_STOPPED",
                          null,
                          "stopped processes left behind by a previous run"));
        }
      }
    }
  }

  /** Asks for a pass now instead of at the next tick (after a user's change). */
  public void wakeUp() {
    if (loop != null && wakeUpPending.compareAndSet(false, true)) {
      loop.execute(
          () -> {
            wakeUpPending.set(false);
            reconcileAll();
          });
    }
  }

  void reconcileAll() {
    for (Cluster cluster : clusters.findNeedingReconcileForReconciler()) {
      // Steps that need no waiting (registered → scheduling → scheduled → configuring → start)
      // follow each other in the same pass; a step that waits ends it.
      Cluster current = cluster;
      for (int step = 0; step < MAX_STEPS_PER_PASS; step++) {
        try {
          reconcile(current);
        } catch (BdpaasException e) {
          fail(current, e.getMessage());
          break;
        } catch (RuntimeException e) {
          log.error(
              "[cluster {}] reconcile step failed; retrying on the next pass", current.id(), e);
          break;
        }
        Optional<Cluster> next = clusters.findForReconciler(current.id());
        if (next.isEmpty()
            || !next.get().needsReconciling()
            || (next.get().status() == current.status()
                && next.get().orchestratorStep() == current.orchestratorStep())) {
          break;
        }
        current = next.get();
      }
    }
  }

  /** One idempotent step toward the desired state. */
  void reconcile(Cluster cluster) {
    owners.putIfAbsent(cluster.id().value(), cluster.ownerId());
    if (cluster.destroyRequested()) {
      destroy(cluster);
      return;
    }
    switch (cluster.status()) {
      case REGISTERED ->
          transition(cluster, ClusterStatus.SCHEDULING, null, "waiting for admission");
      case SCHEDULING -> schedule(cluster);
      case SCHEDULED -> {
        Cluster configuring =
            withProgress(
                cluster, ClusterStatus.CONFIGURING, Optional.empty(), cluster.plan(), 0, true);
        save(cluster, configuring, "running the orchestrator");
      }
      case CONFIGURING -> orchestrate(cluster);
      case CONFIGURED -> checkReady(cluster);
      case READY -> observe(cluster);
      case FAILED, DESTROYED -> {}
    }
  }

  private void schedule(Cluster cluster) {
    Product product =
        products
            .find(cluster.product())
            .orElseThrow(
                () ->
                    new BdpaasException(
                        io.bdpaas.api.ErrorCode.NOT_FOUND,
                        "product " + cluster.product() + " no longer exists"));
    User owner =
        users
            .findById(cluster.ownerId())
            .orElseThrow(
                () ->
                    new BdpaasException(
                        io.bdpaas.api.ErrorCode.NOT_FOUND, "owner no longer exists"));
    ClusterScheduler.Decision decision =
        ClusterScheduler.decide(
            cluster.milliCores(),
            cluster.memoryMb(),
            settings.localCapacity().milliCores(),
            settings.localCapacity().memoryMb(),
            owner.quota(),
            clusters.usage(Optional.empty()),
            clusters.usage(Optional.of(cluster.ownerId())));
    if (decision instanceof ClusterScheduler.Decision.Never never) {
      fail(cluster, "cannot be scheduled: " + never.reason());
    } else if (decision instanceof ClusterScheduler.Decision.Wait wait) {
      if (!cluster.statusReason().equals(Optional.of(wait.reason()))) {
        clusters.saveProgressForReconciler(
            withProgress(
                cluster,
                ClusterStatus.SCHEDULING,
                Optional.of(wait.reason()),
                cluster.plan(),
                0,
                false));
        event(cluster, "SCHEDULING", null, wait.reason());
      }
    } else {
      ClusterPlan plan =
          planner.plan(
              product,
              cluster.mergedOptions(),
              cluster.size(),
              new ClusterPlanner.Context(cluster.id().value(), cluster.name(), owner.username()),
              n -> backend.ports().allocate(n),
              node -> backend.nodeDirectory(cluster.id(), node),
              backend.runtimes());
      Optional<String> missing = backend.missingRuntime(plan);
      if (missing.isPresent()) {
        releasePorts(plan);
        fail(cluster, missing.get());
        return;
      }
      Cluster scheduled =
          withProgress(
              cluster, ClusterStatus.SCHEDULED, Optional.empty(), Optional.of(plan), 0, true);
      save(cluster, scheduled, plan.nodes().size() + " nodes planned");
    }
  }

  private void orchestrate(Cluster cluster) {
    ClusterPlan plan = cluster.plan().orElseThrow();
    adoptStartedNodes(cluster, plan, cluster.orchestratorStep());
    Cluster current = cluster;
    while (current.orchestratorStep() < plan.orchestrator().size()) {
      OrchestratorStep step = plan.orchestrator().get(current.orchestratorStep());
      if (step.action() == OrchestratorStep.Action.START) {
        for (ClusterPlan.PlannedNode node : plan.nodesOf(step.group())) {
          backend.ensureRunning(current.id(), node);
        }
        event(
            current,
            "STEP",
            null,
            "started " + step.group() + " (" + plan.nodesOf(step.group()).size() + " nodes)");
      } else {
        Optional<String> notReady = notReady(current, plan, step.group());
        if (notReady.isPresent()) {
          Instant since = current.stepStartedAt().orElse(Timestamps.now());
          int timeout =
              plan.nodesOf(step.group()).stream()
                  .map(ClusterPlan.PlannedNode::readiness)
                  .filter(r -> r != null)
                  .mapToInt(r -> r.timeoutOrDefault())
                  .max()
                  .orElse(300);
          if (Duration.between(since, Timestamps.now()).getSeconds() > timeout) {
            fail(current, step.group() + " not ready after " + timeout + " s: " + notReady.get());
          }
          return;
        }
        event(current, "STEP", null, step.group() + " is ready");
      }
      Cluster advanced =
          withProgress(
              current,
              ClusterStatus.CONFIGURING,
              Optional.empty(),
              current.plan(),
              current.orchestratorStep() + 1,
              true);
      clusters.saveProgressForReconciler(advanced);
      current = advanced;
    }
    Cluster configured =
        withProgress(
            current,
            ClusterStatus.CONFIGURED,
            Optional.empty(),
            current.plan(),
            current.orchestratorStep(),
            true);
    save(current, configured, "orchestrator finished");
    checkReady(configured);
  }

  private void checkReady(Cluster cluster) {
    ClusterPlan plan = cluster.plan().orElseThrow();
    adoptStartedNodes(cluster, plan, plan.orchestrator().size());
    for (ClusterPlan.PlannedGroup group : plan.groups()) {
      Optional<String> notReady = notReady(cluster, plan, group.name());
      if (notReady.isPresent()) {
        return;
      }
    }
    Cluster ready =
        withProgress(
            cluster,
            ClusterStatus.READY,
            Optional.empty(),
            cluster.plan(),
            cluster.orchestratorStep(),
            true);
    save(cluster, ready, "every node group passes its readiness check");
  }

  private void observe(Cluster cluster) {
    ClusterPlan plan = cluster.plan().orElseThrow();
    adoptStartedNodes(cluster, plan, plan.orchestrator().size());
    for (ClusterPlan.PlannedNode node : plan.nodes()) {
      Optional<NodeStatus> status = backend.status(cluster.id(), node.name());
      if (status.isPresent() && status.get().state() == NodeState.FAILED) {
        fail(cluster, "node " + node.name() + " kept failing and was given up");
        return;
      }
    }
  }

  /** Makes sure nodes of groups started before step {@code upTo} are supervised (adopted). */
  private void adoptStartedNodes(Cluster cluster, ClusterPlan plan, int upTo) {
    for (int i = 0; i < Math.min(upTo, plan.orchestrator().size()); i++) {
      OrchestratorStep step = plan.orchestrator().get(i);
      if (step.action() == OrchestratorStep.Action.START) {
        for (ClusterPlan.PlannedNode node : plan.nodesOf(step.group())) {
          if (backend.status(cluster.id(), node.name()).isEmpty()) {
            backend.ensureRunning(cluster.id(), node);
          }
        }
      }
    }
  }

  private Optional<String> notReady(Cluster cluster, ClusterPlan plan, String group) {
    for (ClusterPlan.PlannedNode node : plan.nodesOf(group)) {
      Optional<NodeStatus> status = backend.status(cluster.id(), node.name());
      if (status.isPresent() && status.get().state() == NodeState.FAILED) {
        throw new BdpaasException(
            io.bdpaas.api.ErrorCode.CONFLICT,
            "node " + node.name() + " failed to start and was given up; see its log");
      }
      ProbeResult result = backend.probe(node.readiness());
      if (!result.ready()) {
        return Optional.of(node.name() + ": " + result.detail());
      }
    }
    return Optional.empty();
  }

  private void destroy(Cluster cluster) {
    backend.stopCluster(cluster.id());
    cluster.plan().ifPresent(this::releasePorts);
    Cluster destroyed =
        withProgress(
            cluster,
            ClusterStatus.DESTROYED,
            Optional.empty(),
            cluster.plan(),
            cluster.orchestratorStep(),
            true);
    save(cluster, destroyed, "every process stopped");
    owners.remove(cluster.id().value());
  }

  private void fail(Cluster cluster, String reason) {
    backend.stopCluster(cluster.id());
    cluster.plan().ifPresent(this::releasePorts);
    Cluster failed =
        withProgress(
            cluster,
            ClusterStatus.FAILED,
            Optional.of(reason),
            cluster.plan(),
            cluster.orchestratorStep(),
            true);
    save(cluster, failed, reason);
  }

  private void transition(Cluster cluster, ClusterStatus status, String reason, String message) {
    save(
        cluster,
        withProgress(
            cluster,
            status,
            Optional.ofNullable(reason),
            cluster.plan(),
            cluster.orchestratorStep(),
            true),
        message);
  }

  private void save(Cluster before, Cluster after, String message) {
    clusters.saveProgressForReconciler(after);
    String transition = before.status().wireName() + " → " + after.status().wireName();
    event(after, "STATUS", null, transition + (message == null ? "" : ": " + message));
    log.info("[cluster {}] {} ({})", after.id(), transition, message);
  }

  private static Cluster withProgress(
      Cluster cluster,
      ClusterStatus status,
      Optional<String> reason,
      Optional<ClusterPlan> plan,
      int step,
      boolean stepChanged) {
    Instant now = Timestamps.now();
    return new Cluster(
        cluster.id(),
        cluster.ownerId(),
        cluster.name(),
        cluster.product(),
        cluster.size(),
        cluster.options(),
        cluster.mergedOptions(),
        status,
        reason,
        cluster.destroyRequested(),
        cluster.milliCores(),
        cluster.memoryMb(),
        plan,
        step,
        stepChanged ? Optional.of(now) : cluster.stepStartedAt(),
        cluster.createdAt(),
        now,
        status == cluster.status() ? cluster.statusChangedAt() : now);
  }

  private void event(Cluster cluster, String type, String node, String message) {
    events.append(cluster.id(), cluster.ownerId(), type, node, message);
  }

  private void onNodeEvent(NodeEvent event) {
    String clusterId = event.id().clusterId();
    UserId owner =
        owners.computeIfAbsent(
            clusterId,
            id ->
                ClusterId.isValid(id)
                    ? clusters
                        .findForReconciler(new ClusterId(id))
                        .map(Cluster::ownerId)
                        .orElse(null)
                    : null);
    if (owner == null) {
      return;
    }
    String message =
        event.message() == null || event.message().isBlank()
            ? event.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
            : event.message();
    events.append(
        new ClusterId(clusterId),
        owner,
        "NODE_" + event.type().name(),
        event.id().nodeName(),
        message);
  }

  private void reservePorts(ClusterPlan plan) {
    plan.nodes()
        .forEach(node -> node.ports().values().forEach(port -> backend.ports().reserve(port)));
  }

  private void releasePorts(ClusterPlan plan) {
    plan.nodes()
        .forEach(node -> node.ports().values().forEach(port -> backend.ports().release(port)));
  }
}
