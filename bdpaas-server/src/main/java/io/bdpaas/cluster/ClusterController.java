package io.bdpaas.cluster;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.bdpaas.account.UserStore;
import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.api.Problem;
import io.bdpaas.api.RenderedJson;
import io.bdpaas.api.WaitSeconds;
import io.bdpaas.backend.LogStream;
import io.bdpaas.backend.NodeObservation;
import io.bdpaas.backend.NodeState;
import io.bdpaas.catalog.ClusterPlan;
import io.bdpaas.catalog.ClusterTemplate;
import io.bdpaas.tenancy.Caller;
import io.bdpaas.tenancy.IdempotencyKey;
import io.bdpaas.tenancy.UserId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.context.request.async.DeferredResult;
import tools.jackson.databind.ObjectMapper;

/** Clusters, in seed 003's shape: {@code /api/v1/clusters}. */
@RestController
@RequestMapping(path = "/api/v1/clusters", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Clusters", description = "Instances of products: create, watch, destroy")
public class ClusterController {
  private final ClusterService clusters;
  private final UserStore users;
  private final ClusterWatch watch;

  private final RenderedJson<Page<ClusterSummary>> listPages;

  public ClusterController(
      ClusterService clusters, UserStore users, ClusterWatch watch, ObjectMapper json) {
    this.clusters = clusters;
    this.users = users;
    this.watch = watch;
    this.listPages = new RenderedJson<>(json, this::views, 512);
  }

  /** A cluster as clients see it. */
  public record ClusterView(
      String id,
      String name,
      String owner,
      String product,
      String version,
      int size,
      Map<String, Object> options,
      String status,
      String statusReason,
      boolean destroyRequested,
      double cores,
      int memoryMb,
      Map<String, String> endpoints,
      int nodes,
      Instant createdAt,
      Instant updatedAt,
      Instant statusChangedAt) {}

  /**
   * A node with its placement and what is observed of it now; {@code instance} is what runs it (a
   * process id on the local backend, a pod on Kubernetes).
   */
  public record NodeView(
      String name,
      String group,
      String role,
      String host,
      Map<String, Integer> ports,
      double cores,
      int memoryMb,
      String state,
      String instance,
      Instant startedAt,
      int restarts,
      Integer lastExitCode,
      Double cpuSeconds,
      Long memoryBytes) {}

  /** A service: configuration applied to node groups, running when all their nodes are. */
  public record ServiceView(
      String name, List<String> nodeGroups, Map<String, Object> config, String state) {}

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "Create a cluster; answers 202 with the cluster to poll",
      description =
          "With an Idempotency-Key header (e.g. a UUID), a retry of the same request within 24"
              + " hours answers the cluster the first one created instead of creating another;"
              + " the same key with a different request is a 409.")
  public ResponseEntity<ClusterView> create(
      Caller caller,
      @RequestHeader(name = IdempotencyKey.HEADER, required = false) String idempotencyKey,
      @RequestBody ClusterService.CreateRequest request) {
    Cluster cluster =
        clusters.create(
            caller, request, Optional.ofNullable(idempotencyKey).map(IdempotencyKey::new));
    return ResponseEntity.accepted()
        .location(URI.create("/api/v1/clusters/" + cluster.id()))
        .body(view(cluster));
  }

  @GetMapping
  @Operation(
      summary = "List clusters (filters: owner, product, version, status)",
      description =
          "Answers an ETag; a client that polls with If-None-Match gets 304 until the page"
              + " changes.")
  @ApiResponse(
      responseCode = "200",
      content = @Content(schema = @Schema(implementation = ClusterViewPage.class)))
  public ResponseEntity<byte[]> list(
      Caller caller,
      WebRequest request,
      @RequestParam(required = false) String owner,
      @RequestParam(required = false) String product,
      @RequestParam(required = false) String version,
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
    Optional<ClusterStatus> parsedStatus = Optional.empty();
    if (status != null) {
      try {
        parsedStatus = Optional.of(ClusterStatus.fromWireName(status));
      } catch (IllegalArgumentException e) {
        throw BdpaasException.invalid(
            "status",
            "must be one of "
                + Arrays.stream(ClusterStatus.values()).map(ClusterStatus::wireName).toList());
      }
    }
    PageRequest pageRequest = new PageRequest(page, size);
    Optional<UserId> ownerId = Optional.empty();
    if (owner != null) {
      ownerId = users.findByUsername(owner).map(u -> u.id());
      if (ownerId.isEmpty()) {
        // nobody of that name owns anything
        return listPages.respond(Page.of(List.of(), pageRequest, 0), request);
      }
    }
    ClusterService.Filter filter =
        new ClusterService.Filter(
            ownerId, Optional.ofNullable(product), Optional.ofNullable(version), parsedStatus);
    return listPages.respond(clusters.list(caller, filter, pageRequest), request);
  }

  /** What clients see of a page of clusters; written once per page the store answers. */
  private Page<ClusterView> views(Page<ClusterSummary> found) {
    Map<UserId, String> owners =
        users.usernames(found.items().stream().map(ClusterSummary::ownerId).toList());
    return found.map(cluster -> view(cluster, owners.getOrDefault(cluster.ownerId(), "?")));
  }

  /** The schema of a list's answer, for the API's description. */
  @Schema(name = "PageClusterView")
  record ClusterViewPage(
      List<ClusterView> items, int page, int size, long totalItems, int totalPages) {}

  @GetMapping("/{id}")
  @Operation(summary = "Get a cluster: status, endpoints, resources")
  public ClusterDetailView get(Caller caller, @PathVariable ClusterId id) {
    return detail(caller, clusters.get(caller, id));
  }

  /**
   * The same, answered when the cluster reaches {@code until} (or fails, or is destroyed) or after
   * {@code wait} seconds, whichever comes first: a client that waits for a cluster holds one
   * request instead of polling. Answers at once when the cluster is already there.
   */
  @GetMapping(path = "/{id}", params = "until")
  @Operation(
      summary =
          "Get a cluster once it reaches a status: ?until=ready&wait=30 answers when the cluster is"
              + " ready, failed or destroyed, or after 'wait' seconds (1 to 60, default 30)")
  public DeferredResult<ClusterDetailView> getWhen(
      Caller caller,
      @PathVariable ClusterId id,
      @RequestParam String until,
      @RequestParam(defaultValue = "30") int wait) {
    List<Problem> problems = new ArrayList<>();
    ClusterStatus target = null;
    try {
      target = ClusterStatus.fromWireName(until);
    } catch (IllegalArgumentException e) {
      problems.add(
          Problem.of(
              "until",
              "must be one of "
                  + Arrays.stream(ClusterStatus.values()).map(ClusterStatus::wireName).toList()));
    }
    WaitSeconds.problem(wait).ifPresent(problems::add);
    BdpaasException.throwIfAny(problems);
    ClusterStatus wanted = target;
    DeferredResult<ClusterDetailView> answer = new DeferredResult<>(wait * 1000L);
    Cluster now = clusters.get(caller, id);
    if (reached(now, wanted)) {
      answer.setResult(detail(caller, now));
      return answer;
    }
    Runnable answerIfReached =
        () ->
            clusters
                .find(caller, now.id())
                .filter(cluster -> reached(cluster, wanted))
                .ifPresent(cluster -> answer.setResult(detail(caller, cluster)));
    ClusterWatch.Waiter waiter = watch.register(caller, now.id(), answerIfReached);
    answer.onTimeout(() -> answer.setResult(detail(caller, clusters.get(caller, now.id()))));
    answer.onCompletion(waiter::close);
    answer.onError(failure -> waiter.close());
    // A change between the first read and the registration is not lost: look once more.
    answerIfReached.run();
    return answer;
  }

  private static boolean reached(Cluster cluster, ClusterStatus wanted) {
    return cluster.status() == wanted
        || cluster.status() == ClusterStatus.FAILED
        || cluster.status() == ClusterStatus.DESTROYED;
  }

  private ClusterDetailView detail(Caller caller, Cluster cluster) {
    return new ClusterDetailView(view(cluster), clusters.history(caller, cluster));
  }

  /** One cluster with its status history (oldest first). */
  public record ClusterDetailView(
      @JsonUnwrapped ClusterView cluster, List<ClusterService.Transition> history) {}

  @DeleteMapping("/{id}")
  @Operation(summary = "Destroy a cluster; answers 202, status becomes destroyed")
  public ResponseEntity<ClusterView> destroy(Caller caller, @PathVariable ClusterId id) {
    return ResponseEntity.accepted().body(view(clusters.destroy(caller, id)));
  }

  @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary =
          "Resize a cluster: {\"size\": N} adds or removes worker nodes without restarting the"
              + " others; answers 202")
  public ResponseEntity<ClusterView> resize(
      Caller caller,
      @PathVariable ClusterId id,
      @RequestBody ClusterService.ResizeRequest request) {
    return ResponseEntity.accepted().body(view(clusters.resize(caller, id, request)));
  }

  @GetMapping("/{id}/nodes")
  @Operation(summary = "The cluster's nodes: role, host, ports, pid, state, restarts, CPU, memory")
  public List<NodeView> nodes(Caller caller, @PathVariable ClusterId id) {
    return clusters.nodes(caller, id).stream().map(ClusterController::nodeView).toList();
  }

  @GetMapping("/{id}/services")
  @Operation(summary = "The cluster's services with their rendered configuration")
  public List<ServiceView> services(Caller caller, @PathVariable ClusterId id) {
    Cluster cluster = clusters.get(caller, id);
    return serviceViews(cluster, clusters.nodes(caller, id));
  }

  /** The cluster's services, running when every node of their groups is (also for the console). */
  static List<ServiceView> serviceViews(Cluster cluster, List<ClusterService.NodeReport> nodes) {
    List<ClusterTemplate.Service> services =
        cluster.plan().map(ClusterPlan::services).orElse(List.of());
    return services.stream()
        .map(
            service -> {
              List<ClusterService.NodeReport> members =
                  nodes.stream()
                      .filter(node -> service.nodeGroups().contains(node.planned().group()))
                      .toList();
              boolean running =
                  !members.isEmpty()
                      && members.stream()
                          .allMatch(
                              node ->
                                  node.observed()
                                      .map(observed -> observed.state() == NodeState.RUNNING)
                                      .orElse(false));
              return new ServiceView(
                  service.name(),
                  service.nodeGroups(),
                  service.config(),
                  running ? "running" : members.isEmpty() ? "not started" : "not running");
            })
        .toList();
  }

  @GetMapping("/{id}/events")
  @Operation(summary = "The cluster's events, newest first: status transitions and node events")
  public Page<ClusterEvent> events(
      Caller caller,
      @PathVariable ClusterId id,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
    return clusters.events(caller, id, new PageRequest(page, size));
  }

  @GetMapping(path = "/{id}/nodes/{node}/log", produces = MediaType.ALL_VALUE)
  @Operation(summary = "A node's log: the last lines, or the whole file with download=true")
  public ResponseEntity<?> log(
      Caller caller,
      @PathVariable ClusterId id,
      @PathVariable String node,
      @RequestParam(defaultValue = "stdout") String stream,
      @RequestParam(defaultValue = "200") int lines,
      @RequestParam(defaultValue = "false") boolean download) {
    LogStream logStream;
    try {
      logStream = LogStream.valueOf(stream.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw BdpaasException.invalid("stream", "must be stdout or stderr");
    }
    if (lines < 1 || lines > 10_000) {
      throw BdpaasException.invalid("lines", "must be between 1 and 10000");
    }
    if (download) {
      Resource file =
          new InputStreamResource(
              clusters
                  .openLog(caller, id, node, logStream)
                  .orElseThrow(() -> BdpaasException.notFound("Log", node + " " + stream)));
      return ResponseEntity.ok()
          .contentType(MediaType.TEXT_PLAIN)
          .header(
              HttpHeaders.CONTENT_DISPOSITION,
              "attachment; filename=\"" + id + "-" + node + "-" + logStream.fileName() + "\"")
          .body(file);
    }
    String text = String.join("\n", clusters.tail(caller, id, node, logStream, lines));
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
        .body(text.isEmpty() ? "" : text + "\n");
  }

  private ClusterView view(Cluster cluster) {
    return view(cluster, users.findById(cluster.ownerId()).map(u -> u.username()).orElse("?"));
  }

  /** A cluster as clients see it, given its owner's name (also for the console). */
  static ClusterView view(Cluster cluster, String owner) {
    return view(cluster.summary(), owner);
  }

  /** The same, from a list's row. */
  static ClusterView view(ClusterSummary cluster, String owner) {
    ClusterSpec spec = cluster.spec();
    return new ClusterView(
        cluster.id().value(),
        cluster.name(),
        owner,
        cluster.product().name(),
        cluster.product().version(),
        spec.size(),
        spec.mergedOptions(),
        cluster.status().wireName(),
        cluster.reason().orElse(null),
        spec.destroyRequested(),
        spec.milliCores() / 1000.0,
        spec.memoryMb(),
        cluster.status() == ClusterStatus.DESTROYED ? Map.of() : cluster.endpoints(),
        cluster.nodeCount(),
        cluster.createdAt(),
        cluster.updatedAt(),
        cluster.statusChangedAt());
  }

  static NodeView nodeView(ClusterService.NodeReport node) {
    ClusterPlan.PlannedNode planned = node.planned();
    Optional<NodeObservation> observed = node.observed();
    return new NodeView(
        planned.name(),
        planned.group(),
        planned.role(),
        planned.host(),
        planned.ports(),
        planned.milliCores() / 1000.0,
        planned.memoryMb(),
        observed.map(o -> o.state().name().toLowerCase(Locale.ROOT)).orElse("not started"),
        observed.flatMap(NodeObservation::instance).orElse(null),
        observed.flatMap(NodeObservation::startedAt).orElse(null),
        observed.map(NodeObservation::restarts).orElse(0),
        observed
            .filter(o -> o.lastExitCode().isPresent())
            .map(o -> o.lastExitCode().getAsInt())
            .orElse(null),
        observed.flatMap(NodeObservation::cpuTime).map(d -> d.toMillis() / 1000.0).orElse(null),
        observed
            .filter(o -> o.memoryBytes().isPresent())
            .map(o -> o.memoryBytes().getAsLong())
            .orElse(null));
  }
}
