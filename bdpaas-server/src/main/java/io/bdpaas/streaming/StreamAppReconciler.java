package io.bdpaas.streaming;

import io.bdpaas.account.User;
import io.bdpaas.account.UserStore;
import io.bdpaas.backend.NodeEvent;
import io.bdpaas.backend.NodeEventListener;
import io.bdpaas.backend.NodeEventRelay;
import io.bdpaas.cluster.ClusterId;
import io.bdpaas.cluster.ClusterService;
import io.bdpaas.cluster.ClusterStatus;
import io.bdpaas.cluster.ClusterSummary;
import io.bdpaas.engine.EngineAddresses;
import io.bdpaas.engine.EngineClientException;
import io.bdpaas.engine.EngineHttp;
import io.bdpaas.engine.EngineHttpStatusException;
import io.bdpaas.engine.flink.FlinkClient;
import io.bdpaas.engine.flink.FlinkJobDetails;
import io.bdpaas.engine.flink.FlinkJobException;
import io.bdpaas.engine.flink.FlinkRunRequest;
import io.bdpaas.engine.flink.FlinkSavepointStatus;
import io.bdpaas.event.EventKind;
import io.bdpaas.event.EventStore;
import io.bdpaas.event.ResourceKind;
import io.bdpaas.project.Project;
import io.bdpaas.project.ProjectService;
import io.bdpaas.reconcile.ReconcileKernel;
import io.bdpaas.reconcile.StepResult;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.Caller;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Drives launched applications on their projects' Flink clusters, one step at a time on a {@link
 * ReconcileKernel}: uploads the package's jar to the JobManager and submits the job under the id
 * the application was given at launch (so that a control plane that dies mid-submission finds the
 * job again rather than submitting it twice), follows the job's state, stops it with a savepoint
 * (kept in the savepoint catalog) or cancels it when its owner asks, and records what happened as
 * the application's events.
 */
