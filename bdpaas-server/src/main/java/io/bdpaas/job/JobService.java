package io.bdpaas.job;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.api.Problem;
import io.bdpaas.backend.StorageFiles;
import io.bdpaas.notebook.NotebookId;
import io.bdpaas.notebook.NotebookService;
import io.bdpaas.project.Project;
import io.bdpaas.project.ProjectCreated;
import io.bdpaas.project.ProjectDeleting;
import io.bdpaas.project.ProjectId;
import io.bdpaas.project.ProjectService;
import io.bdpaas.project.SampleDataset;
import io.bdpaas.storage.ProjectFilesService;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Batch jobs of Spark projects and their runs. A job is checked against its project when it is
 * saved (its jar or notebook exists, its size fits the project's cluster beside the Connect
 * server); a run copies the job's definition and is then the {@link JobRunReconciler}'s to take
 * through the engine.
 */
@Service
public class JobService {
  private static final Logger log = LoggerFactory.getLogger(JobService.class);
  static final int MAX_JOBS_PER_PROJECT = 200;
  private static final int MAX_NAME = 200;

  /** The sample jobs' jar, as the server carries it and as a new project's file. */
  static final String SAMPLES_RESOURCE = "/samples/bdpaas-spark-samples.jar";

  static final String SAMPLES_JAR = "bdpaas-spark-samples.jar";

  private final JobStore jobs;
  private final JobRunStore runs;
  private final JobRunLogs logs;
  private final JobRunReconciler reconciler;
  private final ProjectService projects;
  private final ProjectFilesService files;
  private final NotebookService notebooks;

  public JobService(
      JobStore jobs,
      JobRunStore runs,
      JobRunLogs logs,
      JobRunReconciler reconciler,
      ProjectService projects,
      ProjectFilesService files,
      NotebookService notebooks) {
    this.jobs = jobs;
    this.runs = runs;
    this.logs = logs;
    this.reconciler = reconciler;
    this.projects = projects;
    this.files = files;
    this.notebooks = notebooks;
  }

  /**
   * What a client sends to create or edit a job: its name and definition, and optionally a schedule
   * and a run policy (retries, timeout).
   */
  public record JobRequest(
      String name, JobDefinition definition, JobSchedule schedule, RunPolicy policy) {
    public JobRequest(String name, JobDefinition definition) {
      this(name, definition, null, null);
    }

    RunPolicy policyOrDefault() {
      return policy == null ? RunPolicy.defaults() : policy;
    }
  }

  public Job create(Caller caller, ProjectId projectId, JobRequest request) {
    Project project = projects.get(caller, projectId, Project.Kind.SPARK, "batch jobs");
    JobDefinition definition = checked(caller, project, request);
    if (jobs.nameTaken(project.id(), request.name())) {
      throw new BdpaasException(
          ErrorCode.ALREADY_EXISTS, "a job named '" + request.name() + "' exists in this project");
    }
    if (jobs.countInProject(project.id()) >= MAX_JOBS_PER_PROJECT) {
      throw new BdpaasException(
          ErrorCode.QUOTA_EXCEEDED,
          "a project holds at most " + MAX_JOBS_PER_PROJECT + " jobs; delete some first");
    }
    Instant now = Timestamps.now();
    Job job =
        new Job(
            JobId.random(),
            project.id(),
            project.ownerId(),
            request.name(),
            definition,
            1,
            true,
            Optional.ofNullable(request.schedule()),
            request.policyOrDefault(),
            Optional.ofNullable(request.schedule()).flatMap(schedule -> schedule.next(now)),
            Optional.empty(),
            now,
            now);
    jobs.insert(job);
    log.info(
        "[project {}] job {} '{}' created by {}",
        project.id(),
        job.id(),
        job.name(),
        caller.username());
    return job;
  }

  public Page<Job> list(Caller caller, ProjectId project, PageRequest page) {
    projects.get(caller, project);
    return jobs.list(caller, project, page);
  }

  public Job get(Caller caller, ProjectId project, JobId id) {
    projects.get(caller, project);
    return jobs.find(caller, project, id).orElseThrow(() -> BdpaasException.notFound("Job", id));
  }

  /** Saves a new name and definition over {@code version} (409 when it was edited meanwhile). */
  public Job update(
      Caller caller, ProjectId projectId, JobId id, long version, JobRequest request) {
    Project project = projects.get(caller, projectId);
    Job job = get(caller, projectId, id);
    JobDefinition definition = checked(caller, project, request);
    if (!job.name().equals(request.name()) && jobs.nameTaken(project.id(), request.name())) {
      throw new BdpaasException(
          ErrorCode.ALREADY_EXISTS, "a job named '" + request.name() + "' exists in this project");
    }
    Instant now = Timestamps.now();
    Job edited =
        new Job(
            id,
            job.projectId(),
            job.ownerId(),
            request.name(),
            definition,
            version,
            job.enabled(),
            Optional.ofNullable(request.schedule()),
            request.policyOrDefault(),
            job.enabled()
                ? Optional.ofNullable(request.schedule()).flatMap(schedule -> schedule.next(now))
                : Optional.empty(),
            Optional.empty(),
            job.createdAt(),
            now);
    if (!jobs.save(caller, id, version, edited)) {
      throw new BdpaasException(
          ErrorCode.CONFLICT,
          "the job was changed meanwhile (it is at version "
              + get(caller, projectId, id).version()
              + "); reload it and edit again");
    }
    return get(caller, projectId, id);
  }

