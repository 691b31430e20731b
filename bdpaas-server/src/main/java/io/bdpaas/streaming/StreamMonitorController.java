package io.bdpaas.streaming;

import io.bdpaas.engine.flink.FlinkCheckpoints;
import io.bdpaas.project.ProjectId;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The live monitor of a launched application: {@code
 * /api/v1/projects/{streamingProjectId}/applications/{appId}/overview}, {@code .../metrics} and
 * {@code .../graph}. Numbers are sampled every two seconds while the application runs; rates come
 * from the difference of consecutive samples of the engine's counters.
 */
@RestController
@RequestMapping("/api/v1/projects/{streamingProjectId}/applications/{appId}")
@Tag(name = "Streaming monitor", description = "Live numbers, history, DAG and physical view")
public class StreamMonitorController {
  private static final long MEBIBYTE = 1024 * 1024;

  private final StreamMonitorService monitor;

  public StreamMonitorController(StreamMonitorService monitor) {
    this.monitor = monitor;
  }

  /**
   * An application's newest numbers; {@code sampledAt} is null (and counts 0) when it has not been
   * sampled, rates are null until two samples of its job were taken.
   */
  public record OverviewView(
      String appId,
      String state,
      String engineState,
      Long uptimeMs,
      Instant sampledAt,
      String jobState,
      Double processedPerSecond,
      Double emittedPerSecond,
      long processedTotal,
      long emittedTotal,
      Double latencyMs,
      Double backpressurePercent,
      Double busyPercent,
      int vertices,
      int operators,
      int taskManagers,
      int slotsTotal,
      int slotsAvailable,
      long allocatedMemoryMb,
      CheckpointsView checkpoints) {
    static OverviewView of(StreamMonitorService.Overview overview) {
      StreamApp app = overview.app();
      Long uptime = app.uptime(Timestamps.now()).map(Duration::toMillis).orElse(null);
      if (overview.sample().isPresent()) {
        JobSample sample = overview.sample().get();
        return new OverviewView(
            app.id().value(),
            app.state().wireName(),
            app.engineState().orElse(null),
            uptime,
            sample.sampledAt(),
            sample.jobState(),
            sample.rates().map(Throughput.Rates::processedPerSecond).orElse(null),
            sample.rates().map(Throughput.Rates::emittedPerSecond).orElse(null),
            sample.processedTotal().orElse(0L),
            sample.emittedTotal().orElse(0L),
            sample.counts().latencyMs().orElse(null),
            sample.counts().backpressurePercent().orElse(null),
            sample.counts().busyPercent().orElse(null),
            sample.vertices(),
            sample.operators(),
            sample.taskManagers(),
            sample.slotsTotal(),
            sample.slotsAvailable(),
            sample.allocatedMemoryBytes() / MEBIBYTE,
            CheckpointsView.of(Optional.of(sample.checkpoints())));
      }
      Optional<MetricPoint> kept = overview.lastKept();
      return new OverviewView(
          app.id().value(),
          app.state().wireName(),
          app.engineState().orElse(null),
          uptime,
          kept.map(MetricPoint::sampledAt).orElse(null),
          null,
          kept.map(MetricPoint::processedPerSecond).orElse(null),
          kept.map(MetricPoint::emittedPerSecond).orElse(null),
          kept.map(MetricPoint::processedTotal).orElse(0L),
          kept.map(MetricPoint::emittedTotal).orElse(0L),
          kept.flatMap(MetricPoint::latencyMs).orElse(null),
          kept.flatMap(MetricPoint::backpressurePercent).orElse(null),
          kept.flatMap(MetricPoint::busyPercent).orElse(null),
          0,
          0,
          0,
          0,
          0,
          0,
          CheckpointsView.of(Optional.empty()));
    }
  }

  /**
   * A job's checkpoints: counts since it was submitted, and the latest completed and failed one.
   */
  public record CheckpointsView(
      long completed,
      long failed,
      long inProgress,
      long restored,
      Long lastId,
      Instant lastAt,
      Long lastDurationMs,
      Long lastSizeBytes,
      Long lastFailedId,
      Instant lastFailedAt,
      String lastFailureMessage) {
    static CheckpointsView of(Optional<FlinkCheckpoints> checkpoints) {
      Optional<FlinkCheckpoints.Completed> last =
          checkpoints.flatMap(FlinkCheckpoints::latestCompleted);
      Optional<FlinkCheckpoints.Failed> failed =
          checkpoints.flatMap(FlinkCheckpoints::latestFailed);
      return new CheckpointsView(
          checkpoints.map(FlinkCheckpoints::completed).orElse(0L),
          checkpoints.map(FlinkCheckpoints::failed).orElse(0L),
          checkpoints.map(FlinkCheckpoints::inProgress).orElse(0L),
          checkpoints.map(FlinkCheckpoints::restored).orElse(0L),
          last.map(FlinkCheckpoints.Completed::id).orElse(null),
          last.map(FlinkCheckpoints.Completed::triggerTime).orElse(null),
          last.map(completed -> completed.endToEndDuration().toMillis()).orElse(null),
          last.map(FlinkCheckpoints.Completed::stateSize).orElse(null),
          failed.map(FlinkCheckpoints.Failed::id).orElse(null),
          failed.flatMap(FlinkCheckpoints.Failed::failureTime).orElse(null),
          failed.flatMap(FlinkCheckpoints.Failed::failureMessage).orElse(null));
    }
  }

