package io.bdpaas.application;

import static java.util.Objects.requireNonNull;

import io.bdpaas.job.JobDefinition;
import io.bdpaas.job.JobRun;
import io.bdpaas.job.JobRunId;
import io.bdpaas.job.JobService;
import io.bdpaas.job.RunSparkDetails;
import io.bdpaas.job.SparkSettings;
import io.bdpaas.project.Project;
import io.bdpaas.project.ProjectService;
import io.bdpaas.streaming.StreamApp;
import io.bdpaas.streaming.StreamAppId;
import io.bdpaas.streaming.StreamAppService;
import io.bdpaas.tenancy.Caller;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What a running application holds and how far it has come, as YARN's list shows them (allocated
 * memory, progress), for the rows of one page: read for the running rows only, and a driver's
 * progress remembered for a few seconds, so that a list refreshed every 5 s by many pages asks each
 * driver at most once per refresh.
 */
@Component
public class ApplicationUsage {
  private static final Logger log = LoggerFactory.getLogger(ApplicationUsage.class);
  private static final Duration PROGRESS_KEPT = Duration.ofSeconds(4);

  /**
   * @param memoryMb memory allocated to it: a Spark jar run's driver and executors as its settings
   *     ask; a streaming application's share of its project's TaskManager heap (one slot each per
   *     degree of parallelism); none for a SQL or notebook run, which runs on its project's Connect
   *     server
   * @param progressPercent a running Spark jar run's completed tasks of the stages started so far;
   *     100 once finished; none for a streaming application, which has no end
   */
  public record Usage(Integer memoryMb, Integer progressPercent) {
    static final Usage NONE = new Usage(null, null);
  }

  private record Progress(Optional<Integer> percent, Instant at) {}

  private final JobService jobs;
  private final RunSparkDetails drivers;
  private final StreamAppService streamApps;
  private final ProjectService projects;
  private final Map<String, Progress> progress = new ConcurrentHashMap<>();

  public ApplicationUsage(
      JobService jobs,
      RunSparkDetails drivers,
      StreamAppService streamApps,
      ProjectService projects) {
    this.jobs = requireNonNull(jobs, "jobs is null");
    this.drivers = requireNonNull(drivers, "drivers is null");
    this.streamApps = requireNonNull(streamApps, "streamApps is null");
    this.projects = requireNonNull(projects, "projects is null");
  }

  /** The usage of each row, by id. */
  public Map<String, Usage> of(Caller caller, List<ApplicationRow> rows) {
    Instant now = Instant.now();
    progress.values().removeIf(kept -> kept.at().isBefore(now.minus(PROGRESS_KEPT)));
    Map<String, Usage> usage = new LinkedHashMap<>();
    for (ApplicationRow row : rows) {
      usage.put(row.id(), of(caller, row, now));
    }
    return usage;
  }

  private Usage of(Caller caller, ApplicationRow row, Instant now) {
    if (row.phase() == ApplicationRow.Phase.FINISHED) {
      return new Usage(null, 100);
    }
    if (row.phase() != ApplicationRow.Phase.RUNNING) {
      return Usage.NONE;
    }
    try {
      return switch (row.kind()) {
        case SPARK -> spark(jobs.getRun(caller, row.projectId(), new JobRunId(row.id())), now);
        case STREAMING ->
            streaming(
                streamApps.get(caller, row.projectId(), new StreamAppId(row.id())),
                projects.get(caller, row.projectId()));
      };
    } catch (RuntimeException e) {
      log.debug("[{}] no usage: {}", row.id(), e.toString()); // ended or deleted meanwhile
      return Usage.NONE;
    }
  }

  private Usage spark(JobRun run, Instant now) {
    if (run.definition().kindValue() != JobDefinition.Kind.JAR) {
      return Usage.NONE;
    }
    SparkSettings spark = run.definition().spark();
    int executors = Math.max(1, spark.maxCores() / Math.max(1, spark.executorCores()));
    int memory = spark.driverMemoryMb() + executors * spark.executorMemoryMb();
    Progress known = progress.get(run.id().value());
    if (known == null) {
      // Asked outside the map: a driver slow to answer holds up no other row's reader.
      known = new Progress(percentDone(run), now);
      progress.put(run.id().value(), known);
    }
    return new Usage(memory, known.percent().orElse(null));
  }

  private Optional<Integer> percentDone(JobRun run) {
    return drivers
        .of(run)
        .flatMap(
            details -> {
              long tasks = 0;
              long done = 0;
              for (RunSparkDetails.Stage stage : details.stages()) {
                tasks += stage.numTasks();
                done += stage.numCompleteTasks();
              }
              return tasks == 0 ? Optional.empty() : Optional.of((int) (100 * done / tasks));
            });
  }

  private static Usage streaming(StreamApp app, Project project) {
    Project.Size size = project.size();
    int perSlot = size.workerMemoryMb() / Math.max(1, size.workerCores());
    return new Usage(app.settings().parallelism() * perSlot, null);
  }
}
