package io.bdpaas.project;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.api.Problem;
import io.bdpaas.backend.NodeObservation;
import io.bdpaas.cluster.ClusterId;
import io.bdpaas.cluster.ClusterService;
import io.bdpaas.cluster.ClusterStatus;
import io.bdpaas.cluster.ClusterSummary;
import io.bdpaas.console.FormErrors;
import io.bdpaas.tenancy.Caller;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's Projects pages: the list with live status, the creation form, and a project's page
 * with its cluster, nodes, engine UIs, Spark Connect address and lifecycle actions. The Connect
 * token is never rendered into a page: the page fetches it from the API when the owner asks.
 */
@Controller
public class ProjectPageController {
  private static final int PAGE_SIZE = 25;

  /** Fields of the creation form, as the service names their problems. */
  private static final List<String> FORM_FIELDS =
      List.of("name", "description", "workers", "workerCores", "workerMemoryMb", "connectCores");

  private static final Set<ClusterStatus> TRANSITIONAL =
      EnumSet.of(
          ClusterStatus.REGISTERED,
          ClusterStatus.SCHEDULING,
          ClusterStatus.SCHEDULED,
          ClusterStatus.CONFIGURING,
          ClusterStatus.CONFIGURED);

  private final ProjectService projects;
  private final ClusterService clusters;

  public ProjectPageController(ProjectService projects, ClusterService clusters) {
    this.projects = projects;
    this.clusters = clusters;
  }

  /** A project as the console shows it; never its token. */
  public record ProjectSummary(
      String id,
      String name,
      String kind,
      String description,
      Project.Size size,
      String status,
      String statusReason,
      String clusterId,
      String connectUrl,
      boolean running,
      Instant createdAt,
      Instant updatedAt) {
    /**
     * The size in one phrase: "1 worker × 2 cores, 1024 MB · 1 Connect core", or for a streaming
     * project "1 TaskManager × 2 slots, 512 MB heap".
     */
    public String sizeText() {
      if (streaming()) {
        return size.workers()
            + (size.workers() == 1 ? " TaskManager × " : " TaskManagers × ")
            + size.workerCores()
            + (size.workerCores() == 1 ? " slot, " : " slots, ")
            + size.workerMemoryMb()
            + " MB heap";
      }
      return size.workers()
          + (size.workers() == 1 ? " worker" : " workers")
          + " × "
          + size.workerCores()
          + (size.workerCores() == 1 ? " core, " : " cores, ")
          + size.workerMemoryMb()
          + " MB · "
          + size.connectCores()
          + (size.connectCores() == 1 ? " Connect core" : " Connect cores");
    }

    public boolean streaming() {
      return Project.Kind.STREAMING.wireName().equals(kind);
    }

    /** Whether its cluster is on its way to ready: the page keeps itself up to date. */
    public boolean changing() {
      return TRANSITIONAL.stream().anyMatch(s -> s.wireName().equals(status));
    }
  }

  /** A node of the project's cluster, as the project page lists it. */
  public record NodeRow(String name, String group, String role, String host, String state) {}

  /** A web UI of one of the cluster's engines. */
  public record EngineUi(String key, String label, String url) {}

  /**
   * The values of the creation form, as typed: a number that does not parse is kept as text, and
   * shown again with its problem.
   */
  public record CreateForm(
      String kind,
      String name,
      String description,
      String workers,
      String workerCores,
      String workerMemoryMb,
      String connectCores) {
    static CreateForm defaults(Project.Kind kind) {
      Project.Size size = Project.Size.defaultOf(kind);
      return new CreateForm(
          kind.wireName(),
          "",
          "",
          String.valueOf(size.workers()),
          String.valueOf(size.workerCores()),
          String.valueOf(size.workerMemoryMb()),
          String.valueOf(size.connectCores()));
    }

    /** Whether it creates a streaming project (else a Spark one). */
    public boolean streaming() {
      return Project.Kind.STREAMING.wireName().equals(kind);
    }
  }

  @GetMapping("/projects")
  public String list(Caller caller, @RequestParam(defaultValue = "0") int page, Model model) {
    Page<ProjectSummary> found =
        projects
            .list(caller, new PageRequest(Math.max(page, 0), PAGE_SIZE))
            .map(project -> summary(caller, project));
    model.addAttribute("projects", found);
    model.addAttribute("autoRefresh", found.items().stream().anyMatch(ProjectSummary::changing));
    return "projects/list";
  }