  /** The kept samples, oldest first. */
  public record MetricsView(List<PointView> points) {}

  /** One kept sample; {@code t} is when it was taken. */
  public record PointView(
      Instant t,
      double processedPerSecond,
      double emittedPerSecond,
      Double latencyMs,
      Double backpressurePercent,
      Double busyPercent,
      long processedTotal,
      long emittedTotal) {
    static PointView of(MetricPoint point) {
      return new PointView(
          point.sampledAt(),
          point.processedPerSecond(),
          point.emittedPerSecond(),
          point.latencyMs().orElse(null),
          point.backpressurePercent().orElse(null),
          point.busyPercent().orElse(null),
          point.processedTotal(),
          point.emittedTotal());
    }
  }

  /** The job's DAG and where its subtasks run. */
  public record GraphView(
      String jobId,
      String jobState,
      Instant sampledAt,
      List<NodeView> nodes,
      List<EdgeView> edges,
      List<TaskManagerView> taskManagers,
      List<InstanceView> unassigned) {
    static GraphView of(MonitorGraph graph) {
      return new GraphView(
          graph.jobId(),
          graph.jobState(),
          graph.sampledAt().orElse(null),
          graph.nodes().stream().map(NodeView::of).toList(),
          graph.edges().stream().map(EdgeView::of).toList(),
          graph.taskManagers().stream().map(TaskManagerView::of).toList(),
          graph.unassigned().stream().map(InstanceView::of).toList());
    }
  }

  /** An operator chain (job vertex) with the operators inside it, head first. */
  public record NodeView(
      String id,
      String name,
      int parallelism,
      String status,
      boolean source,
      boolean sink,
      Long recordsIn,
      Long recordsOut,
      List<OperatorView> operators) {
    static NodeView of(MonitorGraph.Node node) {
      return new NodeView(
          node.id(),
          node.name(),
          node.parallelism(),
          node.status(),
          node.source(),
          node.sink(),
          node.recordsIn().orElse(null),
          node.recordsOut().orElse(null),
          node.operators().stream().map(OperatorView::of).toList());
    }
  }

  /** An operator inside a chain, with its records summed over the chain's subtasks. */
  public record OperatorView(String name, Long recordsIn, Long recordsOut) {
    static OperatorView of(JobCounts.OperatorCounts operator) {
      return new OperatorView(
          operator.name(), operator.recordsIn().orElse(null), operator.recordsOut().orElse(null));
    }
  }

  /** Records flow from one chain to another; the rate is what the source chain sends. */
  public record EdgeView(
      String source, String target, String shipStrategy, Double recordsPerSecond) {
    static EdgeView of(MonitorGraph.Link edge) {
      return new EdgeView(
          edge.source(), edge.target(), edge.shipStrategy(), edge.recordsPerSecond().orElse(null));
    }
  }

  /** A TaskManager with the subtasks it runs. */
  public record TaskManagerView(String id, String host, int slots, List<InstanceView> instances) {
    static TaskManagerView of(MonitorGraph.Container container) {
      return new TaskManagerView(
          container.id(),
          container.host(),
          container.slots(),
          container.instances().stream().map(InstanceView::of).toList());
    }
  }

  /** One subtask of a chain. */
  public record InstanceView(
      String vertexId, String vertexName, int subtask, String status, int attempt) {
    static InstanceView of(MonitorGraph.Instance instance) {
      return new InstanceView(
          instance.vertexId(),
          instance.vertexName(),
          instance.subtask(),
          instance.status(),
          instance.attempt());
    }
  }

  @GetMapping("/overview")
  @Operation(
      summary =
          "An application's newest numbers: state, uptime, records processed and emitted (totals"
              + " and per second), latency, back pressure, TaskManagers, memory, checkpoints")
  public OverviewView overview(
      Caller caller,
      @PathVariable("streamingProjectId") ProjectId id,
      @PathVariable("appId") String appId) {
    return OverviewView.of(monitor.overview(caller, id, StreamAppId.parse(appId)));
  }

  @GetMapping("/metrics")
  @Operation(
      summary =
          "The samples the platform kept of an application over the last minutes (1 to 120),"
              + " oldest first")
  public MetricsView metrics(
      Caller caller,
      @PathVariable("streamingProjectId") ProjectId id,
      @PathVariable("appId") String appId,
      @RequestParam(defaultValue = "60") int minutes) {
    return new MetricsView(
        monitor.history(caller, id, StreamAppId.parse(appId), minutes).stream()
            .map(PointView::of)
            .toList());
  }

  @GetMapping("/graph")
  @Operation(
      summary =
          "An application's job as it runs: the DAG of operator chains with records and rates,"
              + " and which subtasks run on which TaskManager (409 when it does not run)")
  public GraphView graph(
      Caller caller,
      @PathVariable("streamingProjectId") ProjectId id,
      @PathVariable("appId") String appId) {
    return GraphView.of(monitor.graph(caller, id, StreamAppId.parse(appId)));
  }
}
