package io.bdpaas.streaming;

import static java.util.Objects.requireNonNull;

import io.bdpaas.account.User;
import io.bdpaas.account.UserStore;
import io.bdpaas.engine.EngineClientException;
import io.bdpaas.engine.flink.FlinkCheckpoints;
import io.bdpaas.engine.flink.FlinkClient;
import io.bdpaas.engine.flink.FlinkJobDetails;
import io.bdpaas.engine.flink.FlinkTaskManagerInfo;
import io.bdpaas.event.EventKind;
import io.bdpaas.event.EventStore;
import io.bdpaas.event.ResourceKind;
import io.bdpaas.project.Project;
import io.bdpaas.project.ProjectId;
import io.bdpaas.project.ProjectService;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.Caller;
import io.bdpaas.tenancy.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Samples every running streaming application's job every two seconds for the monitor: reads the
 * operators' record counters ({@link JobLayout} says which, and what they add up to), the
 * application's latency gauge, back pressure and busyness, the cluster's TaskManagers and the job's
 * checkpoints from its project's Flink cluster; keeps the newest sample in memory and the history
 * ({@link StreamMetricsStore}, two hours, older rows deleted every minute); and records what
 * changed as the application's events: a TaskManager that started or was lost, a failed checkpoint,
 * an operator chain that runs (again).
 *
 * <p>What it remembers between samples (the previous counters, TaskManagers, checkpoint failures,
 * running vertices) lives in memory only: after a restart of the control plane the first sample of
 * each application learns them again without reporting them as changes.
 */
