package io.bdpaas.notebook;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.api.Problem;
import io.bdpaas.project.Project;
import io.bdpaas.project.ProjectCreated;
import io.bdpaas.project.ProjectDeleting;
import io.bdpaas.project.ProjectId;
import io.bdpaas.project.ProjectService;
import io.bdpaas.project.SampleDataset;
import io.bdpaas.storage.ProjectFilesService;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.Caller;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * The notebooks of projects: kept documents that their project's owner edits, imports, exports and
 * runs. Every call first finds the project for the caller, so nobody reaches the notebooks of a
 * project they cannot see.
 */
@Service
public class NotebookService {
  static final int MAX_NOTEBOOKS_PER_PROJECT = 500;
  private static final Logger log = LoggerFactory.getLogger(NotebookService.class);

  private final ProjectService projects;
  private final NotebookStore notebooks;
  private final ParagraphRunStore runs;
  private final NotebookRunner runner;
  private final ResultFiles results;
  private final ConnectSessions sessions;
  private final SparkProgress progress;
  private final ProjectFilesService files;

  public NotebookService(
      ProjectService projects,
      NotebookStore notebooks,
      ParagraphRunStore runs,
      NotebookRunner runner,
      ResultFiles results,
      ConnectSessions sessions,
      SparkProgress progress,
      ProjectFilesService files) {
    this.projects = projects;
    this.notebooks = notebooks;
    this.runs = runs;
    this.runner = runner;
    this.results = results;
    this.sessions = sessions;
    this.progress = progress;
    this.files = files;
  }

  /** A running paragraph's Spark progress (jobs, stages, tasks), if its driver tells. */
  public Optional<SparkProgress.Progress> progress(
      Caller caller, ParagraphRun run, ProjectId project) {
    if (run.status() != ParagraphRun.Status.RUNNING) {
      return Optional.empty();
    }
    ConnectSessions.Availability availability = sessions.availability(caller, project);
    if (availability instanceof ConnectSessions.Availability.Ready ready) {
      return progress.of(caller, ready.target(), run.runId());
    }
    return Optional.empty();
  }

  public Page<SavedNotebook> list(Caller caller, ProjectId project, PageRequest page) {
    projects.get(caller, project);
    return notebooks.list(caller, project, page);
  }

  public SavedNotebook get(Caller caller, ProjectId project, NotebookId id) {
    projects.get(caller, project);
    return notebooks
        .find(caller, project, id)
        .orElseThrow(() -> BdpaasException.notFound("Notebook", id));
  }

  /** The last run of each paragraph of the notebook. */
  public Map<ParagraphId, ParagraphRun> runs(SavedNotebook notebook) {
    return runs.ofNotebook(notebook.id());
  }

  /** Keeps a new notebook in the project; its name must be free there. */
  public SavedNotebook create(Caller caller, ProjectId projectId, Notebook notebook) {
    Project project = projects.get(caller, projectId, Project.Kind.SPARK, "notebooks");
    if (notebooks.list(caller, projectId, new PageRequest(0, 1)).totalItems()
        >= MAX_NOTEBOOKS_PER_PROJECT) {
      throw new BdpaasException(
          ErrorCode.QUOTA_EXCEEDED,
          "a project holds at most " + MAX_NOTEBOOKS_PER_PROJECT + " notebooks");
    }
    requireFreeName(projectId, notebook.name());
    Instant now = Timestamps.now();
    SavedNotebook saved =
        new SavedNotebook(NotebookId.random(), projectId, project.ownerId(), notebook, 1, now, now);
    notebooks.insert(saved);
    log.info(
        "[project {}] notebook {} '{}' created by {}",
        projectId,
        saved.id(),
        notebook.name(),
        caller.username());
    return saved;
  }

  /**
   * Saves a new document of the notebook. With {@code revision}, only if nobody saved it since that
   * revision (409 otherwise, so that two tabs do not silently undo each other).
   */
  public SavedNotebook save(
      Caller caller, ProjectId project, NotebookId id, Optional<Long> revision, Notebook notebook) {
    SavedNotebook current = get(caller, project, id);
    if (revision.isPresent() && revision.get() != current.revision()) {
      throw conflict(current);
    }
    if (!notebook.name().equals(current.notebook().name())) {
      requireFreeName(project, notebook.name());
    }
    if (!notebooks.save(caller, id, current.revision(), notebook)) {
      throw conflict(get(caller, project, id));
    }
    return get(caller, project, id);
  }