  /** Enables or disables the job; a disabled job cannot be run (its schedule stops). */
  public Job enable(Caller caller, ProjectId project, JobId id, boolean enabled) {
    Job job = get(caller, project, id);
    Instant now = Timestamps.now();
    jobs.enable(
        caller,
        id,
        enabled,
        enabled ? job.schedule().flatMap(schedule -> schedule.next(now)) : Optional.empty());
    return get(caller, project, id);
  }

  /** Deletes the job with its runs and their logs; its active runs are killed first. */
  public void delete(Caller caller, ProjectId project, JobId id) {
    get(caller, project, id);
    List<JobRunId> active = runs.activeOfJobForReconciler(id);
    for (JobRunId run : active) {
      runs.requestKill(caller, run);
      reconciler.wakeUp(run);
    }
    List<JobRunId> all = new ArrayList<>();
    Page<JobRun> page;
    int index = 0;
    do {
      page =
          runs.list(
              caller,
              new JobRunStore.Filter(
                  Optional.of(project),
                  Optional.of(id),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty()),
              new PageRequest(index++, PageRequest.MAX_SIZE));
      page.items().forEach(run -> all.add(run.id()));
    } while (page.items().size() == PageRequest.MAX_SIZE);
    if (!active.isEmpty()) {
      // A killed driver is gone within seconds; its runs' rows go with the job.
      reconciler.killNow(active);
    }
    jobs.delete(caller, id);
    all.forEach(logs::delete);
  }

  /** Starts a run of the job as it is now. */
  public JobRun run(Caller caller, ProjectId project, JobId id) {
    Job job = get(caller, project, id);
    if (!job.enabled()) {
      throw new BdpaasException(ErrorCode.CONFLICT, "the job is disabled: enable it to run it");
    }
    return start(JobRun.of(job, JobRun.Trigger.MANUAL, Timestamps.now()));
  }

  /** Runs again what an earlier run ran (its definition at its version). */
  public JobRun rerun(Caller caller, ProjectId project, JobRunId id) {
    JobRun earlier = getRun(caller, project, id);
    Job job = get(caller, project, earlier.jobId());
    Job asRun =
        new Job(
            job.id(),
            job.projectId(),
            job.ownerId(),
            earlier.jobName(),
            earlier.definition(),
            earlier.jobVersion(),
            true,
            job.schedule(),
            job.policy(),
            Optional.empty(),
            Optional.empty(),
            job.createdAt(),
            job.updatedAt());
    return start(JobRun.of(asRun, JobRun.Trigger.RERUN, Timestamps.now()));
  }

  private JobRun start(JobRun run) {
    runs.insert(run);
    reconciler.wakeUp(run.id());
    return run;
  }

  public JobRun getRun(Caller caller, ProjectId project, JobRunId id) {
    projects.get(caller, project);
    return runs.find(caller, project, id).orElseThrow(() -> BdpaasException.notFound("Run", id));
  }

  public Page<JobRun> runs(Caller caller, JobRunStore.Filter filter, PageRequest page) {
    filter.project().ifPresent(project -> projects.get(caller, project));
    return runs.list(caller, filter, page);
  }

  /** Asks for the run to be killed; false when it had ended. */
  public boolean kill(Caller caller, ProjectId project, JobRunId id) {
    getRun(caller, project, id);
    boolean asked = runs.requestKill(caller, id);
    reconciler.wakeUp(id);
    return asked;
  }

  /**
   * Every new Spark project gets the sample jobs, written in this project: a Pi estimator and a
   * word count over the project's sample data, from the samples jar the server carries.
   */
  @EventListener
  public void onProjectCreated(ProjectCreated created) {
    Caller caller = created.caller();
    Project project = created.project();
    if (project.kind() != Project.Kind.SPARK) {
      return;
    }
    try (InputStream jar = JobService.class.getResourceAsStream(SAMPLES_RESOURCE)) {
      if (jar == null) {
        log.warn("this server carries no {}: new projects get no sample jobs", SAMPLES_RESOURCE);
        return;
      }
      if (!fits(project, SparkSettings.defaults()).isEmpty()) {
        log.info(
            "[project {}] no sample jobs: its cluster leaves no cores to batch jobs", project.id());
        return;
      }
      files.upload(caller, project.id(), SAMPLES_JAR, jar);
      String sales = files.location(caller, project.id(), SampleDataset.FILE);
      create(caller, project.id(), sample("sample-pi", "io.bdpaas.samples.SparkPi", List.of("20")));
      create(
          caller,
          project.id(),
          sample("sample-word-count", "io.bdpaas.samples.WordCount", List.of(sales, "20")));
    } catch (IOException | RuntimeException e) {
      log.warn("[project {}] the sample jobs could not be added", project.id(), e);
    }
  }