@Component
public class StreamMetricsSampler implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(StreamMetricsSampler.class);

  /** How often running applications are sampled. */
  static final Duration EVERY = Duration.ofSeconds(2);

  /** How long samples are kept. */
  static final Duration KEEP = Duration.ofHours(2);

  /** How often a kept layout is read again, for metrics registered after it was kept. */
  static final Duration LAYOUT_REFRESH = Duration.ofSeconds(30);

  /** How often samples older than {@link #KEEP} are deleted. */
  static final Duration PURGE_EVERY = Duration.ofMinutes(1);

  private final StreamAppStore apps;
  private final StreamMetricsStore metrics;
  private final UserStore users;
  private final ProjectService projects;
  private final StreamAppReconciler reconciler;
  private final EventStore events;
  private final Map<StreamAppId, Followed> followed = new ConcurrentHashMap<>();
  private ScheduledExecutorService timer;
  private volatile Instant startedAt = Instant.EPOCH;
  private Instant purgedAt = Instant.EPOCH;

  public StreamMetricsSampler(
      StreamAppStore apps,
      StreamMetricsStore metrics,
      UserStore users,
      ProjectService projects,
      StreamAppReconciler reconciler,
      EventStore events) {
    this.apps = apps;
    this.metrics = metrics;
    this.users = users;
    this.projects = projects;
    this.reconciler = reconciler;
    this.events = events;
  }

  /** The newest sample of an application, while it runs and once it was sampled. */
  public Optional<JobSample> latest(StreamAppId app) {
    return Optional.ofNullable(followed.get(app)).map(follow -> follow.latest);
  }

  /** Totals over the running applications sampled now: all of them, or one owner's. */
  public StreamTotals totals(Optional<UserId> owner) {
    int applications = 0;
    int operators = 0;
    double processed = 0;
    double emitted = 0;
    for (Followed follow : followed.values()) {
      JobSample sample = follow.latest;
      if (sample == null || owner.map(id -> !id.equals(follow.owner)).orElse(false)) {
        continue;
      }
      applications++;
      operators += sample.operators();
      if (sample.rates().isPresent()) {
        processed += sample.rates().get().processedPerSecond();
        emitted += sample.rates().get().emittedPerSecond();
      }
    }
    return new StreamTotals(applications, operators, processed, emitted);
  }

  /** The rates of each running application sampled now, with whose it is. */
  public List<AppRates> rates() {
    List<AppRates> rates = new ArrayList<>();
    followed.forEach(
        (app, follow) -> {
          JobSample sample = follow.latest;
          if (sample != null && sample.rates().isPresent()) {
            rates.add(
                new AppRates(
                    app,
                    follow.owner,
                    sample.rates().get().processedPerSecond(),
                    sample.rates().get().emittedPerSecond()));
          }
        });
    return rates;
  }

  /** One running application's records per second. */
  public record AppRates(
      StreamAppId app, UserId owner, double processedPerSecond, double emittedPerSecond) {}

  /** What the running applications do together. */
  public record StreamTotals(
      int applications, int operators, double processedPerSecond, double emittedPerSecond) {}

  @Override
  public synchronized void start() {
    startedAt = Timestamps.now();
    timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "stream-metrics");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleWithFixedDelay(
        this::tick, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
    followed.clear();
  }

  @Override
  public synchronized boolean isRunning() {
    return timer != null;
  }

  private void tick() {
    try {
      sampleAll();
      Instant now = Timestamps.now();
      if (!now.isBefore(purgedAt.plus(PURGE_EVERY))) {
        purgedAt = now;
        int deleted = metrics.deleteBefore(now.minus(KEEP));
        log.debug("deleted {} monitor samples older than {}", deleted, KEEP);
      }
    } catch (RuntimeException e) {
      log.warn("sampling streaming applications failed: {}", e.toString());
    }
  }

  /** Samples every application whose job runs or restarts, one project (cluster) at a time. */
  void sampleAll() {
    List<StreamApp> running = apps.runningForReconciler();
    Set<StreamAppId> ids = running.stream().map(StreamApp::id).collect(Collectors.toSet());
    followed.keySet().retainAll(ids);
    Map<ProjectId, List<StreamApp>> byProject =
        running.stream()
            .collect(
                Collectors.groupingBy(
                    StreamApp::projectId, LinkedHashMap::new, Collectors.toList()));
    byProject.forEach(
        (project, projectApps) -> {
          try {
            sampleProject(projectApps);
          } catch (EngineClientException e) {
            log.debug("[project {}] its JobManager cannot be reached: {}", project, e.getMessage());
          } catch (RuntimeException e) {
            log.info("[project {}] sampling its applications failed: {}", project, e.toString());
          }
        });
  }

  private void sampleProject(List<StreamApp> projectApps) {
    Optional<FlinkClient> client = client(projectApps.get(0));
    if (client.isEmpty()) {
      return;
    }
    List<FlinkTaskManagerInfo> taskManagers = client.get().taskManagers();
    for (StreamApp app : projectApps) {
      try {
        sample(app, client.get(), taskManagers);
      } catch (EngineClientException e) {
        log.debug("[app {}] its job could not be sampled: {}", app.id(), e.getMessage());
      } catch (RuntimeException e) {
        log.info("[app {}] sampling failed: {}", app.id(), e.toString());
      }
    }
  }

  private Optional<FlinkClient> client(StreamApp app) {
    Optional<User> owner = users.findById(app.ownerId());
    if (owner.isEmpty()) {
      return Optional.empty();
    }
    Caller caller = owner.get().asCaller();
    Project project = projects.get(caller, app.projectId());
    return reconciler.client(caller, project);
  }

  private void sample(StreamApp app, FlinkClient client, List<FlinkTaskManagerInfo> taskManagers) {
    Followed follow =
        followed.compute(
            app.id(),
            (id, known) ->
                known != null && known.jobId.equals(app.flinkJobId())
                    ? known
                    : new Followed(app.flinkJobId(), app.ownerId(), announcesRunningVertices(app)));
    Optional<FlinkJobDetails> found = client.findJob(follow.jobId);
    if (found.isEmpty()) {
      return;
    }
    FlinkJobDetails job = found.get();
    containers(app, follow, taskManagers);
    operatorsStarted(app, follow, job);

    JobLayout layout = layout(client, follow);
    Map<String, Map<String, Double>> values = new LinkedHashMap<>();
    for (JobLayout.VertexLayout vertex : layout.vertices()) {
      List<String> queries = vertex.queries();
      if (!queries.isEmpty()) {
        values.put(
            vertex.vertexId(), client.vertexMetrics(follow.jobId, vertex.vertexId(), queries));
      }
    }
    JobCounts counts = layout.count(values);
    FlinkCheckpoints checkpoints = client.checkpoints(follow.jobId);
    checkpointFailures(app, follow, checkpoints);

    Instant now = Timestamps.now();
    boolean running = job.state().equals("RUNNING");
    Optional<Throughput.Reading> reading = Optional.empty();
    if (running && counts.processed().isPresent() && counts.emitted().isPresent()) {
      Map<String, Long> vertexOut = new LinkedHashMap<>();
      counts
          .vertices()
          .forEach((id, vertex) -> vertex.recordsOut().ifPresent(out -> vertexOut.put(id, out)));
      reading =
          Optional.of(
              new Throughput.Reading(
                  follow.jobId, now, counts.processed().get(), counts.emitted().get(), vertexOut));
    }
    Optional<Throughput.Rates> rates =
        reading.flatMap(
            current ->
                Optional.ofNullable(follow.reading)
                    .flatMap(previous -> Throughput.between(previous, current)));
    follow.reading = reading.orElse(null);

    JobSample previous = follow.latest;
    Optional<Long> processed =
        counts
            .processed()
            .or(() -> previous == null ? Optional.empty() : previous.processedTotal());
    Optional<Long> emitted =
        counts.emitted().or(() -> previous == null ? Optional.empty() : previous.emittedTotal());
    follow.latest =
        new JobSample(
            follow.jobId,
            now,
            job.state(),
            processed,
            emitted,
            rates,
            counts,
            job.vertices().size(),
            layout.plan().operatorCount(),
            taskManagers.size(),
            taskManagers.stream().mapToInt(FlinkTaskManagerInfo::slots).sum(),
            taskManagers.stream().mapToInt(FlinkTaskManagerInfo::freeSlots).sum(),
            taskManagers.stream().mapToLong(FlinkTaskManagerInfo::processMemoryBytes).sum(),
            checkpoints);

    // The history holds a point per sample with a rate; while the job restarts, nothing flows.
    if (rates.isPresent() || (!running && processed.isPresent() && emitted.isPresent())) {
      metrics.insert(
          app.id(),
          new MetricPoint(
              now,
              Math.max(0, processed.orElse(0L)),
              Math.max(0, emitted.orElse(0L)),
              rates.map(Throughput.Rates::processedPerSecond).orElse(0.0),
              rates.map(Throughput.Rates::emittedPerSecond).orElse(0.0),
              counts.latencyMs(),
              counts.backpressurePercent(),
              counts.busyPercent()));
    }
  }

  /**
   * The job's layout: read from the cluster until complete, then kept, and read again every {@link
   * #LAYOUT_REFRESH} for metrics an application registers late (its own gauges).
   */
  private JobLayout layout(FlinkClient client, Followed follow) {
    if (follow.layout != null
        && Duration.between(follow.layoutReadAt, Instant.now()).compareTo(LAYOUT_REFRESH) < 0) {
      return follow.layout;
    }
    if (follow.plan == null) {
      follow.plan = JobPlan.parse(client.plan(follow.jobId));
    }
    Map<String, List<String>> names = new LinkedHashMap<>();
    for (JobPlan.Vertex vertex : follow.plan.vertices()) {
      names.put(vertex.id(), client.vertexMetricNames(follow.jobId, vertex.id()));
    }
    JobLayout layout = JobLayout.of(follow.plan, names);
    if (layout.complete()) {
      follow.layout = layout;
      follow.layoutReadAt = Instant.now();
    }
    return layout;
  }

  /** Reports TaskManagers that joined or left the cluster since the previous sample. */
  private void containers(StreamApp app, Followed follow, List<FlinkTaskManagerInfo> taskManagers) {
    Map<String, FlinkTaskManagerInfo> now = new LinkedHashMap<>();
    taskManagers.forEach(taskManager -> now.put(taskManager.id(), taskManager));
    Map<String, FlinkTaskManagerInfo> before = follow.taskManagers;
    follow.taskManagers = now;
    if (before == null) {
      return;
    }
    now.forEach(
        (id, taskManager) -> {
          if (!before.containsKey(id)) {
            event(
                app,
                EventKind.CONTAINER_STARTED,
                Optional.of(id),
                "TaskManager "
                    + id
                    + " started on "
                    + MonitorGraph.hostOf(taskManager)
                    + " ("
                    + taskManager.slots()
                    + " slots)");
          }
        });
    before.forEach(
        (id, taskManager) -> {
          if (!now.containsKey(id)) {
            event(
                app,
                EventKind.CONTAINER_LOST,
                Optional.of(id),
                "TaskManager "
                    + id
                    + " on "
                    + MonitorGraph.hostOf(taskManager)
                    + " is gone from the cluster");
          }
        });
  }

  /**
   * Reports each vertex that runs in a new attempt: one that was not running at the previous
   * sample, or was deployed again (a new start time) since.
   */
  private void operatorsStarted(StreamApp app, Followed follow, FlinkJobDetails job) {
    Map<String, Instant> running = new LinkedHashMap<>();
    for (FlinkJobDetails.Vertex vertex : job.vertices()) {
      if (vertex.status().equals("RUNNING")) {
        running.put(vertex.id(), vertex.startTime().orElse(Instant.EPOCH));
      }
    }
    Map<String, Instant> before = follow.runningVertices;
    follow.runningVertices = running;
    if (before == null && !follow.announcesRunningVertices) {
      return;
    }
    for (FlinkJobDetails.Vertex vertex : job.vertices()) {
      Instant started = running.get(vertex.id());
      if (started != null && (before == null || !started.equals(before.get(vertex.id())))) {
        event(
            app,
            EventKind.OPERATOR_STARTED,
            Optional.empty(),
            vertex.name() + " runs (parallelism " + vertex.parallelism() + ")");
      }
    }
  }

  /** Reports a checkpoint that failed since the previous sample, with Flink's reason. */
  private void checkpointFailures(StreamApp app, Followed follow, FlinkCheckpoints checkpoints) {
    long failedBefore = follow.checkpointsFailed;
    Optional<Long> latestBefore = follow.latestFailed;
    follow.checkpointsFailed = checkpoints.failed();
    follow.latestFailed = checkpoints.latestFailed().map(FlinkCheckpoints.Failed::id);
    if (failedBefore < 0 || checkpoints.failed() <= failedBefore) {
      return;
    }
    // A checkpoint Flink refused to even trigger (tasks still deploying) counts as failed without
    // becoming the latest failed one: only a checkpoint that started and failed is reported.
    checkpoints
        .latestFailed()
        .filter(failed -> !latestBefore.equals(Optional.of(failed.id())))
        .ifPresent(
            failed ->
                event(
                    app,
                    EventKind.CHECKPOINT,
                    Optional.empty(),
                    "checkpoint "
                        + failed.id()
                        + " failed: "
                        + failed.failureMessage().orElse("Flink gave no reason")
                        + " ("
                        + checkpoints.failed()
                        + " failed since the job started)"));
  }

  private void event(StreamApp app, EventKind kind, Optional<String> node, String message) {
    events.append(ResourceKind.STREAM_APP, app.id().value(), app.ownerId(), kind, node, message);
    log.info("[app {}] {}", app.id(), message);
  }

  /**
   * Whether the first sample reports the vertices that already run: yes for an application that
   * started while this sampler ran (it simply had not been sampled yet), no for one that ran before
   * the control plane started (its vertices may have run for hours).
   */
  private boolean announcesRunningVertices(StreamApp app) {
    return app.startedAt().map(started -> !started.isBefore(startedAt)).orElse(true);
  }

  /** What the sampler remembers of one application's job between samples. */
  private static final class Followed {
    final String jobId;
    final UserId owner;
    final boolean announcesRunningVertices;
    JobPlan plan;
    JobLayout layout;
    Instant layoutReadAt = Instant.EPOCH;
    Throughput.Reading reading;
    Map<String, FlinkTaskManagerInfo> taskManagers;
    Map<String, Instant> runningVertices;
    long checkpointsFailed = -1;
    Optional<Long> latestFailed = Optional.empty();
    volatile JobSample latest;

    Followed(String jobId, UserId owner, boolean announcesRunningVertices) {
      this.owner = owner;
      this.jobId = requireNonNull(jobId, "jobId is null");
      this.announcesRunningVertices = announcesRunningVertices;
    }
  }
}