  /** Applies a change to the current document, retried if another save lands in between. */
  public SavedNotebook change(
      Caller caller,
      ProjectId project,
      NotebookId id,
      java.util.function.UnaryOperator<Notebook> change) {
    for (int attempt = 0; ; attempt++) {
      SavedNotebook current = get(caller, project, id);
      Notebook changed;
      try {
        changed = change.apply(current.notebook());
      } catch (IllegalArgumentException e) {
        throw BdpaasException.invalid("", e.getMessage());
      }
      if (!changed.name().equals(current.notebook().name())) {
        requireFreeName(project, changed.name());
      }
      if (notebooks.save(caller, id, current.revision(), changed)) {
        return get(caller, project, id);
      }
      if (attempt >= 5) {
        throw conflict(get(caller, project, id));
      }
    }
  }

  public SavedNotebook duplicate(
      Caller caller, ProjectId project, NotebookId id, Optional<String> name) {
    SavedNotebook original = get(caller, project, id);
    String copyName = name.orElseGet(() -> freeCopyName(project, original.notebook().name()));
    Notebook.nameProblem(copyName)
        .ifPresent(
            problem -> {
              throw BdpaasException.invalid("name", problem);
            });
    return create(caller, project, original.notebook().duplicate(copyName));
  }

  public void delete(Caller caller, ProjectId project, NotebookId id) {
    SavedNotebook notebook = get(caller, project, id);
    runs.ofNotebook(id).values().stream()
        .filter(ParagraphRun::isActive)
        .forEach(run -> runner.cancel(run.runId()));
    notebooks.delete(caller, id);
    results.deleteAll(id);
    log.info(
        "[project {}] notebook {} '{}' deleted by {}",
        project,
        id,
        notebook.notebook().name(),
        caller.username());
  }

  /** A new project starts with the sample notebook over its sample dataset. */
  @EventListener
  public void onProjectCreated(ProjectCreated created) {
    Project project = created.project();
    if (project.kind() != Project.Kind.SPARK) {
      return;
    }
    try {
      String sales = files.location(created.caller(), project.id(), SampleDataset.FILE);
      create(created.caller(), project.id(), SampleNotebook.over(sales));
    } catch (RuntimeException e) {
      log.warn("[project {}] the sample notebook could not be added", project.id(), e);
    }
  }

  /** A deleted project's notebooks stop running and their results go (their rows go with it). */
  @EventListener
  public void onProjectDeleting(ProjectDeleting deleting) {
    for (NotebookId notebook : notebooks.idsOfProject(deleting.project())) {
      runs.ofNotebook(notebook).values().stream()
          .filter(ParagraphRun::isActive)
          .forEach(run -> runner.cancel(run.runId()));
      results.deleteAll(notebook);
    }
    sessions.forget(deleting.project());
  }

