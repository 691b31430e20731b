package io.bdpaas.cluster;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.api.Problem;
import io.bdpaas.backend.NodeStatus;
import io.bdpaas.backend.local.LogStream;
import io.bdpaas.catalog.ClusterPlan;
import io.bdpaas.catalog.ClusterPlanner;
import io.bdpaas.catalog.OptionsDocument;
import io.bdpaas.catalog.Product;
import io.bdpaas.catalog.ProductKey;
import io.bdpaas.catalog.ProductStore;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.Caller;
import io.bdpaas.tenancy.UserId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Clusters as their owners see them: create (validated, then driven by the reconciler), list, get
 * with nodes, services and events, read node logs, destroy. Every read is tenant-scoped.
 */
@Service
public class ClusterService {
  private static final Logger log = LoggerFactory.getLogger(ClusterService.class);
  static final int MAX_SIZE = 100;

  private final ClusterStore clusters;
  private final ClusterEventStore events;
  private final ProductStore products;
  private final ClusterPlanner planner;
  private final ClusterReconciler reconciler;

  public ClusterService(
      ClusterStore clusters,
      ClusterEventStore events,
      ProductStore products,
      ClusterPlanner planner,
      ClusterReconciler reconciler) {
    this.clusters = clusters;
    this.events = events;
    this.products = products;
    this.planner = planner;
    this.reconciler = reconciler;
  }

  /** Body of a cluster creation, as in seed 003 plus the product to instantiate. */
  public record CreateRequest(
      String name, String product, String version, Integer size, JsonNode options) {}

  /** Filters of the cluster list. */
  public record Filter(
      Optional<UserId> owner,
      Optional<String> product,
      Optional<String> version,
      Optional<ClusterStatus> status) {}

  public Cluster create(Caller caller, CreateRequest request) {
    List<Problem> problems = new ArrayList<>();
    if (request.product() == null || request.product().isBlank()) {
      problems.add(Problem.of("product", "is required"));
    }
    if (request.version() == null || request.version().isBlank()) {
      problems.add(Problem.of("version", "is required"));
    }
    int size = request.size() == null ? 1 : request.size();
    if (size < 1 || size > MAX_SIZE) {
      problems.add(Problem.of("size", "must be between 1 and " + MAX_SIZE + ", got " + size));
    }
    if (request.name() != null && !request.name().matches("[a-z0-9][a-z0-9-]{0,62}")) {
      problems.add(Problem.of("name", "must be up to 63 lower-case letters, digits or '-'"));
    }
    Optional<Product> product = Optional.empty();
    if (problems.stream()
        .noneMatch(p -> p.field().equals("product") || p.field().equals("version"))) {
      product = findProduct(request.product(), request.version());
      if (product.isEmpty()) {
        problems.add(
            Problem.of(
                "product",
                "no product " + request.product() + " " + request.version() + " in the catalog"));
      } else if (!product.get().launchable()) {
        problems.add(
            Problem.of("product", product.get().key() + " has no template or orchestrator yet"));
      }
    }
    OptionsDocument.Merged merged =
        product
            .map(p -> p.options().merge(request.options(), "options"))
            .orElse(new OptionsDocument.Merged(Map.of(), List.of()));
    problems.addAll(merged.problems());
    BdpaasException.throwIfAny(problems);

    ClusterId id = ClusterId.random();
    String name =
        request.name() == null
            ? product.get().key().name() + "-" + id.value().substring(2)
            : request.name();
    ClusterPlanner.Demand demand =
        planner.demand(
            product.get(),
            merged.values(),
            size,
            new ClusterPlanner.Context(id.value(), name, caller.username()));
    Instant now = Timestamps.now();
    Cluster cluster =
        new Cluster(
            id,
            caller.id(),
            name,
            product.get().key(),
            size,
            request.options() == null ? "{}" : request.options().toString(),
            merged.values(),
            ClusterStatus.REGISTERED,
            Optional.empty(),
            false,
            demand.milliCores(),
            demand.memoryMb(),
            Optional.empty(),
            0,
            Optional.empty(),
            now,
            now,
            now);
    clusters.insert(cluster);
    events.append(
        id, caller.id(), "STATUS", null, "registered: " + product.get().key() + ", size " + size);
    log.info(
        "[cluster {}] registered by {}: {} size {}",
        id,
        caller.username(),
        product.get().key(),
        size);
    reconciler.wakeUp();
    return cluster;
  }

