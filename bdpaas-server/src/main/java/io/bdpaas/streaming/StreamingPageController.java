package io.bdpaas.streaming;

import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.cluster.ClusterService;
import io.bdpaas.project.Project;
import io.bdpaas.project.ProjectId;
import io.bdpaas.project.ProjectService;
import io.bdpaas.project.ProjectViews;
import io.bdpaas.tenancy.Caller;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The console's Streaming pages: the streaming projects with their active applications (each
 * project's page has its Launch table), and the page of one launched application, which follows it
 * live.
 */
@Controller
public class StreamingPageController {
  private final ProjectService projects;
  private final StreamAppService apps;
  private final ClusterService clusters;

  public StreamingPageController(
      ProjectService projects, StreamAppService apps, ClusterService clusters) {
    this.projects = projects;
    this.apps = apps;
    this.clusters = clusters;
  }

  /** A node's log, as an application's page links to it. */
  public record LogLink(String node, String role, String url) {}

  /** A streaming project as the Streaming page lists it. */
  public record ProjectRow(String id, String name, String status, long active, long launched) {}

  @GetMapping("/streaming")
  public String streaming(Caller caller, Model model) {
    List<ProjectRow> rows =
        projects.list(caller, new PageRequest(0, PageRequest.MAX_SIZE)).items().stream()
            .filter(project -> project.kind() == Project.Kind.STREAMING)
            .map(project -> row(caller, project))
            .toList();
    model.addAttribute("projects", rows);
    return "streaming";
  }

  @GetMapping("/projects/{id}/applications/{appId}")
  public String application(
      Caller caller, @PathVariable ProjectId id, @PathVariable String appId, Model model) {
    Project project = projects.get(caller, id);
    StreamApp app = apps.get(caller, id, StreamAppId.parse(appId));
    model.addAttribute("project", project);
    model.addAttribute("app", StreamingController.AppView.of(app));
    // The logger a user most likely wants more of: the application's own package.
    int lastDot = app.entryClass().lastIndexOf('.');
    model.addAttribute("entryPackage", lastDot > 0 ? app.entryClass().substring(0, lastDot) : null);
    model.addAttribute(
        "logNodes",
        app.clusterId()
            .filter(
                cluster -> project.clusterId().equals(Optional.of(cluster)) && project.running())
            .map(
                cluster ->
                    clusters.nodes(caller, cluster).stream()
                        .map(
                            node ->
                                new LogLink(
                                    node.planned().name(),
                                    node.planned().role(),
                                    "/clusters/"
                                        + cluster.value()
                                        + "/nodes/"
                                        + node.planned().name()
                                        + "/log"))
                        .toList())
            .orElse(List.of()));
    return "streaming/application";
  }

  private ProjectRow row(Caller caller, Project project) {
    // Active applications are among the newest; the total counts all of them.
    Page<StreamApp> launched =
        apps.list(caller, project.id(), Optional.empty(), new PageRequest(0, 500));
    return new ProjectRow(
        project.id().value(),
        project.name(),
        ProjectViews.status(
            project.running() ? projects.clusterSummary(caller, project) : Optional.empty()),
        launched.items().stream().filter(app -> app.state().isActive()).count(),
        launched.totalItems());
  }
}