  @GetMapping("/projects/new")
  public String newProject(@RequestParam(defaultValue = "spark") String kind, Model model) {
    Project.Kind chosen = Project.Kind.fromWireName(kind).orElse(Project.Kind.SPARK);
    return form(CreateForm.defaults(chosen), null, Optional.empty(), model);
  }

  @PostMapping("/projects")
  public String create(Caller caller, CreateForm form, Model model, RedirectAttributes redirect) {
    List<Problem> unreadable = new ArrayList<>();
    ProjectService.CreateRequest request =
        new ProjectService.CreateRequest(
            blankToNull(form.name()),
            form.streaming() ? Project.Kind.STREAMING.wireName() : Project.Kind.SPARK.wireName(),
            form.description() == null ? "" : form.description(),
            whole("workers", form.workers(), unreadable),
            whole("workerCores", form.workerCores(), unreadable),
            whole("workerMemoryMb", form.workerMemoryMb(), unreadable),
            form.streaming() ? null : whole("connectCores", form.connectCores(), unreadable));
    try {
      if (!unreadable.isEmpty()) {
        // Name every problem at once: those of the fields that did parse too.
        List<Problem> all = new ArrayList<>(unreadable);
        projects.problems(request).stream()
            .filter(p -> unreadable.stream().noneMatch(u -> u.field().equals(p.field())))
            .forEach(all::add);
        throw BdpaasException.invalid(all);
      }
      Project project = projects.create(caller, request);
      redirect.addFlashAttribute(
          "notice",
          "Project "
              + project.name()
              + (project.kind() == Project.Kind.STREAMING
                  ? " created: its Flink cluster is starting."
                  : " created: its cluster and Spark Connect server are starting."));
      return "redirect:/projects/" + project.id().value();
    } catch (BdpaasException e) {
      Optional<String> quota =
          e.code() == ErrorCode.QUOTA_EXCEEDED || e.code() == ErrorCode.INSUFFICIENT_RESOURCES
              ? Optional.of(e.getMessage())
              : Optional.empty();
      FormErrors errors =
          e.code() == ErrorCode.ALREADY_EXISTS
              ? new FormErrors(Map.of("name", e.getMessage()))
              : quota.isPresent() ? null : FormErrors.of(e);
      return form(form, errors, quota, model);
    }
  }

  @GetMapping("/projects/{id}")
  public String detail(Caller caller, @PathVariable ProjectId id, Model model) {
    Project project = projects.get(caller, id);
    Optional<ClusterSummary> cluster = clusterOf(caller, project);
    ProjectSummary summary = summary(project, cluster);
    model.addAttribute("project", summary);
    model.addAttribute(
        "nodes",
        cluster
            .filter(c -> c.status() != ClusterStatus.DESTROYED)
            .map(c -> clusters.nodes(caller, c.id()).stream().map(this::nodeRow).toList())
            .orElse(List.of()));
    model.addAttribute(
        "engineUis", cluster.map(ProjectPageController::engineUis).orElse(List.of()));
    model.addAttribute("autoRefresh", summary.changing());
    return "projects/detail";
  }

  @PostMapping("/projects/{id}/description")
  public String editDescription(
      Caller caller,
      @PathVariable ProjectId id,
      @RequestParam(defaultValue = "") String description,
      RedirectAttributes redirect) {
    Project project = projects.get(caller, id);
    try {
      projects.describe(caller, id, description.replace("\r\n", "\n"));
      redirect.addFlashAttribute("notice", "Description saved.");
    } catch (BdpaasException e) {
      redirect.addFlashAttribute("error", "Description not saved: " + sentence(e));
    }
    return "redirect:/projects/" + project.id().value();
  }

  @PostMapping("/projects/{id}/stop")
  public String stop(Caller caller, @PathVariable ProjectId id, RedirectAttributes redirect) {
    Project project = projects.stop(caller, id);
    redirect.addFlashAttribute(
        "notice",
        "Project "
            + project.name()
            + " stopped: its cluster is shutting down. Notebooks, tables and files are kept.");
    return "redirect:/projects/" + project.id().value();
  }

  @PostMapping("/projects/{id}/start")
  public String start(Caller caller, @PathVariable ProjectId id, RedirectAttributes redirect) {
    Project project = projects.get(caller, id);
    try {
      projects.start(caller, id);
      redirect.addFlashAttribute(
          "notice", "Project " + project.name() + " is starting on a new cluster.");
    } catch (BdpaasException e) {
      redirect.addFlashAttribute("error", "Not started: " + sentence(e));
    }
    return "redirect:/projects/" + project.id().value();
  }

