package io.bdpaas.streaming;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.engine.EngineClientException;
import io.bdpaas.engine.flink.FlinkClient;
import io.bdpaas.engine.flink.FlinkJobDetails;
import io.bdpaas.engine.flink.FlinkTaskManagerInfo;
import io.bdpaas.engine.flink.FlinkVertexDetails;
import io.bdpaas.project.ProjectId;
import io.bdpaas.project.ProjectService;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.Caller;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The live monitor of a launched application: its newest numbers, the history the platform keeps of
 * them, and its job's DAG and physical view read from its cluster. Every read resolves the
 * application on the caller's behalf first, so others' applications are not found.
 */
@Service
public class StreamMonitorService {
  /** The longest history a caller can ask for, in minutes (the platform keeps two hours). */
  static final int MAX_MINUTES = 120;

  private final StreamAppService apps;
  private final StreamMetricsSampler sampler;
  private final StreamMetricsStore metrics;
  private final ProjectService projects;
  private final StreamAppReconciler reconciler;

  public StreamMonitorService(
      StreamAppService apps,
      StreamMetricsSampler sampler,
      StreamMetricsStore metrics,
      ProjectService projects,
      StreamAppReconciler reconciler) {
    this.apps = apps;
    this.sampler = sampler;
    this.metrics = metrics;
    this.projects = projects;
    this.reconciler = reconciler;
  }

  /**
   * An application's newest numbers.
   *
   * @param sample the newest sample, while its job runs and once it was sampled
   * @param lastKept the newest kept point when there is no sample (the job ended, or the control
   *     plane restarted a moment ago)
   */
  record Overview(StreamApp app, Optional<JobSample> sample, Optional<MetricPoint> lastKept) {}

  public Overview overview(Caller caller, ProjectId projectId, StreamAppId id) {
    StreamApp app = apps.get(caller, projectId, id);
    Optional<JobSample> sample =
        sampler.latest(id).filter(latest -> latest.jobId().equals(app.flinkJobId()));
    return new Overview(app, sample, sample.isPresent() ? Optional.empty() : metrics.latest(app));
  }

  /** The kept samples of the last {@code minutes} (1 to {@value #MAX_MINUTES}), oldest first. */
  public List<MetricPoint> history(
      Caller caller, ProjectId projectId, StreamAppId id, int minutes) {
    StreamApp app = apps.get(caller, projectId, id);
    if (minutes < 1 || minutes > MAX_MINUTES) {
      throw BdpaasException.invalid(
          "minutes", "must be from 1 to " + MAX_MINUTES + ", not " + minutes);
    }
    return metrics.since(app, Timestamps.now().minus(Duration.ofMinutes(minutes)));
  }

  /**
   * The application's job as its cluster runs it now: DAG and physical view.
   *
   * @throws BdpaasException CONFLICT when the application is not running on a cluster, or its
   *     JobManager cannot be reached
   */
  public MonitorGraph graph(Caller caller, ProjectId projectId, StreamAppId id) {
    StreamApp app = apps.get(caller, projectId, id);
    if (app.state() != StreamApp.State.RUNNING && app.state() != StreamApp.State.RESTARTING) {
      throw notRunning(app, "it is " + app.state().wireName());
    }
    FlinkClient client =
        reconciler
            .client(caller, projects.get(caller, projectId))
            .orElseThrow(() -> notRunning(app, "its project's cluster is not ready"));
    try {
      FlinkJobDetails job =
          client
              .findJob(app.flinkJobId())
              .orElseThrow(
                  () -> notRunning(app, "its cluster does not know job " + app.flinkJobId()));
      JobPlan plan = JobPlan.parse(client.plan(job.id()));
      List<FlinkVertexDetails> subtasks = new ArrayList<>();
      for (FlinkJobDetails.Vertex vertex : job.vertices()) {
        subtasks.add(client.vertex(job.id(), vertex.id()));
      }
      List<FlinkTaskManagerInfo> taskManagers = client.taskManagers();
      return MonitorGraph.of(plan, job, subtasks, taskManagers, sampler.latest(id));
    } catch (EngineClientException e) {
      throw new BdpaasException(
          ErrorCode.CONFLICT,
          "Application " + id + "'s JobManager cannot be reached now: " + e.getMessage());
    }
  }

  private static BdpaasException notRunning(StreamApp app, String why) {
    return new BdpaasException(
        ErrorCode.CONFLICT, "Application " + app.id() + " is not running on a cluster: " + why);
  }
}