  private static JobRequest sample(String name, String mainClass, List<String> arguments) {
    return new JobRequest(
        name,
        new JobDefinition(
            JobDefinition.Kind.JAR.wireName(),
            SAMPLES_JAR,
            mainClass,
            arguments,
            null,
            null,
            SparkSettings.defaults()));
  }

  /** A project that goes takes its runs with it: their drivers are killed first. */
  @EventListener
  public void onProjectDeleting(ProjectDeleting deleting) {
    List<JobRunId> active = runs.activeOfProjectForReconciler(deleting.project());
    if (!active.isEmpty()) {
      reconciler.killNow(active);
    }
    runs.idsOfProjectForReconciler(deleting.project()).forEach(logs::delete);
  }

  private JobDefinition checked(Caller caller, Project project, JobRequest request) {
    List<Problem> problems = new ArrayList<>();
    if (request.name() == null || request.name().isBlank() || request.name().length() > MAX_NAME) {
      problems.add(Problem.of("name", "must be 1 to " + MAX_NAME + " characters"));
    }
    JobDefinition definition = request.definition();
    if (definition == null) {
      problems.add(Problem.of("definition", "is required"));
      BdpaasException.throwIfAny(problems);
    }
    List<Problem> own = definition.problems();
    own.stream()
        .map(p -> Problem.of("definition." + p.field(), p.message()))
        .forEach(problems::add);
    if (request.schedule() != null) {
      problems.addAll(request.schedule().problems("schedule."));
    }
    problems.addAll(request.policyOrDefault().problems("policy."));
    BdpaasException.throwIfAny(problems);
    switch (definition.kindValue()) {
      case JAR -> {
        // SQL and notebook jobs run on the project's Connect server, whose executors are its own.
        problems.addAll(fits(project, definition.spark()));
        Optional<String> manifestMain = mainClassOf(caller, project, definition, problems);
        if (definition.mainClass() == null && problems.isEmpty()) {
          if (manifestMain.isEmpty()) {
            problems.add(
                Problem.of(
                    "definition.mainClass", "is required: the jar's manifest names no Main-Class"));
          } else {
            definition =
                new JobDefinition(
                    definition.kind(),
                    definition.jar(),
                    manifestMain.get(),
                    definition.arguments(),
                    null,
                    null,
                    definition.spark());
          }
        }
      }
      case NOTEBOOK -> {
        try {
          notebooks.get(caller, project.id(), new NotebookId(definition.notebookId()));
        } catch (BdpaasException e) {
          problems.add(Problem.of("definition.notebookId", "names no notebook of this project"));
        }
      }
      case SQL -> {
        // Checked by the engine when it runs.
      }
    }
    BdpaasException.throwIfAny(problems);
    return definition;
  }

  /** Whether the job can ever run on the project's cluster beside its Connect server. */
  static List<Problem> fits(Project project, SparkSettings spark) {
    List<Problem> problems = new ArrayList<>();
    Project.Size size = project.size();
    int free = size.workers() * size.workerCores() - size.connectCores();
    int needed = spark.driverCores() + Math.max(spark.maxCores(), spark.executorCores());
    if (needed > free) {
      problems.add(
          Problem.of(
              "definition.spark",
              "the job needs "
                  + needed
                  + " cores (driver and executors) and the project's cluster offers "
                  + free
                  + " to batch jobs ("
                  + size.workers()
                  + " worker(s) × "
                  + size.workerCores()
                  + " cores, less "
                  + size.connectCores()
                  + " held by the Connect server): make the job smaller or the project larger"));
    }
    if (spark.driverMemoryMb() > size.workerMemoryMb()
        || spark.executorMemoryMb() > size.workerMemoryMb()) {
      problems.add(
          Problem.of(
              "definition.spark",
              "the driver and each executor must fit in one worker's "
                  + size.workerMemoryMb()
                  + " MB"));
    }
    return problems;
  }

  private Optional<String> mainClassOf(
      Caller caller, Project project, JobDefinition definition, List<Problem> problems) {
    try (StorageFiles.OpenFile file = files.open(caller, project.id(), definition.jar());
        JarInputStream jar = new JarInputStream(file.content())) {
      Manifest manifest = jar.getManifest();
      return Optional.ofNullable(manifest)
          .map(m -> m.getMainAttributes().getValue("Main-Class"))
          .map(String::strip)
          .filter(name -> !name.isEmpty());
    } catch (BdpaasException e) {
      problems.add(
          Problem.of(
              "definition.jar",
              "no file '" + definition.jar() + "' among the project's files: upload it first"));
    } catch (IOException e) {
      problems.add(Problem.of("definition.jar", "is not a readable jar: " + e.getMessage()));
    } catch (UncheckedIOException e) {
      throw e;
    }
    return Optional.empty();
  }
}
