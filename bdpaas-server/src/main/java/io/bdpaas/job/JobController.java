package io.bdpaas.job;

import io.bdpaas.api.AwaitedAnswer;
import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.api.Problem;
import io.bdpaas.api.ProblemResponses;
import io.bdpaas.api.WaitSeconds;
import io.bdpaas.engine.spark.SparkWorkerLogs;
import io.bdpaas.project.ProjectId;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;

/** Batch jobs of a project, their runs, and runs across the caller's projects. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Jobs", description = "Batch jobs of a Spark project and their runs")
public class JobController {
  private static final int MAX_LOG_CHUNK = 1024 * 1024;

  private final JobService jobs;
  private final JobRunLogs logs;
  private final RunSparkDetails details;
  private final JobRunWatch watch;
  private final ObjectMapper json;

  public JobController(
      JobService jobs,
      JobRunLogs logs,
      RunSparkDetails details,
      JobRunWatch watch,
      ObjectMapper json) {
    this.jobs = jobs;
    this.logs = logs;
    this.details = details;
    this.watch = watch;
    this.json = json;
  }

  /** A job as clients see it. */
  public record JobView(
      String id,
      String projectId,
      String name,
      String kind,
      JobDefinition definition,
      long version,
      boolean enabled,
      JobSchedule schedule,
      RunPolicy policy,
      Instant nextFireAt,
      List<Instant> upcoming,
      String scheduleNote,
      Instant createdAt,
      Instant updatedAt) {}

  /** How long a run spent in each phase, in milliseconds. */
  public record Phases(long pendingMs, Long queuedMs, Long runningMs) {}

  /** A run as clients see it. */
  public record RunView(
      String id,
      String jobId,
      String projectId,
      String jobName,
      long jobVersion,
      int attempt,
      String trigger,
      String state,
      String waiting,
      String error,
      boolean killRequested,
      Instant notBefore,
      String driverId,
      Instant createdAt,
      Instant acceptedAt,
      Instant startedAt,
      Instant endedAt,
      Long durationMs,
      Phases phases,
      JobDefinition definition) {}

  /** A range of a run's kept log. */
  public record LogChunk(
      String stream,
      String text,
      long offset,
      long next,
      long size,
      boolean complete,
      Instant purgedAt) {}

  @GetMapping("/projects/{projectId}/jobs")
  @Operation(summary = "List the project's jobs, last changed first")
  public Page<JobView> list(
      Caller caller,
      @PathVariable ProjectId projectId,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
    return jobs.list(caller, projectId, new PageRequest(page, size)).map(JobController::view);
  }

  @PostMapping(path = "/projects/{projectId}/jobs", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "Create a job: a jar of the project's files, a SQL script or a notebook",
      description =
          "definition.kind is jar (jar: a .jar among the project's files; mainClass, or the"
              + " manifest's Main-Class; arguments), sql (sql) or notebook (notebookId);"
              + " definition.spark sets driver and executor cores and memory, maxCores and extra"
              + " conf. The job must fit the project's cluster beside its Connect server.")
  public ResponseEntity<JobView> create(
      Caller caller,
      @PathVariable ProjectId projectId,
      @RequestBody JobService.JobRequest request) {
    Job job = jobs.create(caller, projectId, request);
    return ResponseEntity.created(URI.create("/api/v1/projects/" + projectId + "/jobs/" + job.id()))
        .body(view(job));
  }

  @GetMapping("/projects/{projectId}/jobs/{jobId}")
  @Operation(summary = "Get a job")
  public JobView get(Caller caller, @PathVariable ProjectId projectId, @PathVariable JobId jobId) {
    return view(jobs.get(caller, projectId, jobId));
  }

  @PutMapping(
      path = "/projects/{projectId}/jobs/{jobId}",
      consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "Edit a job's name and definition; its version goes up by one",
      description = "version= must be the version the edit started from (409 if it moved on).")
  public JobView update(
      Caller caller,
      @PathVariable ProjectId projectId,
      @PathVariable JobId jobId,
      @RequestParam long version,
      @RequestBody JobService.JobRequest request) {
    return view(jobs.update(caller, projectId, jobId, version, request));
  }

  @PostMapping("/projects/{projectId}/jobs/{jobId}/enable")
  @Operation(summary = "Enable the job")
  public JobView enable(
      Caller caller, @PathVariable ProjectId projectId, @PathVariable JobId jobId) {
    return view(jobs.enable(caller, projectId, jobId, true));
  }

  @PostMapping("/projects/{projectId}/jobs/{jobId}/disable")
  @Operation(summary = "Disable the job: it cannot be run until enabled again")
  public JobView disable(
      Caller caller, @PathVariable ProjectId projectId, @PathVariable JobId jobId) {
    return view(jobs.enable(caller, projectId, jobId, false));
  }

  @DeleteMapping("/projects/{projectId}/jobs/{jobId}")
  @Operation(summary = "Delete a job with its runs and their logs; active runs are killed")
  public ResponseEntity<Void> delete(
      Caller caller, @PathVariable ProjectId projectId, @PathVariable JobId jobId) {
    jobs.delete(caller, projectId, jobId);
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/projects/{projectId}/jobs/{jobId}/runs")
  @Operation(summary = "Run the job now; answers 202 with the run, which waits for the cluster")
  public ResponseEntity<RunView> run(
      Caller caller, @PathVariable ProjectId projectId, @PathVariable JobId jobId) {
    JobRun run = jobs.run(caller, projectId, jobId);
    return ResponseEntity.accepted()
        .location(URI.create("/api/v1/projects/" + projectId + "/runs/" + run.id()))
        .body(view(run));
  }

  @GetMapping("/projects/{projectId}/runs")
  @Operation(
      summary = "The project's runs, newest first",
      description =
          "job=, state= (submitted, accepted, running, finished, failed, killed), since= and"
              + " until= (ISO-8601 instants, on the run's creation) narrow the list.")
  public Page<RunView> projectRuns(
      Caller caller,
      @PathVariable ProjectId projectId,
      @RequestParam(required = false) String job,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String since,
      @RequestParam(required = false) String until,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
    return jobs.runs(
            caller,
            filter(Optional.of(projectId), job, state, since, until),
            new PageRequest(page, size))
        .map(JobController::view);
  }

  @GetMapping("/runs")
  @Operation(
      summary = "Runs across the caller's projects (an administrator's: everyone's), newest first",
      description = "project=, job=, state=, since= and until= narrow the list.")
  public Page<RunView> allRuns(
      Caller caller,
      @RequestParam(required = false) String project,
      @RequestParam(required = false) String job,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String since,
      @RequestParam(required = false) String until,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
    Optional<ProjectId> projectId = Optional.empty();
    if (project != null) {
      if (!ProjectId.isValid(project)) {
        throw BdpaasException.invalid("project", "not a project id");
      }
      projectId = Optional.of(new ProjectId(project));
    }
    return jobs.runs(
            caller, filter(projectId, job, state, since, until), new PageRequest(page, size))
        .map(JobController::view);
  }

  @GetMapping("/projects/{projectId}/runs/{runId}")
  @Operation(summary = "Get a run: its state, why it waits, how it ended, its phases")
  public RunView getRun(
      Caller caller, @PathVariable ProjectId projectId, @PathVariable JobRunId runId) {
    return view(jobs.getRun(caller, projectId, runId));
  }

  /**
   * The same, answered when the run reaches {@code until} or ends, or after {@code wait} seconds,
   * whichever comes first: a client that waits for a run to start or end holds one request instead
   * of polling. Answers at once when the run is there already.
   */
  @GetMapping(path = "/projects/{projectId}/runs/{runId}", params = "until")
  @Operation(
      summary =
          "Get a run once it reaches a state: ?until=running&wait=30 answers when the run is"
              + " running or has ended, or after 'wait' seconds (1 to 60, default 30)")
  public ResponseEntity<RunView> getRunWhen(
      Caller caller,
      @PathVariable ProjectId projectId,
      @PathVariable JobRunId runId,
      @RequestParam String until,
      @RequestParam(defaultValue = "30") int wait,
      HttpServletRequest request) {
    List<Problem> problems = new ArrayList<>();
    Optional<JobRun.State> target =
        Arrays.stream(JobRun.State.values())
            .filter(state -> state.wireName().equals(until))
            .findFirst();
    if (target.isEmpty()) {
      problems.add(
          Problem.of(
              "until",
              "must be one of "
                  + Arrays.stream(JobRun.State.values()).map(JobRun.State::wireName).toList()));
    }
    WaitSeconds.problem(wait).ifPresent(problems::add);
    BdpaasException.throwIfAny(problems);
    JobRun.State wanted = target.orElseThrow();
    JobRun now = jobs.getRun(caller, projectId, runId);
    if (reached(now, wanted)) {
      return ResponseEntity.ok(view(now));
    }
    String path = request.getRequestURI();
    CompletableFuture<ResponseEntity<?>> reaching = new CompletableFuture<>();
    Runnable answerIfReached =
        () -> {
          try {
            JobRun run = jobs.getRun(caller, projectId, runId);
            if (reached(run, wanted)) {
              reaching.complete(ResponseEntity.ok(view(run)));
            }
          } catch (BdpaasException e) {
            reaching.complete(problem(e, path));
          }
        };
    JobRunWatch.Waiter waiter = watch.register(caller, runId, answerIfReached);
    try {
      AwaitedAnswer answer =
          AwaitedAnswer.start(
              request,
              json,
              Duration.ofSeconds(wait),
              () -> current(caller, projectId, runId, path));
      answer.whenEnded(waiter::close);
      answer.sendWhen(reaching, entity -> entity);
    } catch (RuntimeException e) {
      waiter.close();
      throw e;
    }
    // A change between the first read and the registration is not lost: look once more.
    answerIfReached.run();
    return null; // answered by the AwaitedAnswer
  }

  /** The run now, or the problem of reading it (it, or its project, was deleted meanwhile). */
  private ResponseEntity<?> current(
      Caller caller, ProjectId projectId, JobRunId runId, String path) {
    try {
      return ResponseEntity.ok(view(jobs.getRun(caller, projectId, runId)));
    } catch (BdpaasException e) {
      return problem(e, path);
    }
  }

  private static ResponseEntity<?> problem(BdpaasException e, String path) {
    return ProblemResponses.entity(e.code(), e.getMessage(), e.problems(), path);
  }

  /** A run reaches a state by passing through it, or ends without it ({@code until=running}). */
  private static boolean reached(JobRun run, JobRun.State wanted) {
    return run.state().isFinal() || run.state().ordinal() >= wanted.ordinal();
  }

  @PostMapping("/projects/{projectId}/runs/{runId}/kill")
  @Operation(summary = "Kill the run (a waiting one never starts); 409 if it has ended")
  public ResponseEntity<RunView> kill(
      Caller caller, @PathVariable ProjectId projectId, @PathVariable JobRunId runId) {
    if (!jobs.kill(caller, projectId, runId)) {
      throw new BdpaasException(
          ErrorCode.CONFLICT,
          "the run has ended ("
              + jobs.getRun(caller, projectId, runId).state().wireName()
              + "): nothing to kill");
    }
    return ResponseEntity.accepted().body(view(jobs.getRun(caller, projectId, runId)));
  }

  @PostMapping("/projects/{projectId}/runs/{runId}/rerun")
  @Operation(summary = "Run again what this run ran (its job's definition at its version)")
  public ResponseEntity<RunView> rerun(
      Caller caller, @PathVariable ProjectId projectId, @PathVariable JobRunId runId) {
    JobRun run = jobs.rerun(caller, projectId, runId);
    return ResponseEntity.accepted()
        .location(URI.create("/api/v1/projects/" + projectId + "/runs/" + run.id()))
        .body(view(run));
  }

  @GetMapping("/projects/{projectId}/runs/{runId}/spark")
  @Operation(
      summary = "A running jar run's Spark stages and executors, from its driver's REST API",
      description = "409 when the run is not running, or its driver does not answer (yet).")
  public RunSparkDetails.Details spark(
      Caller caller, @PathVariable ProjectId projectId, @PathVariable JobRunId runId) {
    JobRun run = jobs.getRun(caller, projectId, runId);
    if (run.state() != JobRun.State.RUNNING) {
      throw new BdpaasException(
          ErrorCode.CONFLICT,
          "the run is " + run.state().wireName() + ": its driver's stages are shown while it runs");
    }
    return details
        .of(run)
        .orElseThrow(
            () ->
                new BdpaasException(
                    ErrorCode.CONFLICT, "the run's driver does not answer yet; ask again shortly"));
  }

  @GetMapping("/projects/{projectId}/runs/{runId}/log")
  @Operation(
      summary = "A range of the run's driver output, kept by the platform",
      description =
          "stream=stdout (default) or stderr; offset= in bytes; limit= at most 1 MiB. Follow a"
              + " running run by asking again from next; complete says the run has ended and"
              + " nothing more will come.")
  public LogChunk log(
      Caller caller,
      @PathVariable ProjectId projectId,
      @PathVariable JobRunId runId,
      @RequestParam(defaultValue = "stdout") String stream,
      @RequestParam(defaultValue = "0") long offset,
      @RequestParam(defaultValue = "65536") int limit) {
    JobRun run = jobs.getRun(caller, projectId, runId);
    SparkWorkerLogs.Stream which = stream(stream);
    if (offset < 0) {
      throw BdpaasException.invalid("offset", "must be 0 or more");
    }
    if (limit < 1 || limit > MAX_LOG_CHUNK) {
      throw BdpaasException.invalid("limit", "must be between 1 and " + MAX_LOG_CHUNK);
    }
    JobRunLogs.Chunk chunk = logs.read(run.id(), which, offset, limit);
    return new LogChunk(
        which.logType(),
        chunk.text(),
        chunk.offset(),
        chunk.next(),
        chunk.size(),
        run.state().isFinal() && chunk.next() >= chunk.size(),
        run.logsPurgedAt().orElse(null));
  }

  @GetMapping("/projects/{projectId}/runs/{runId}/log.txt")
  @Operation(summary = "Download the run's whole kept stdout or stderr")
  public ResponseEntity<InputStreamResource> downloadLog(
      Caller caller,
      @PathVariable ProjectId projectId,
      @PathVariable JobRunId runId,
      @RequestParam(defaultValue = "stdout") String stream) {
    JobRun run = jobs.getRun(caller, projectId, runId);
    SparkWorkerLogs.Stream which = stream(stream);
    InputStream content = logs.open(run.id(), which).orElse(InputStream.nullInputStream());
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            "attachment; filename=\"" + run.id() + "-" + which.logType() + ".txt\"")
        .body(new InputStreamResource(content));
  }

  private static SparkWorkerLogs.Stream stream(String text) {
    for (SparkWorkerLogs.Stream stream : SparkWorkerLogs.Stream.values()) {
      if (stream.logType().equals(text)) {
        return stream;
      }
    }
    throw BdpaasException.invalid("stream", "must be stdout or stderr");
  }

  private static JobRunStore.Filter filter(
      Optional<ProjectId> project, String job, String state, String since, String until) {
    List<Problem> problems = new ArrayList<>();
    Optional<JobId> jobId = Optional.empty();
    if (job != null) {
      if (JobId.isValid(job)) {
        jobId = Optional.of(new JobId(job));
      } else {
        problems.add(Problem.of("job", "not a job id"));
      }
    }
    Optional<JobRun.State> parsed = Optional.empty();
    if (state != null) {
      try {
        parsed = Optional.of(JobRun.State.valueOf(state.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        problems.add(
            Problem.of(
                "state", "must be one of submitted, accepted, running, finished, failed, killed"));
      }
    }
    Optional<Instant> from = instant("since", since, problems);
    Optional<Instant> to = instant("until", until, problems);
    BdpaasException.throwIfAny(problems);
    return new JobRunStore.Filter(project, jobId, parsed, from, to);
  }

  private static Optional<Instant> instant(String field, String text, List<Problem> problems) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      problems.add(Problem.of(field, "must be an ISO-8601 instant such as 2026-12-01T00:00:00Z"));
      return Optional.empty();
    }
  }

  static JobView view(Job job) {
    return new JobView(
        job.id().value(),
        job.projectId().value(),
        job.name(),
        job.definition().kindValue().wireName(),
        job.definition(),
        job.version(),
        job.enabled(),
        job.schedule().orElse(null),
        job.policy(),
        job.nextFireAt().orElse(null),
        job.enabled()
            ? job.schedule().map(s -> s.upcoming(Timestamps.now(), 5)).orElse(List.of())
            : List.of(),
        job.scheduleNote().orElse(null),
        job.createdAt(),
        job.updatedAt());
  }

  static RunView view(JobRun run) {
    Instant now = Timestamps.now();
    return new RunView(
        run.id().value(),
        run.jobId().value(),
        run.projectId().value(),
        run.jobName(),
        run.jobVersion(),
        run.attempt(),
        run.trigger().wireName(),
        run.state().wireName(),
        run.waiting().orElse(null),
        run.error().orElse(null),
        run.killRequested(),
        run.notBefore().orElse(null),
        run.driverId().orElse(null),
        run.createdAt(),
        run.acceptedAt().orElse(null),
        run.startedAt().orElse(null),
        run.endedAt().orElse(null),
        run.duration(now).map(Duration::toMillis).orElse(null),
        new Phases(
            run.pending(now).toMillis(),
            run.queued(now).map(Duration::toMillis).orElse(null),
            run.duration(now).map(Duration::toMillis).orElse(null)),
        run.definition());
  }
}
