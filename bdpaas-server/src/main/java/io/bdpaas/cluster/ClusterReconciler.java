package io.bdpaas.cluster;

import io.bdpaas.account.User;
import io.bdpaas.account.UserStore;
import io.bdpaas.api.BdpaasException;
import io.bdpaas.backend.ClusterBackend;
import io.bdpaas.backend.NodeDefinition;
import io.bdpaas.backend.NodeEvent;
import io.bdpaas.backend.NodeEventListener;
import io.bdpaas.backend.NodeEventRelay;
import io.bdpaas.backend.NodeId;
import io.bdpaas.backend.NodePlacement;
import io.bdpaas.backend.NodeStartException;
import io.bdpaas.backend.NodeState;
import io.bdpaas.backend.PlacementRequest;
import io.bdpaas.backend.PlacementUnavailableException;
import io.bdpaas.backend.Readiness;
import io.bdpaas.backend.RecoveryReport;
import io.bdpaas.catalog.ClusterPlan;
import io.bdpaas.catalog.ClusterPlanner;
import io.bdpaas.catalog.OrchestratorStep;
import io.bdpaas.catalog.Product;
import io.bdpaas.catalog.ProductStore;
import io.bdpaas.engine.EngineSecret;
import io.bdpaas.engine.ProbeResult;
import io.bdpaas.event.EventKind;
import io.bdpaas.reconcile.ReconcileKernel;
import io.bdpaas.reconcile.StepResult;
import io.bdpaas.store.Timestamps;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Drives every cluster toward what its owner asks for, one idempotent step at a time, on the shared
 * {@link ReconcileKernel}: clusters step in parallel, each one step at a time, and node events wake
 * their cluster at once. The database holds the spec and the progress; the backend is observed on
 * every step. A control plane killed at any moment resumes by recovering the backend and stepping
 * again: running nodes are adopted, steps already done are not redone.
 *
 * <p>The steps follow the lifecycle: {@code registered → scheduling → scheduled → configuring →
 * configured → ready}, and {@code destroyed} or {@code failed}. A resize takes a ready cluster back
 * through {@code configuring} with only the added nodes started and the removed ones stopped.
 */
