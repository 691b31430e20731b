package io.bdpaas.job;

import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.project.Project;
import io.bdpaas.project.ProjectId;
import io.bdpaas.project.ProjectService;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.Caller;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's pages of jobs: the Jobs section (runs across the caller's projects), a run's page
 * (its state, phases, why it waits or failed, and its driver's output, which the page's script
 * follows through the REST API, {@code static/js/jobs.js}), and the form actions that kill or rerun
 * a run and delete a job once its name is typed. The project page lists a project's jobs and runs
 * from the API.
 */
@Controller
public class JobPageController {
  private final JobService jobs;
  private final ProjectService projects;

  public JobPageController(JobService jobs, ProjectService projects) {
    this.jobs = jobs;
    this.projects = projects;
  }

  /** A run as its page first shows it; the page's script keeps it current. */
  public record RunSummary(
      String id,
      String jobId,
      String jobName,
      long jobVersion,
      int attempt,
      String trigger,
      String state,
      boolean active,
      boolean killRequested,
      String waiting,
      String error,
      String driverId,
      Instant createdAt,
      Instant acceptedAt,
      Instant startedAt,
      Instant endedAt,
      Instant notBefore,
      String pending,
      String queued,
      String running,
      String jar,
      String mainClass,
      List<String> arguments,
      SparkSettings spark) {}

  /**
   * The Jobs section: runs across the caller's projects, which the page's script lists; with no
   * runs yet, the page says so and where jobs are made.
   */
  @GetMapping("/jobs")
  public String jobs(Caller caller, Model model) {
    Page<JobRun> any = jobs.runs(caller, JobRunStore.Filter.none(), PageRequest.first(1));
    model.addAttribute("hasRuns", any.totalItems() > 0);
    return "jobs";
  }

  @GetMapping("/projects/{projectId}/runs/{runId}")
  public String run(
      Caller caller, @PathVariable ProjectId projectId, @PathVariable JobRunId runId, Model model) {
    Project project = projects.get(caller, projectId);
    JobRun run = jobs.getRun(caller, projectId, runId);
    model.addAttribute("project", project);
    model.addAttribute("run", summary(run, Timestamps.now()));
    return "jobs/run";
  }

  @PostMapping("/projects/{projectId}/runs/{runId}/kill")
  public String kill(
      Caller caller,
      @PathVariable ProjectId projectId,
      @PathVariable JobRunId runId,
      RedirectAttributes redirect) {
    if (jobs.kill(caller, projectId, runId)) {
      redirect.addFlashAttribute(
          "notice", "Kill asked: the run's driver is stopped, or a waiting run never starts.");
    } else {
      redirect.addFlashAttribute("error", "Not killed: the run had already ended.");
    }
    return "redirect:" + path(projectId, runId);
  }

  @PostMapping("/projects/{projectId}/runs/{runId}/rerun")
  public String rerun(
      Caller caller,
      @PathVariable ProjectId projectId,
      @PathVariable JobRunId runId,
      RedirectAttributes redirect) {
    JobRun run = jobs.rerun(caller, projectId, runId);
    redirect.addFlashAttribute(
        "notice", "Run " + run.id() + " started: it runs again what run " + runId + " ran.");
    return "redirect:" + path(projectId, run.id());
  }

  /**
   * Deletes the job once its name was typed (the page's dialog fills {@code confirmName}), with its
   * runs and their logs.
   */
  @PostMapping("/projects/{projectId}/jobs/{jobId}/delete")
  public String deleteJob(
      Caller caller,
      @PathVariable ProjectId projectId,
      @PathVariable JobId jobId,
      @RequestParam(defaultValue = "") String confirmName,
      RedirectAttributes redirect) {
    Job job = jobs.get(caller, projectId, jobId);
    if (!confirmName.strip().equals(job.name())) {
      redirect.addFlashAttribute(
          "error", "Job not deleted: type the job's name, " + job.name() + ", to confirm.");
    } else {
      jobs.delete(caller, projectId, jobId);
      redirect.addFlashAttribute(
          "notice", "Job " + job.name() + " deleted, with its runs and their logs.");
    }
    return "redirect:/projects/" + projectId.value();
  }

  static RunSummary summary(JobRun run, Instant now) {
    JobDefinition definition = run.definition();
    return new RunSummary(
        run.id().value(),
        run.jobId().value(),
        run.jobName(),
        run.jobVersion(),
        run.attempt(),
        run.trigger().wireName(),
        run.state().wireName(),
        !run.state().isFinal(),
        run.killRequested(),
        run.waiting().orElse(null),
        run.error().orElse(null),
        run.driverId().orElse(null),
        run.createdAt(),
        run.acceptedAt().orElse(null),
        run.startedAt().orElse(null),
        run.endedAt().orElse(null),
        run.notBefore().orElse(null),
        durationText(Optional.of(run.pending(now))),
        durationText(run.queued(now)),
        durationText(run.duration(now)),
        definition.jar(),
        definition.mainClass(),
        definition.arguments(),
        definition.spark());
  }

  /**
   * A duration as people read it ("850 ms", "12 s", "3 min 5 s", "2 h 4 min"), or "—"; the page's
   * script writes the same.
   */
  static String durationText(Optional<Duration> duration) {
    if (duration.isEmpty()) {
      return "—";
    }
    long millis = Math.max(0, duration.get().toMillis());
    if (millis < 1000) {
      return millis + " ms";
    }
    long seconds = millis / 1000;
    if (seconds < 60) {
      return seconds + " s";
    }
    long minutes = seconds / 60;
    if (minutes < 60) {
      return minutes + " min " + seconds % 60 + " s";
    }
    return minutes / 60 + " h " + minutes % 60 + " min";
  }

  private static String path(ProjectId project, JobRunId run) {
    return "/projects/" + project.value() + "/runs/" + run.value();
  }
}