@Component
public class StreamAppReconciler implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(StreamAppReconciler.class);

  /** How often a running job's state is read. */
  private static final Duration FOLLOW = Duration.ofSeconds(2);

  /** How often while something changes: launching, stopping. */
  private static final Duration CHANGING = Duration.ofMillis(500);

  private static final Duration WAIT = Duration.ofSeconds(3);

  /** The node events an application's event stream shows: its containers lost and back. */
  private static final Set<NodeEvent.Type> CONTAINER_EVENTS =
      EnumSet.of(
          NodeEvent.Type.EXITED,
          NodeEvent.Type.RESTARTED,
          NodeEvent.Type.GAVE_UP,
          NodeEvent.Type.START_FAILED);

  private final StreamAppStore apps;
  private final SavepointStore savepoints;
  private final PackageService packages;
  private final ProjectService projects;
  private final ClusterService clusters;
  private final UserStore users;
  private final EventStore events;
  private final NodeEventRelay nodeEvents;
  private final StreamLogLevelStore logLevels;
  private final StreamLogConfig logConfig;
  private final EngineAddresses addresses;
  private final NodeEventListener nodeEventListener = this::onNodeEvent;
  private final ReconcileKernel<StreamAppId> kernel;
  private final Map<ClusterId, FlinkClient> clients = new ConcurrentHashMap<>();
  private final Map<StreamAppId, Instant> restartsSeen = new ConcurrentHashMap<>();
  // Clusters with a node (re)started since: its log configuration is its template's again.
  private final Set<ClusterId> logConfigDue = ConcurrentHashMap.newKeySet();
  private volatile boolean running;

  public StreamAppReconciler(
      StreamAppStore apps,
      SavepointStore savepoints,
      PackageService packages,
      ProjectService projects,
      ClusterService clusters,
      UserStore users,
      EventStore events,
      NodeEventRelay nodeEvents,
      StreamLogLevelStore logLevels,
      StreamLogConfig logConfig,
      EngineAddresses addresses,
      ReconcileKernel.Settings kernelSettings) {
    this.addresses = addresses;
    this.apps = apps;
    this.savepoints = savepoints;
    this.packages = packages;
    this.projects = projects;
    this.clusters = clusters;
    this.users = users;
    this.events = events;
    this.nodeEvents = nodeEvents;
    this.logLevels = logLevels;
    this.logConfig = logConfig;
    this.kernel =
        new ReconcileKernel<>(
            "stream-app", this::reconcile, apps::activeForReconciler, kernelSettings);
  }

  @Override
  public void start() {
    nodeEvents.subscribe(nodeEventListener);
    kernel.start();
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    nodeEvents.unsubscribe(nodeEventListener);
    kernel.close();
  }

  /**
   * A process of a cluster that runs applications exited or came back (the supervisor sees it at
   * once, before Flink's heartbeat timeout does): each of those applications records it and takes
   * its next step now.
   */
  private void onNodeEvent(NodeEvent event) {
    if (!CONTAINER_EVENTS.contains(event.type()) || !ClusterId.isValid(event.id().clusterId())) {
      return;
    }
    if (event.type() == NodeEvent.Type.RESTARTED) {
      logConfigDue.add(new ClusterId(event.id().clusterId()));
    }
    for (StreamApp app : apps.activeOnClusterForReconciler(new ClusterId(event.id().clusterId()))) {
      events.append(
          ResourceKind.STREAM_APP,
          app.id().value(),
          app.ownerId(),
          EventKind.of(event.type()),
          Optional.of(event.id().nodeName()),
          event.id().nodeName()
              + ": "
              + (event.message().isBlank()
                  ? event.type().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                  : event.message()));
      kernel.wake(app.id());
    }
  }

  /** What its reconcile kernel does now, for the platform's health. */
  public ReconcileKernel.Stats kernelStats() {
    return kernel.stats();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Asks for the application's next step now (it was launched, or its owner asked something). */
  public void wakeUp(StreamAppId app) {
    kernel.wake(app);
  }

  /** The Flink REST client of a project's running cluster, for reads on its owner's behalf. */
  public Optional<FlinkClient> client(Caller caller, Project project) {
    return projects
        .clusterSummary(caller, project)
        .filter(cluster -> cluster.status() == ClusterStatus.READY)
        .flatMap(cluster -> client(caller, cluster));
  }

  StepResult reconcile(StreamAppId id) {
    Optional<StreamApp> found = apps.findForReconciler(id);
    if (found.isEmpty() || !found.get().state().isActive()) {
      return StepResult.idle();
    }
    StreamApp app = found.get();
    Optional<User> owner = users.findById(app.ownerId());
    if (owner.isEmpty()) {
      end(app, StreamApp.State.FAILED, Optional.empty(), "its owner's account is gone");
      return StepResult.idle();
    }
    Caller caller = owner.get().asCaller();
    app.clusterId().filter(logConfigDue::remove).ifPresent(cluster -> applyLogConfig(app, cluster));
    Optional<Project> project = findProject(caller, app);
    if (project.isEmpty()) {
      end(app, StreamApp.State.KILLED, Optional.empty(), "its project was deleted");
      return StepResult.idle();
    }
    boolean submitted = app.flinkJarId().isPresent();
    if (!submitted && app.desired() != StreamApp.Desired.RUNNING) {
      end(app, StreamApp.State.KILLED, Optional.empty(), "stopped before it was launched");
      return StepResult.idle();
    }
    if (!project.get().running()) {
      if (submitted) {
        end(
            app,
            StreamApp.State.FAILED,
            Optional.empty(),
            "the project was stopped while the application ran: launch it again (its"
                + " checkpoints and savepoints are kept)");
        return StepResult.idle();
      }
      return waiting(
          app, "the project " + project.get().name() + " is stopped: start it to launch this");
    }
    Optional<ClusterSummary> cluster = projects.clusterSummary(caller, project.get());
    if (submitted && (cluster.isEmpty() || !cluster.get().id().equals(app.clusterId().get()))) {
      app.clusterId().ifPresent(clients::remove);
      end(
          app,
          StreamApp.State.FAILED,
          Optional.empty(),
          "the cluster it ran on is gone: launch it again");
      return StepResult.idle();
    }
    if (cluster.isEmpty() || cluster.get().status() != ClusterStatus.READY) {
      return waiting(
          app,
          "waiting for the project's cluster"
              + cluster.map(c -> " " + c.id() + " (" + c.status().wireName() + ")").orElse(""));
    }
    Optional<FlinkClient> client = client(caller, cluster.get());
    if (client.isEmpty()) {
      return waiting(app, "the project's cluster has no Flink REST endpoint yet");
    }
    try {
      if (app.state() == StreamApp.State.LAUNCHING && app.startedAt().isEmpty()) {
        Optional<FlinkJobDetails> job = client.get().findJob(app.flinkJobId());
        if (job.isEmpty()) {
          return launch(app, cluster.get(), client.get());
        }
        return follow(app, client.get(), job.get());
      }
      Optional<FlinkJobDetails> job = client.get().findJob(app.flinkJobId());
      if (job.isEmpty()) {
        end(
            app,
            StreamApp.State.FAILED,
            Optional.empty(),
            "the cluster no longer knows job " + app.flinkJobId() + ": launch it again");
        return StepResult.idle();
      }
      return follow(app, client.get(), job.get());
    } catch (EngineClientException e) {
      log.info("[app {}] the JobManager cannot be reached: {}", app.id(), e.getMessage());
      return StepResult.waitFor("the JobManager cannot be reached: " + e.getMessage(), WAIT);
    }
  }

  /** Uploads the jar (once per cluster) and submits the job under the application's job id. */
  private StepResult launch(StreamApp app, ClusterSummary cluster, FlinkClient client) {
    String jarId;
    if (app.flinkJarId().isPresent() && app.clusterId().equals(Optional.of(cluster.id()))) {
      jarId = app.flinkJarId().get();
    } else {
      Optional<Path> jar = app.packageId().flatMap(packages::jarForReconciler);
      if (jar.isEmpty()) {
        end(
            app,
            StreamApp.State.FAILED,
            Optional.empty(),
            "package " + app.packageName() + " " + app.packageVersion() + " is gone");
        return StepResult.idle();
      }
      jarId = client.uploadJar(jar.get());
      apps.jarUploadedForReconciler(app.id(), cluster.id(), jarId);
    }
    FlinkRunRequest request =
        new FlinkRunRequest(
            app.entryClass(),
            app.settings().programArguments(),
            OptionalInt.of(app.settings().parallelism()),
            app.restoreFrom(),
            false,
            Map.of(),
            Optional.of(app.flinkJobId()));
    try {
      client.runJar(jarId, request);
    } catch (EngineClientException e) {
      if (client.findJob(app.flinkJobId()).isPresent()) {
        return StepResult.advance(); // submitted after all (the answer was lost)
      }
      // Flink refuses a job it cannot run with a 4xx, or a 500 when running its main failed
      // (an unknown entry class): either way, trying again does not help.
      if (e instanceof EngineHttpStatusException refused
          && (refused.statusCode() / 100 == 4 || refused.statusCode() == 500)) {
        end(
            app,
            StreamApp.State.FAILED,
            Optional.empty(),
            "Flink refused the job: " + e.getMessage());
        return StepResult.idle();
      }
      throw e;
    }
    events.append(
        ResourceKind.STREAM_APP,
        app.id().value(),
        app.ownerId(),
        EventKind.STATUS,
        Optional.empty(),
        "launched as Flink job "
            + app.flinkJobId()
            + " on cluster "
            + cluster.id()
            + app.restoreFrom().map(path -> " from savepoint " + path).orElse(""));
    log.info("[app {}] submitted as job {} to {}", app.id(), app.flinkJobId(), cluster.id());
    if (!logLevels.of(app.id()).isEmpty()) {
      // Levels set while it waited for its cluster: its nodes get them now.
      applyLogConfig(app, cluster.id());
    }
    return StepResult.waitFor("launching", CHANGING);
  }

  /** Takes the job's state, and acts on what the owner asked for. */
  private StepResult follow(StreamApp app, FlinkClient client, FlinkJobDetails job) {
    String engineState = job.state();
    switch (engineState) {
      case "FAILED" -> {
        end(app, StreamApp.State.FAILED, Optional.of(engineState), failureOf(client, app));
        return StepResult.idle();
      }
      case "CANCELED" -> {
        end(
            app,
            StreamApp.State.KILLED,
            Optional.of(engineState),
            app.desired() == StreamApp.Desired.KILLED
                ? "killed"
                : "its job was cancelled outside the platform");
        return StepResult.idle();
      }
      case "FINISHED" -> {
        if (app.stopRequest().isPresent()) {
          return stopping(app, client, engineState);
        }
        end(app, StreamApp.State.FINISHED, Optional.of(engineState), "its job finished");
        return StepResult.idle();
      }
      case "SUSPENDED" -> {
        end(
            app,
            StreamApp.State.FAILED,
            Optional.of(engineState),
            "its job was suspended by the JobManager");
        return StepResult.idle();
      }
      default -> {
        // running, or on its way somewhere
      }
    }
    // While a shutdown or kill is under way, the job still running is no news.
    StreamApp.State state =
        app.desired() != StreamApp.Desired.RUNNING && app.state() == StreamApp.State.STOPPING
            ? StreamApp.State.STOPPING
            : stateOf(engineState);
    if (state != app.state() || !engineState.equals(app.engineState().orElse(""))) {
      changed(app, state, engineState);
    }
    restarts(app, client, job);
    if (app.desired() == StreamApp.Desired.KILLED) {
      if (!"CANCELLING".equals(engineState)) {
        client.cancel(app.flinkJobId());
        apps.stateForReconciler(
            app.id(),
            StreamApp.State.STOPPING,
            Optional.of(engineState),
            Optional.empty(),
            Optional.empty());
      }
      return StepResult.waitFor("killing", CHANGING);
    }
    if (app.desired() == StreamApp.Desired.SHUTDOWN) {
      if (app.stopRequest().isPresent()) {
        return stopping(app, client, engineState);
      }
      if ("RUNNING".equals(engineState)) {
        String request = client.stopWithSavepoint(app.flinkJobId(), Optional.empty(), false);
        apps.stopRequestForReconciler(app.id(), Optional.of(request));
        apps.stateForReconciler(
            app.id(),
            StreamApp.State.STOPPING,
            Optional.of(engineState),
            Optional.empty(),
            Optional.empty());
        events.append(
            ResourceKind.STREAM_APP,
            app.id().value(),
            app.ownerId(),
            EventKind.SAVEPOINT,
            Optional.empty(),
            "shutting down: taking a savepoint, then stopping the job");
        return StepResult.waitFor("stopping with a savepoint", CHANGING);
      }
      return StepResult.waitFor(
          "the job must run before it can stop with a savepoint (it is " + engineState + ")",
          CHANGING);
    }
    return StepResult.waitFor("following", state == StreamApp.State.RUNNING ? FOLLOW : CHANGING);
  }

  /** A stop with a savepoint under way: done when the savepoint is, failed when it failed. */
  private StepResult stopping(StreamApp app, FlinkClient client, String engineState) {
    FlinkSavepointStatus status =
        client.savepointStatus(app.flinkJobId(), app.stopRequest().orElseThrow());
    if (status instanceof FlinkSavepointStatus.InProgress) {
      return StepResult.waitFor("taking the savepoint", CHANGING);
    }
    if (status instanceof FlinkSavepointStatus.Completed completed) {
      String path = completed.location();
      boolean known =
          savepoints
              .list(
                  caller(app),
                  app.projectId(),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.of(app.id()),
                  new io.bdpaas.api.PageRequest(0, 100))
              .items()
              .stream()
              .anyMatch(savepoint -> savepoint.path().equals(path));
      if (!known) {
        savepoints.insert(
            new Savepoint(
                SavepointId.random(),
                app.id(),
                app.projectId(),
                app.ownerId(),
                app.packageName(),
                app.application(),
                path,
                Savepoint.Kind.SHUTDOWN,
                Timestamps.now()));
        events.append(
            ResourceKind.STREAM_APP,
            app.id().value(),
            app.ownerId(),
            EventKind.SAVEPOINT,
            Optional.empty(),
            "savepoint taken: " + path);
      }
      if (!"FINISHED".equals(engineState)) {
        return StepResult.waitFor("the job stops after its savepoint", CHANGING);
      }
      end(
          app,
          StreamApp.State.SHUTDOWN,
          Optional.of(engineState),
          "shut down with savepoint " + path);
      return StepResult.idle();
    }
    String why = ((FlinkSavepointStatus.Failed) status).reason();
    apps.stopRequestForReconciler(app.id(), Optional.empty());
    apps.desiredForReconciler(app.id(), StreamApp.Desired.RUNNING);
    apps.stateForReconciler(
        app.id(),
        stateOf(engineState),
        Optional.of(engineState),
        Optional.of("the shutdown failed, the job goes on: " + why),
        Optional.empty());
    events.append(
        ResourceKind.STREAM_APP,
        app.id().value(),
        app.ownerId(),
        EventKind.SAVEPOINT,
        Optional.empty(),
        "the savepoint failed, so the job was not stopped: " + why);
    return StepResult.advance();
  }

  private void changed(StreamApp app, StreamApp.State state, String engineState) {
    Optional<Instant> started =
        state == StreamApp.State.RUNNING ? Optional.of(Timestamps.now()) : Optional.empty();
    apps.stateForReconciler(app.id(), state, Optional.of(engineState), Optional.empty(), started);
    if (state != app.state()) {
      String message =
          app.state().wireName() + " → " + state.wireName() + " (Flink: " + engineState + ")";
      events.append(
          ResourceKind.STREAM_APP,
          app.id().value(),
          app.ownerId(),
          EventKind.STATUS,
          Optional.empty(),
          message);
      log.info("[app {}] {}", app.id(), message);
    }
  }

  /**
   * Records each restart of the job once, with its cause: Flink stamps the last time the job
   * entered RESTARTING, which a poll every 2 s sees even when the restart itself took less. What
   * was seen is kept in memory: after a control plane restart, the first look only learns it.
   */
  private void restarts(StreamApp app, FlinkClient client, FlinkJobDetails job) {
    Instant restarting = job.stateTimestamps().getOrDefault("RESTARTING", Instant.EPOCH);
    Instant seen = restartsSeen.put(app.id(), restarting);
    boolean learnt =
        seen == null
            && (restarting.equals(Instant.EPOCH) || app.state() != StreamApp.State.LAUNCHING);
    if (learnt || restarting.equals(seen)) {
      return;
    }
    String message = "the job restarts from its last checkpoint after: " + failureOf(client, app);
    events.append(
        ResourceKind.STREAM_APP,
        app.id().value(),
        app.ownerId(),
        EventKind.RESTART,
        Optional.empty(),
        message);
    log.info("[app {}] {}", app.id(), message);
  }

  private static StreamApp.State stateOf(String engineState) {
    return switch (engineState) {
      case "RUNNING" -> StreamApp.State.RUNNING;
      case "RESTARTING", "FAILING" -> StreamApp.State.RESTARTING;
      case "CANCELLING" -> StreamApp.State.STOPPING;
      default -> StreamApp.State.LAUNCHING; // CREATED, INITIALIZING, RECONCILING
    };
  }

  /** The newest failure Flink keeps for the job, as one readable line. */
  private static String failureOf(FlinkClient client, StreamApp app) {
    try {
      List<FlinkJobException> exceptions = client.exceptions(app.flinkJobId());
      if (exceptions.isEmpty()) {
        return "no cause given by Flink";
      }
      FlinkJobException newest = exceptions.get(0);
      return newest.exceptionName()
          + ": "
          + newest.message()
          + newest.taskName().map(task -> " (in " + task + ")").orElse("");
    } catch (EngineClientException e) {
      return "its cause could not be read: " + e.getMessage();
    }
  }

  private StepResult waiting(StreamApp app, String why) {
    if (!why.equals(app.message().orElse(""))) {
      apps.stateForReconciler(
          app.id(),
          StreamApp.State.LAUNCHING,
          app.engineState(),
          Optional.of(why),
          Optional.empty());
    }
    return StepResult.waitFor(why, WAIT);
  }

  private void end(
      StreamApp app, StreamApp.State state, Optional<String> engineState, String message) {
    restartsSeen.remove(app.id());
    if (!apps.endForReconciler(app.id(), state, engineState, Optional.of(message))) {
      return;
    }
    events.append(
        ResourceKind.STREAM_APP,
        app.id().value(),
        app.ownerId(),
        state == StreamApp.State.FAILED ? EventKind.FAILURE : EventKind.STATUS,
        Optional.empty(),
        app.state().wireName() + " → " + state.wireName() + ": " + message);
    log.info("[app {}] {}: {}", app.id(), state.wireName(), message);
    if (logLevels.removeAll(app.id()) > 0) {
      // Its levels end with it: the cluster's nodes keep only those of the others still running.
      app.clusterId().ifPresent(cluster -> applyLogConfig(app, cluster));
    }
  }

  private void applyLogConfig(StreamApp app, ClusterId cluster) {
    try {
      logConfig.apply(caller(app), cluster);
    } catch (RuntimeException e) {
      log.warn(
          "[app {}] the log levels of cluster {} were not written: {}",
          app.id(),
          cluster,
          e.toString());
    }
  }

  private Optional<Project> findProject(Caller caller, StreamApp app) {
    try {
      return Optional.of(projects.get(caller, app.projectId()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private Caller caller(StreamApp app) {
    return users.findById(app.ownerId()).orElseThrow().asCaller();
  }

  private Optional<FlinkClient> client(Caller caller, ClusterSummary cluster) {
    String rest = cluster.endpoints().get("rest");
    if (rest == null) {
      return Optional.empty();
    }
    FlinkClient cached = clients.get(cluster.id());
    if (cached != null) {
      return Optional.of(cached);
    }
    return clusters
        .engineTls(caller, cluster.id())
        .map(
            tls ->
                clients.computeIfAbsent(
                    cluster.id(),
                    id ->
                        new FlinkClient(
                            EngineHttp.create(tls).reaching(addresses), URI.create(rest))));
  }
}