@Component
public class ClusterReconciler implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(ClusterReconciler.class);
  static final Duration PROBE_INTERVAL = Duration.ofMillis(100);
  static final Duration SCHEDULING_RECHECK = Duration.ofSeconds(2);
  static final Duration OBSERVE_INTERVAL = Duration.ofSeconds(10);

  private final ClusterStore clusters;
  private final ClusterEvents events;
  private final ProductStore products;
  private final UserStore users;
  private final ClusterPlanner planner;
  private final ClusterBackend backend;
  private final ClusterAdmission admission;
  private final ReconcileKernel<ClusterId> kernel;
  private final NodeEventRelay nodeEvents;
  private final NodeEventListener nodeEventListener = this::onNodeEvent;
  private volatile boolean running;

  public ClusterReconciler(
      ClusterStore clusters,
      ClusterEvents events,
      ProductStore products,
      UserStore users,
      ClusterPlanner planner,
      ClusterBackend backend,
      NodeEventRelay nodeEvents,
      ClusterAdmission admission,
      ReconcileKernel.Settings kernelSettings) {
    this.clusters = clusters;
    this.events = events;
    this.products = products;
    this.users = users;
    this.planner = planner;
    this.backend = backend;
    this.admission = admission;
    this.kernel =
        new ReconcileKernel<>(
            "cluster", this::reconcile, this::clustersNeedingWork, kernelSettings);
    this.nodeEvents = nodeEvents;
  }

  @Override
  public void start() {
    nodeEvents.subscribe(nodeEventListener);
    recover();
    kernel.start();
    running = true;
  }

  /** Stops stepping; nodes keep running, for the next control plane to adopt. */
  @Override
  public void stop() {
    running = false;
    nodeEvents.unsubscribe(nodeEventListener);
    kernel.close();
  }

  /** What its reconcile kernel does now, for the platform's health. */
  public ReconcileKernel.Stats kernelStats() {
    return kernel.stats();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Asks for the cluster's next step now (after its owner changed it). */
  public void wakeUp(ClusterId id) {
    kernel.wake(id);
  }

  private List<ClusterId> clustersNeedingWork() {
    return clusters.findNeedingReconcileForReconciler().stream().map(Cluster::id).toList();
  }

  /** Hands the backend the nodes of every active cluster: it adopts them and stops the rest. */
  private void recover() {
    Map<String, List<NodeDefinition>> active = new LinkedHashMap<>();
    for (Cluster cluster : clusters.findNeedingReconcileForReconciler()) {
      if (!cluster.spec().destroyRequested()) {
        cluster
            .plan()
            .ifPresent(
                plan ->
                    active.put(
                        cluster.id().value(),
                        plan.definitions(cluster.id().value(), cluster.tenant())));
      }
    }
    RecoveryReport report = backend.recover(active);
    log.info(
        "recovered the backend: {} running nodes adopted, {} clusters' leftovers stopped",
        report.adopted().size(),
        report.orphansStopped().size());
    for (String orphan : report.orphansStopped()) {
      if (ClusterId.isValid(orphan)) {
        clusters
            .findForReconciler(new ClusterId(orphan))
            .ifPresent(
                cluster ->
                    events.record(
                        cluster,
                        EventKind.ORPHANS_STOPPED,
                        "stopped processes left behind by a previous run"));
      }
    }
  }

  /**
   * One step of one cluster. A failed step fails the cluster and stops what it runs; during a
   * resize it gives the resize up instead, and the cluster goes back to the size it had.
   */
  StepResult reconcile(ClusterId id) {
    Optional<Cluster> found = clusters.findForReconciler(id);
    if (found.isEmpty() || !found.get().needsReconciling()) {
      return StepResult.idle();
    }
    Cluster cluster = found.get();
    StepResult result = step(cluster);
    if (result instanceof StepResult.Fail fail) {
      if (cluster.progress().resizing() && !cluster.spec().destroyRequested()) {
        return giveUpResize(cluster, fail.reason());
      }
      failCluster(cluster, fail.reason());
    }
    return result;
  }

  private StepResult step(Cluster cluster) {
    if (cluster.spec().destroyRequested()) {
      return destroy(cluster);
    }
    return switch (cluster.status()) {
      case REGISTERED -> register(cluster);
      case SCHEDULING -> schedule(cluster);
      case SCHEDULED -> beginConfiguring(cluster);
      case CONFIGURING -> orchestrate(cluster);
      case CONFIGURED -> awaitReady(cluster);
      case READY -> observe(cluster);
      case FAILED, DESTROYED -> StepResult.idle();
    };
  }

  private StepResult register(Cluster cluster) {
    transition(cluster, ClusterStatus.SCHEDULING, Optional.empty(), "waiting for admission");
    return StepResult.advance();
  }

  /** Admits the cluster against capacity and quota, then has the backend place its nodes. */
  private StepResult schedule(Cluster cluster) {
    Optional<Product> product = products.find(cluster.product());
    if (product.isEmpty()) {
      return StepResult.fail("product " + cluster.product() + " no longer exists");
    }
    Optional<User> owner = users.findById(cluster.ownerId());
    if (owner.isEmpty()) {
      return StepResult.fail("its owner no longer exists");
    }
    // Admitted, placed and planned while no other admission runs, so each decision sees what the
    // previous one admitted.
    return admission.decide(
        cluster,
        cluster.spec().milliCores(),
        cluster.spec().memoryMb(),
        owner.get().quota(),
        decision -> admit(cluster, product.get(), owner.get(), decision));
  }

  private StepResult admit(
      Cluster cluster, Product product, User owner, ClusterScheduler.Decision decision) {
    if (decision instanceof ClusterScheduler.Decision.Never never) {
      return StepResult.fail("cannot be scheduled: " + never.reason());
    }
    if (decision instanceof ClusterScheduler.Decision.Wait wait) {
      return waitForAdmission(cluster, wait.reason());
    }
    ClusterPlan plan;
    try {
      plan = planFor(cluster, product, owner, cluster.spec().size());
    } catch (BdpaasException e) {
      return StepResult.fail("its template does not render: " + e.getMessage());
    } catch (PlacementUnavailableException e) {
      return waitForAdmission(cluster, "waiting for room to place its nodes: " + e.getMessage());
    }
    Optional<String> cannotRun = cannotRun(cluster, plan);
    if (cannotRun.isPresent()) {
      return StepResult.fail(cannotRun.get()); // failing the cluster gives its placements back
    }
    Cluster planned = cluster.with(cluster.progress().withPlan(plan, now()));
    transition(
        planned, ClusterStatus.SCHEDULED, Optional.empty(), plan.nodes().size() + " nodes planned");
    return StepResult.advance();
  }

  /** Waits in scheduling, saying why (once per reason, not on every re-check). */
  private StepResult waitForAdmission(Cluster cluster, String reason) {
    if (!cluster.progress().reason().equals(Optional.of(reason))) {
      clusters.saveProgressForReconciler(
          cluster.id(), cluster.progress().withReason(Optional.of(reason), now()));
      events.record(cluster, EventKind.SCHEDULING, reason);
    }
    return StepResult.waitFor(reason, SCHEDULING_RECHECK);
  }

  private StepResult beginConfiguring(Cluster cluster) {
    transition(cluster, ClusterStatus.CONFIGURING, Optional.empty(), "running the orchestrator");
    return StepResult.advance();
  }

  /** Runs the next orchestrator step: start a group, or wait until a group is ready. */
  private StepResult orchestrate(Cluster cluster) {
    ClusterPlan plan = cluster.plan().orElseThrow();
    int index = cluster.progress().orchestratorStep();
    Optional<StepResult> restarted = ensureStartedNodesRun(cluster, plan, index);
    if (restarted.isPresent()) {
      return restarted.get();
    }
    if (index >= plan.orchestrator().size()) {
      transition(cluster, ClusterStatus.CONFIGURED, Optional.empty(), "orchestrator finished");
      return StepResult.advance();
    }
    OrchestratorStep step = plan.orchestrator().get(index);
    List<ClusterPlan.PlannedNode> group = plan.nodesOf(step.group());
    if (step.action() == OrchestratorStep.Action.START) {
      for (ClusterPlan.PlannedNode node : group) {
        Optional<StepResult> failed = ensureRunning(cluster, node);
        if (failed.isPresent()) {
          return failed.get();
        }
      }
      if (!group.isEmpty()) { // an optional group left out (count 0) is not worth an event
        events.record(
            cluster, EventKind.STEP, "started " + step.group() + " (" + group.size() + " nodes)");
      }
    } else {
      StepResult readiness = groupReadiness(cluster, plan, step.group());
      if (!(readiness instanceof StepResult.Advance)) {
        return readiness;
      }
      if (!group.isEmpty()) {
        events.record(cluster, EventKind.STEP, step.group() + " is ready");
      }
    }
    clusters.saveProgressForReconciler(cluster.id(), cluster.progress().withNextStep(now()));
    return StepResult.advance();
  }

  private StepResult awaitReady(Cluster cluster) {
    ClusterPlan plan = cluster.plan().orElseThrow();
    Optional<StepResult> restarted =
        ensureStartedNodesRun(cluster, plan, plan.orchestrator().size());
    if (restarted.isPresent()) {
      return restarted.get();
    }
    for (ClusterPlan.PlannedGroup group : plan.groups()) {
      StepResult readiness = groupReadiness(cluster, plan, group.name());
      if (!(readiness instanceof StepResult.Advance)) {
        return readiness;
      }
    }
    Cluster done = cluster.with(cluster.progress().withoutPreviousPlan(now()));
    transition(
        done, ClusterStatus.READY, Optional.empty(), "every node group passes its readiness check");
    return StepResult.advance();
  }

  /** A ready cluster: applies a resize its owner asked for, and fails when a node was given up. */
  private StepResult observe(Cluster cluster) {
    if (cluster.resizeRequested()) {
      return beginResize(cluster);
    }
    ClusterPlan plan = cluster.plan().orElseThrow();
    Optional<StepResult> restarted =
        ensureStartedNodesRun(cluster, plan, plan.orchestrator().size());
    if (restarted.isPresent()) {
      return restarted.get();
    }
    return StepResult.waitFor("ready", OBSERVE_INTERVAL);
  }

  /**
   * Plans the new size: nodes that stay keep their placement and keep running; removed nodes are
   * stopped now; added nodes are started by the orchestrator, which runs again over the new plan.
   */
  private StepResult beginResize(Cluster cluster) {
    ClusterPlan current = cluster.plan().orElseThrow();
    int from = current.size();
    int to = cluster.spec().size();
    Optional<Product> product = products.find(cluster.product());
    Optional<User> owner = users.findById(cluster.ownerId());
    if (product.isEmpty() || owner.isEmpty()) {
      return StepResult.fail("cannot resize: its product or owner no longer exists");
    }
    if (!product.get().planningDigest().equals(current.productDigest())) {
      return giveUpResize(
          cluster,
          "product "
              + cluster.product()
              + " changed since this cluster was planned; create a new cluster to use the new"
              + " version of its template");
    }
    ClusterPlan next;
    try {
      next = planFor(cluster, product.get(), owner.get(), to);
    } catch (BdpaasException e) {
      return giveUpResize(cluster, "its template does not render: " + e.getMessage());
    } catch (PlacementUnavailableException e) {
      return StepResult.waitFor(
          "waiting for room to place the added nodes: " + e.getMessage(), SCHEDULING_RECHECK);
    }
    Optional<String> cannotRun = cannotRun(cluster, next);
    if (cannotRun.isPresent()) {
      return giveUpResize(cluster, cannotRun.get());
    }
    Set<String> kept =
        next.nodes().stream().map(ClusterPlan.PlannedNode::name).collect(Collectors.toSet());
    List<String> removed =
        current.nodes().stream()
            .map(ClusterPlan.PlannedNode::name)
            .filter(name -> !kept.contains(name))
            .toList();
    long added =
        next.nodes().stream()
            .filter(node -> current.nodes().stream().noneMatch(n -> n.name().equals(node.name())))
            .count();
    // Stop the removed nodes before the new plan is saved: a crash in between leaves the old plan
    // and the resize is simply planned again, never a node that no plan names.
    for (String node : removed) {
      backend.stop(new NodeId(cluster.id().value(), node));
    }
    if (!removed.isEmpty()) {
      wakeClustersWaitingForAdmission();
    }
    String message =
        "resizing from "
            + from
            + " to "
            + to
            + ": "
            + added
            + " nodes added, "
            + removed.size()
            + " removed";
    events.record(cluster, EventKind.RESIZE, message);
    Cluster resizing = cluster.with(cluster.progress().withResizePlan(next, now()));
    transition(
        resizing,
        ClusterStatus.CONFIGURING,
        Optional.of("resizing from " + from + " to " + to),
        message);
    return StepResult.advance();
  }

  /**
   * A resize that cannot be done does not fail the cluster: nodes it added are stopped, the plan
   * before it is back (its nodes are started again if a shrink had stopped them), the size its
   * owner asked for goes back to the size it has, and the reason is shown.
   */
  private StepResult giveUpResize(Cluster cluster, String reason) {
    ClusterPlan current = cluster.plan().orElseThrow();
    // Refused before the new plan was made, nothing changed: the current plan is the one to keep.
    ClusterPlan previous = cluster.progress().previousPlan().orElse(current);
    Set<String> kept =
        previous.nodes().stream().map(ClusterPlan.PlannedNode::name).collect(Collectors.toSet());
    for (ClusterPlan.PlannedNode node : current.nodes()) {
      if (!kept.contains(node.name())) {
        backend.stop(new NodeId(cluster.id().value(), node.name()));
      }
    }
    clusters.revertResizeForReconciler(
        cluster.id(), previous.size(), previous.milliCores(), previous.memoryMb());
    String message =
        "resize to "
            + cluster.spec().size()
            + " given up, size "
            + (previous == current ? "stays " : "back to ")
            + previous.size()
            + ": "
            + reason;
    events.record(cluster, EventKind.RESIZE, message);
    if (previous == current) {
      // The cluster stays ready, saying why.
      clusters.saveProgressForReconciler(
          cluster.id(), cluster.progress().withReason(Optional.of(message), now()));
      return StepResult.advance();
    }
    // Back through configuring: the orchestrator starts again whatever of the previous plan does
    // not run, then the readiness checks bring it to ready.
    Cluster restored =
        cluster.with(cluster.progress().withPlan(previous, now()).withoutPreviousPlan(now()));
    transition(restored, ClusterStatus.CONFIGURING, Optional.of(message), message);
    return StepResult.advance();
  }

  private StepResult destroy(Cluster cluster) {
    backend.delete(cluster.id().value());
    backend.removeLeftovers(cluster.id().value());
    clusters
        .storageReleasedForReconciler(cluster.id())
        .ifPresent(storage -> backend.deleteStorage(cluster.tenant(), storage));
    transition(cluster, ClusterStatus.DESTROYED, Optional.empty(), "every node stopped");
    wakeClustersWaitingForAdmission();
    return StepResult.idle();
  }

  private void failCluster(Cluster cluster, String reason) {
    backend.delete(cluster.id().value());
    transition(cluster, ClusterStatus.FAILED, Optional.of(reason), reason);
    wakeClustersWaitingForAdmission();
  }

  /**
   * Resources were freed: clusters waiting in scheduling are looked at now, not at their recheck.
   */
  private void wakeClustersWaitingForAdmission() {
    clusters.findNeedingReconcileForReconciler().stream()
        .filter(waiting -> waiting.status() == ClusterStatus.SCHEDULING)
        .forEach(waiting -> kernel.wake(waiting.id()));
  }

  /** Places the nodes of a cluster of this size and renders its plan from the placements. */
  private ClusterPlan planFor(Cluster cluster, Product product, User owner, int size) {
    ClusterAttachments attachments = clusters.attachmentsForReconciler(cluster.id());
    EngineSecret secret = clusters.engineSecret(cluster.id());
    ClusterPlanner.Context context =
        new ClusterPlanner.Context(
            cluster.id().value(),
            cluster.name(),
            owner.username(),
            secret,
            attachments.clientToken().orElseGet(() -> clientTokenOf(secret)),
            attachments
                .storage()
                .map(name -> backend.ensureStorage(cluster.tenant(), name))
                .orElse(""));
    Map<String, Object> options = cluster.spec().mergedOptions();
    List<PlacementRequest> requests =
        planner.placementRequests(product, options, size, context, cluster.tenant());
    Map<String, NodePlacement> placements = new LinkedHashMap<>();
    for (NodePlacement placement : backend.place(requests)) {
      placements.put(placement.node().nodeName(), placement);
    }
    return planner.plan(product, options, size, context, placements);
  }

  /**
   * The client token of a cluster that was given none: derived from its secret, so that an endpoint
   * that takes one (Spark Connect) is never left open, and known to nobody outside the platform.
   */
  private static String clientTokenOf(EngineSecret secret) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("client-token:" + secret.key()).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  private Optional<String> cannotRun(Cluster cluster, ClusterPlan plan) {
    for (NodeDefinition node : plan.definitions(cluster.id().value(), cluster.tenant())) {
      Optional<String> why = backend.cannotRun(node);
      if (why.isPresent()) {
        return why;
      }
    }
    return Optional.empty();
  }

  /**
   * Makes sure the nodes of groups started before orchestrator step {@code upTo} run: a node that
   * vanished while the control plane was down is started again.
   */
  private Optional<StepResult> ensureStartedNodesRun(Cluster cluster, ClusterPlan plan, int upTo) {
    for (int i = 0; i < Math.min(upTo, plan.orchestrator().size()); i++) {
      OrchestratorStep step = plan.orchestrator().get(i);
      if (step.action() != OrchestratorStep.Action.START) {
        continue;
      }
      for (ClusterPlan.PlannedNode node : plan.nodesOf(step.group())) {
        Optional<NodeState> state = backend.state(new NodeId(cluster.id().value(), node.name()));
        if (state.isPresent() && state.get() == NodeState.FAILED) {
          return Optional.of(
              StepResult.fail(
                  "node " + node.name() + " kept failing and was given up; see its log"));
        }
        if (state.isEmpty() || state.get() == NodeState.STOPPED) {
          Optional<StepResult> failed = ensureRunning(cluster, node);
          if (failed.isPresent()) {
            return failed;
          }
        }
      }
    }
    return Optional.empty();
  }

  private Optional<StepResult> ensureRunning(Cluster cluster, ClusterPlan.PlannedNode node) {
    try {
      backend.ensureRunning(node.definition(cluster.id().value(), cluster.tenant()));
      return Optional.empty();
    } catch (NodeStartException e) {
      log.warn("[cluster {}] node {} could not be started", cluster.id(), node.name(), e);
      return Optional.of(
          StepResult.fail("node " + node.name() + " could not be started: " + e.getMessage()));
    }
  }

  /** Advance when every node of the group is ready; wait (or fail past the timeout) otherwise. */
  private StepResult groupReadiness(Cluster cluster, ClusterPlan plan, String group) {
    // Nodes of a group often share one check (the master's count of workers): probe it once.
    Set<Readiness> passed = new HashSet<>();
    for (ClusterPlan.PlannedNode node : plan.nodesOf(group)) {
      Optional<NodeState> state = backend.state(new NodeId(cluster.id().value(), node.name()));
      if (state.isPresent() && state.get() == NodeState.FAILED) {
        return StepResult.fail(
            "node " + node.name() + " failed to start and was given up; see its log");
      }
      if (node.readiness() != null && passed.contains(node.readiness())) {
        continue;
      }
      ProbeResult probe = backend.probe(Optional.ofNullable(node.readiness()));
      if (!probe.ready()) {
        int timeout =
            Optional.ofNullable(plan.group(group).readiness())
                .map(Readiness::timeoutOrDefault)
                .orElse(Readiness.DEFAULT_TIMEOUT_SECONDS);
        Instant since = cluster.progress().stepStartedAt().orElse(now());
        if (Duration.between(since, now()).compareTo(Duration.ofSeconds(timeout)) > 0) {
          return StepResult.fail(
              group + " not ready after " + timeout + " s: " + node.name() + ": " + probe.detail());
        }
        return StepResult.waitFor(node.name() + ": " + probe.detail(), PROBE_INTERVAL);
      }
      if (node.readiness() != null) {
        passed.add(node.readiness());
      }
    }
    return StepResult.advance();
  }

  private void transition(
      Cluster cluster, ClusterStatus status, Optional<String> reason, String message) {
    ClusterProgress next = cluster.progress().withStatus(status, reason, now());
    clusters.saveProgressForReconciler(cluster.id(), next);
    String transition = cluster.status().wireName() + " → " + status.wireName();
    events.record(cluster, EventKind.STATUS, transition + ": " + message);
    log.info("[cluster {}] {} ({})", cluster.id(), transition, message);
  }

  /** Records a node's event with its cluster and wakes the cluster: the one path of node events. */
  private void onNodeEvent(NodeEvent event) {
    String clusterId = event.id().clusterId();
    if (!ClusterId.isValid(clusterId)) {
      return;
    }
    ClusterId id = new ClusterId(clusterId);
    Optional<Cluster> cluster = clusters.findForReconciler(id);
    if (cluster.isEmpty()) {
      return;
    }
    String message =
        event.message().isBlank()
            ? event.type().name().toLowerCase(Locale.ROOT).replace('_', ' ')
            : event.message();
    events.record(
        cluster.get(), EventKind.of(event.type()), Optional.of(event.id().nodeName()), message);
    kernel.wake(id);
  }

  private static Instant now() {
    return Timestamps.now();
  }
}