  /**
   * Runs paragraphs of the notebook on its project's Spark Connect server: one, or (with none
   * named) every SQL paragraph in order. {@code values} are the parameter values of a single
   * paragraph's run; a run of all uses each parameter's default.
   */
  public List<ParagraphRun> run(
      Caller caller,
      ProjectId project,
      NotebookId id,
      Optional<ParagraphId> only,
      Map<String, Object> values) {
    SavedNotebook notebook = get(caller, project, id);
    List<Paragraph> chosen = new ArrayList<>();
    if (only.isPresent()) {
      Paragraph paragraph =
          notebook
              .notebook()
              .paragraph(only.get())
              .orElseThrow(() -> BdpaasException.notFound("Paragraph", only.get()));
      if (paragraph.kind() != ParagraphKind.SQL) {
        throw new BdpaasException(
            ErrorCode.CONFLICT,
            paragraph.kind() == ParagraphKind.MARKDOWN
                ? "a Markdown paragraph is shown, not run"
                : "this paragraph was written for "
                    + paragraph.foreignInterpreter().orElse("another interpreter")
                    + ", which BDPaaS does not run; rewrite it as SQL");
      }
      chosen.add(paragraph);
    } else {
      notebook.notebook().paragraphs().stream()
          .filter(paragraph -> paragraph.kind() == ParagraphKind.SQL)
          .forEach(chosen::add);
    }
    List<Problem> problems = new ArrayList<>();
    List<NotebookRunner.Request> requests = new ArrayList<>();
    for (Paragraph paragraph : chosen) {
      SqlParameters.Resolved resolved =
          SqlParameters.resolve(paragraph, only.isPresent() ? values : Map.of(), "parameters");
      if (!resolved.isComplete()) {
        resolved.problems().stream()
            .map(
                problem ->
                    only.isPresent()
                        ? problem
                        : Problem.of(paragraph.id() + "." + problem.field(), problem.message()))
            .forEach(problems::add);
        continue;
      }
      requests.add(new NotebookRunner.Request(caller, project, paragraph, resolved.arguments()));
    }
    BdpaasException.throwIfAny(problems);
    return runner.submit(id, requests);
  }

  /** Cancels the paragraph's run if it is queued or running; false if there is none. */
  public boolean cancel(Caller caller, ProjectId project, NotebookId id, ParagraphId paragraph) {
    get(caller, project, id);
    return runs.find(id, paragraph)
        .filter(ParagraphRun::isActive)
        .map(run -> runner.cancel(run.runId()))
        .orElse(false);
  }

  /** Cancels every queued or running paragraph of the notebook; how many. */
  public int cancelAll(Caller caller, ProjectId project, NotebookId id) {
    get(caller, project, id);
    int cancelled = 0;
    for (ParagraphRun run : runs.ofNotebook(id).values()) {
      if (run.isActive() && runner.cancel(run.runId())) {
        cancelled++;
      }
    }
    return cancelled;
  }

  /** The paragraph's last run, whatever its state. */
  public ParagraphRun lastRun(
      Caller caller, ProjectId project, NotebookId id, ParagraphId paragraph) {
    get(caller, project, id);
    return runs.find(id, paragraph)
        .orElseThrow(
            () ->
                new BdpaasException(
                    ErrorCode.NOT_FOUND, "paragraph " + paragraph + " has not been run"));
  }

  /**
   * Completes with the run as it ended; if it is no longer running here, at once with the
   * paragraph's last run.
   */
  public CompletableFuture<ParagraphRun> ending(
      Caller caller, ProjectId project, ParagraphRun run) {
    return runner
        .ending(run.runId())
        .orElseGet(
            () ->
                CompletableFuture.completedFuture(
                    lastRun(caller, project, run.notebookId(), run.paragraphId())));
  }

  /** The last run, if it finished with a result. */
  public ParagraphRun finishedRun(
      Caller caller, ProjectId project, NotebookId id, ParagraphId paragraph) {
    ParagraphRun run = lastRun(caller, project, id, paragraph);
    if (run.status() != ParagraphRun.Status.FINISHED) {
      throw new BdpaasException(
          ErrorCode.CONFLICT,
          "paragraph " + paragraph + " has no result: its last run is " + run.status().wireName());
    }
    return run;
  }

  private void requireFreeName(ProjectId project, String name) {
    if (notebooks.nameTaken(project, name)) {
      throw new BdpaasException(
          ErrorCode.ALREADY_EXISTS, "the project already has a notebook named " + name);
    }
  }

  private String freeCopyName(ProjectId project, String name) {
    for (int n = 1; ; n++) {
      String suffix = n == 1 ? " (copy)" : " (copy " + n + ")";
      String base =
          name.length() + suffix.length() > Notebook.MAX_NAME_LENGTH
              ? name.substring(0, Notebook.MAX_NAME_LENGTH - suffix.length())
              : name;
      if (!notebooks.nameTaken(project, base + suffix)) {
        return base + suffix;
      }
    }
  }

  private static BdpaasException conflict(SavedNotebook current) {
    return new BdpaasException(
        ErrorCode.CONFLICT,
        "the notebook was saved meanwhile (now revision "
            + current.revision()
            + "): reload it and apply your change again");
  }
}