  public Page<Cluster> list(Caller caller, Filter filter, PageRequest page) {
    Map<String, Object> filters = new LinkedHashMap<>();
    filter.owner().ifPresent(owner -> filters.put("owner_id", owner.value()));
    filter.product().ifPresent(product -> filters.put("product_name", product));
    filter.version().ifPresent(version -> filters.put("product_version", version));
    filter.status().ifPresent(status -> filters.put("status", status.name()));
    return clusters.list(caller, filters, page);
  }

  public Cluster get(Caller caller, String id) {
    if (!ClusterId.isValid(id)) {
      throw BdpaasException.notFound("Cluster", id);
    }
    return clusters
        .find(caller, new ClusterId(id))
        .orElseThrow(() -> BdpaasException.notFound("Cluster", id));
  }

  /** Asks for the cluster to be destroyed; the reconciler stops its processes. */
  public Cluster destroy(Caller caller, String id) {
    Cluster cluster = get(caller, id);
    if (cluster.status() == ClusterStatus.DESTROYED) {
      return cluster;
    }
    clusters.requestDestroy(caller, cluster.id());
    events.append(
        cluster.id(),
        cluster.ownerId(),
        "STATUS",
        null,
        "destroy requested by " + caller.username());
    log.info("[cluster {}] destroy requested by {}", cluster.id(), caller.username());
    reconciler.wakeUp();
    return get(caller, id);
  }

  public Page<ClusterEvent> events(Caller caller, String id, PageRequest page) {
    Cluster cluster = get(caller, id);
    return events.list(caller, cluster.id(), page);
  }

  /** A status transition, time-stamped: {@code "scheduling → scheduled: 3 nodes planned"}. */
  public record Transition(Instant at, String transition) {}

  /** Every status transition of a cluster, oldest first. */
  public List<Transition> history(Caller caller, String id) {
    Cluster cluster = get(caller, id);
    List<Transition> history = new ArrayList<>();
    int page = 0;
    Page<ClusterEvent> events;
    do {
      events =
          this.events.transitions(
              caller, cluster.id(), new PageRequest(page++, PageRequest.MAX_SIZE));
      for (ClusterEvent event : events.items()) {
        history.add(0, new Transition(event.time(), event.message()));
      }
    } while (events.hasNext());
    return history;
  }

  /** A node of a cluster with what the backend observes of it now. */
  public record NodeReport(ClusterPlan.PlannedNode planned, Optional<NodeStatus> status) {}

  public List<NodeReport> nodes(Caller caller, String id) {
    Cluster cluster = get(caller, id);
    List<NodeReport> nodes = new ArrayList<>();
    for (ClusterPlan.PlannedNode node : cluster.plan().map(ClusterPlan::nodes).orElse(List.of())) {
      Optional<NodeStatus> status =
          cluster.status() == ClusterStatus.DESTROYED
              ? Optional.empty()
              : reconciler.backend().status(cluster.id(), node.name());
      nodes.add(new NodeReport(node, status));
    }
    return nodes;
  }

  /** The last lines of a node's log. */
  public List<String> tail(Caller caller, String id, String node, LogStream stream, int lines) {
    Cluster cluster = requireNode(caller, id, node);
    return reconciler.backend().tail(cluster.id(), node, stream, lines);
  }

  /** A node's whole log file. */
  public Path logFile(Caller caller, String id, String node, LogStream stream) {
    Cluster cluster = requireNode(caller, id, node);
    return reconciler.backend().logFile(cluster.id(), node, stream);
  }

  private Cluster requireNode(Caller caller, String id, String node) {
    Cluster cluster = get(caller, id);
    boolean known =
        cluster.plan().stream()
            .flatMap(plan -> plan.nodes().stream())
            .anyMatch(n -> n.name().equals(node));
    if (!known) {
      throw BdpaasException.notFound("Node", node + " of cluster " + id);
    }
    return cluster;
  }

  private Optional<Product> findProduct(String name, String version) {
    try {
      return products.find(new ProductKey(name, version));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