  @PostMapping("/projects/{id}/token")
  public String rotateToken(
      Caller caller, @PathVariable ProjectId id, RedirectAttributes redirect) {
    Project before = projects.get(caller, id);
    try {
      projects.rotateToken(caller, id);
      redirect.addFlashAttribute(
          "notice",
          before.running()
              ? "New token made: the project restarts on a new cluster, and the old token stops"
                  + " working."
              : "New token made: the old one will not work when the project starts.");
    } catch (BdpaasException e) {
      redirect.addFlashAttribute("error", "Token not rotated: " + sentence(e));
    }
    return "redirect:/projects/" + before.id().value() + "#project-connect";
  }

  /**
   * Deletes the project once its owner typed its name (the page's dialog fills {@code
   * confirmName}): a slip of the mouse deletes nothing.
   */
  @PostMapping("/projects/{id}/delete")
  public String delete(
      Caller caller,
      @PathVariable ProjectId id,
      @RequestParam(defaultValue = "") String confirmName,
      RedirectAttributes redirect) {
    Project project = projects.get(caller, id);
    if (!confirmName.strip().equals(project.name())) {
      redirect.addFlashAttribute(
          "error", "Not deleted: type the project's name, " + project.name() + ", to confirm.");
      return "redirect:/projects/" + project.id().value();
    }
    projects.delete(caller, id);
    redirect.addFlashAttribute(
        "notice",
        "Project " + project.name() + " deleted, with its cluster, tables, files and notebooks.");
    return "redirect:/projects";
  }

  private String form(
      CreateForm values, FormErrors errors, Optional<String> quotaProblem, Model model) {
    model.addAttribute("form", values);
    model.addAttribute("errors", errors);
    model.addAttribute("quotaProblem", quotaProblem.orElse(null));
    model.addAttribute(
        "otherErrors",
        errors == null ? Map.of() : errors.others(FORM_FIELDS.toArray(String[]::new)));
    return "projects/new";
  }

  private ProjectSummary summary(Caller caller, Project project) {
    return summary(project, clusterOf(caller, project));
  }

  private Optional<ClusterSummary> clusterOf(Caller caller, Project project) {
    return project.running() ? projects.clusterSummary(caller, project) : Optional.empty();
  }

  private static ProjectSummary summary(Project project, Optional<ClusterSummary> cluster) {
    return new ProjectSummary(
        project.id().value(),
        project.name(),
        project.kind().wireName(),
        project.description(),
        project.size(),
        ProjectViews.status(cluster),
        cluster.flatMap(ClusterSummary::reason).orElse(null),
        project.clusterId().map(ClusterId::value).orElse(null),
        ProjectViews.connectUrl(cluster).orElse(null),
        project.running(),
        project.createdAt(),
        project.updatedAt());
  }

  private NodeRow nodeRow(ClusterService.NodeReport node) {
    return new NodeRow(
        node.planned().name(),
        node.planned().group(),
        node.planned().role(),
        node.planned().host(),
        node.observed()
            .map(NodeObservation::state)
            .map(state -> state.name().toLowerCase(Locale.ROOT).replace('_', ' '))
            .orElse("not started"));
  }

  /**
   * The cluster's engine UI, served by the platform ({@link ClusterSummary#engineUiPath()}), with a
   * label saying what it shows; none while it has no UI.
   */
  static List<EngineUi> engineUis(ClusterSummary cluster) {
    return cluster
        .engineUiPath()
        .map(
            path ->
                switch (cluster.product().name()) {
                  case "spark" ->
                      new EngineUi(
                          "masterUi",
                          "Spark master: workers and applications, each application's jobs,"
                              + " stages and SQL queries (the Connect server's too)",
                          path);
                  case "flink" ->
                      new EngineUi(
                          "dashboard",
                          "Flink dashboard: jobs, their graphs, checkpoints and task managers",
                          path + "#/overview");
                  default -> new EngineUi("webUi", "Engine UI", path);
                })
        .stream()
        .toList();
  }

  private static Integer whole(String field, String text, List<Problem> unreadable) {
    if (text == null || text.isBlank()) {
      unreadable.add(Problem.of(field, "is required"));
      return null;
    }
    try {
      return Integer.valueOf(text.strip());
    } catch (NumberFormatException e) {
      unreadable.add(Problem.of(field, "must be a whole number, got '" + text.strip() + "'"));
      return null;
    }
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }

  /** A failure as one sentence: its problems, or its message when it has none. */
  private static String sentence(BdpaasException failure) {
    return failure.problems().isEmpty()
        ? failure.getMessage()
        : failure.problems().stream()
            .map(problem -> problem.field() + " " + problem.message())
            .collect(Collectors.joining("; "));
  }
}
