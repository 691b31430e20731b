package io.bdpaas.project;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.cluster.ClusterSummary;
import io.bdpaas.tenancy.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Projects: {@code /api/v1/projects}. */
@RestController
@RequestMapping(path = "/api/v1/projects", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Projects", description = "Spark workspaces, each on a cluster of its own")
public class ProjectController {
  private final ProjectService projects;

  public ProjectController(ProjectService projects) {
    this.projects = projects;
  }

  /**
   * A project as clients see it; {@code status} is its cluster's, or {@code stopped}. The token is
   * not part of it: {@code GET .../connect} reveals it.
   */
  public record ProjectView(
      String id,
      String name,
      String kind,
      String description,
      int workers,
      int workerCores,
      int workerMemoryMb,
      int connectCores,
      String status,
      String clusterId,
      String connectUrl,
      Instant createdAt,
      Instant updatedAt) {}

  /** How to reach the project's Spark Connect server. */
  public record ConnectView(String url, String token, String status) {}

  /** What may be changed after creation. */
  public record UpdateRequest(String description) {}

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Create a project and start its cluster; answers 202 with the project")
  public ResponseEntity<ProjectView> create(
      Caller caller, @RequestBody ProjectService.CreateRequest request) {
    Project project = projects.create(caller, request);
    return ResponseEntity.accepted()
        .location(URI.create("/api/v1/projects/" + project.id()))
        .body(view(caller, project));
  }

  @GetMapping
  @Operation(summary = "List projects, newest first")
  public Page<ProjectView> list(
      Caller caller,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
    return projects.list(caller, new PageRequest(page, size)).map(p -> view(caller, p));
  }

  @GetMapping("/{id}")
  @Operation(summary = "Get a project with its cluster's status and Connect address")
  public ProjectView get(Caller caller, @PathVariable String id) {
    return view(caller, projects.get(caller, projectId(id)));
  }

  @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Change a project's description")
  public ProjectView update(
      Caller caller, @PathVariable String id, @RequestBody UpdateRequest request) {
    return view(caller, projects.describe(caller, projectId(id), request.description()));
  }

  @PostMapping("/{id}/stop")
  @Operation(summary = "Stop a project: its cluster is destroyed, its storage kept")
  public ProjectView stop(Caller caller, @PathVariable String id) {
    return view(caller, projects.stop(caller, projectId(id)));
  }

  @PostMapping("/{id}/start")
  @Operation(summary = "Start a stopped project on a new cluster over the same storage")
  public ResponseEntity<ProjectView> start(Caller caller, @PathVariable String id) {
    return ResponseEntity.accepted().body(view(caller, projects.start(caller, projectId(id))));
  }

  @GetMapping("/{id}/connect")
  @Operation(summary = "Reveal the project's Spark Connect address and token")
  public ConnectView connect(Caller caller, @PathVariable String id) {
    Project project =
        projects.get(caller, projectId(id), Project.Kind.SPARK, "Spark Connect endpoints");
    ProjectView view = view(caller, project);
    return new ConnectView(view.connectUrl(), project.clientToken(), view.status());
  }

  @PostMapping("/{id}/connect/token")
  @Operation(
      summary =
          "Give the project a new Connect token; a running project restarts on a new cluster"
              + " (running statements end) so that the old token stops working")
  public ConnectView rotateToken(Caller caller, @PathVariable String id) {
    Project project = projects.rotateToken(caller, projectId(id));
    ProjectView view = view(caller, project);
    return new ConnectView(view.connectUrl(), project.clientToken(), view.status());
  }

  @DeleteMapping("/{id}")
  @Operation(summary = "Delete a project: its cluster, storage, tables and files")
  public ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
    projects.delete(caller, projectId(id));
    return ResponseEntity.noContent().build();
  }

  private ProjectView view(Caller caller, Project project) {
    Optional<ClusterSummary> cluster =
        project.running() ? projects.clusterSummary(caller, project) : Optional.empty();
    String status = ProjectViews.status(cluster);
    String connect = ProjectViews.connectUrl(cluster).orElse(null);
    return new ProjectView(
        project.id().value(),
        project.name(),
        project.kind().wireName(),
        project.description(),
        project.size().workers(),
        project.size().workerCores(),
        project.size().workerMemoryMb(),
        project.size().connectCores(),
        status,
        project.clusterId().map(Object::toString).orElse(null),
        connect,
        project.createdAt(),
        project.updatedAt());
  }

  private static ProjectId projectId(String id) {
    if (!ProjectId.isValid(id)) {
      throw BdpaasException.notFound("Project", id);
    }
    return new ProjectId(id);
  }
}
