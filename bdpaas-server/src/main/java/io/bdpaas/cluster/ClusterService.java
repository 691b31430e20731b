package io.bdpaas.cluster;

import io.bdpaas.account.User;
import io.bdpaas.account.UserStore;
import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.api.Problem;
import io.bdpaas.backend.ClusterBackend;
import io.bdpaas.backend.LogStream;
import io.bdpaas.backend.NodeDefinition;
import io.bdpaas.backend.NodeId;
import io.bdpaas.backend.NodeObservation;
import io.bdpaas.backend.NodeState;
import io.bdpaas.catalog.ClusterPlan;
import io.bdpaas.catalog.ClusterPlanner;
import io.bdpaas.catalog.OptionsDocument;
import io.bdpaas.catalog.Product;
import io.bdpaas.catalog.ProductKey;
import io.bdpaas.catalog.ProductStore;
import io.bdpaas.event.EventKind;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.Caller;
import io.bdpaas.tenancy.IdempotencyKey;
import io.bdpaas.tenancy.IdempotencyKeyStore;
import io.bdpaas.tenancy.UserId;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;
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
  private final ClusterEvents events;
  private final ProductStore products;
  private final UserStore users;
  private final ClusterPlanner planner;
  private final ClusterReconciler reconciler;
  private final ClusterBackend backend;
  private final ClusterAdmission admission;
  private final IdempotencyKeyStore idempotencyKeys;
  private final TransactionOperations transactions;

  public ClusterService(
      ClusterStore clusters,
      ClusterEvents events,
      ProductStore products,
      UserStore users,
      ClusterPlanner planner,
      ClusterReconciler reconciler,
      ClusterBackend backend,
      ClusterAdmission admission,
      IdempotencyKeyStore idempotencyKeys,
      TransactionOperations transactions) {
    this.clusters = clusters;
    this.events = events;
    this.products = products;
    this.users = users;
    this.planner = planner;
    this.reconciler = reconciler;
    this.backend = backend;
    this.admission = admission;
    this.idempotencyKeys = idempotencyKeys;
    this.transactions = transactions;
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
    return create(caller, request, Optional.empty());
  }

  /**
   * Creates a cluster; with an idempotency key, a request that repeats an earlier one with the same
   * key answers the cluster the earlier one created (or creates it under the same id, when the
   * earlier one was interrupted before it could).
   */
  public Cluster create(Caller caller, CreateRequest request, Optional<IdempotencyKey> key) {
    return create(caller, request, key, ClusterAttachments.NONE);
  }

  /** The same, for a resource (a project) that gives the cluster a client token and storage. */
  public Cluster create(
      Caller caller,
      CreateRequest request,
      Optional<IdempotencyKey> key,
      ClusterAttachments attachments) {
    ClusterId id = ClusterId.random();
    if (key.isPresent()) {
      id =
          new ClusterId(
              idempotencyKeys.claim(
                  caller.id(),
                  key.get(),
                  IdempotencyKey.fingerprint("POST /api/v1/clusters " + request),
                  id.value()));
      Optional<Cluster> earlier = clusters.find(caller, id);
      if (earlier.isPresent()) {
        log.info(
            "[cluster {}] create repeated by {} with its idempotency key", id, caller.username());
        return earlier.get();
      }
    }
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
    User owner =
        users
            .findById(caller.id())
            .orElseThrow(() -> BdpaasException.notFound("User", caller.id()));
    ClusterScheduler.beyondQuota(demand.milliCores(), demand.memoryMb(), owner.quota())
        .ifPresent(
            reason -> {
              throw new BdpaasException(
                  ErrorCode.QUOTA_EXCEEDED, "size " + size + " can never fit: " + reason);
            });
    admission.requireRoomToWait(caller.id());
    Instant now = Timestamps.now();
    Cluster cluster =
        new Cluster(
            id,
            caller.id(),
            name,
            product.get().key(),
            new ClusterSpec(
                size,
                request.options() == null ? "{}" : request.options().toString(),
                merged.values(),
                false,
                demand.milliCores(),
                demand.memoryMb()),
            ClusterProgress.registered(now),
            now);
    // The row and its first event in one transaction: a reconciler pass that finds the new row (a
    // start-up or resync scan) cannot record a transition ahead of "registered".
    String registered = "registered: " + product.get().key() + ", size " + size;
    try {
      transactions.executeWithoutResult(
          status -> {
            clusters.insert(cluster, attachments);
            events.record(cluster, EventKind.STATUS, registered);
          });
    } catch (DuplicateKeyException e) {
      // The same idempotent request, sent twice at once: the other one created it.
      return clusters.find(caller, id).orElseThrow(() -> e);
    }
    log.info(
        "[cluster {}] registered by {}: {} size {}",
        id,
        caller.username(),
        product.get().key(),
        size);
    reconciler.wakeUp(id);
    return cluster;
  }

  public Page<ClusterSummary> list(Caller caller, Filter filter, PageRequest page) {
    Map<String, Object> filters = new LinkedHashMap<>();
    filter.owner().ifPresent(owner -> filters.put("owner_id", owner.value()));
    filter.product().ifPresent(product -> filters.put("product_name", product));
    filter.version().ifPresent(version -> filters.put("product_version", version));
    filter.status().ifPresent(status -> filters.put("status", status.name()));
    return clusters.summaries(caller, filters, page);
  }

  public Optional<Cluster> find(Caller caller, ClusterId id) {
    return clusters.find(caller, id);
  }

  /** The cluster as lists show it: for pages that show many resources' clusters. */
  public Optional<ClusterSummary> findSummary(Caller caller, ClusterId id) {
    return clusters.findSummary(caller, id);
  }

  /**
   * The bearer the platform's own clients present to the cluster's engine endpoints (its Spark UIs'
   * REST API), for a caller who may see the cluster. Never shown to anyone.
   */
  /**
   * The cluster's engine key, for a driver the platform submits to it on the owner's behalf (it
   * joins the cluster with it); never shown to anyone.
   */
  public Optional<String> engineSecret(Caller caller, ClusterId id) {
    return clusters
        .findSummary(caller, id)
        .map(cluster -> clusters.engineSecret(cluster.id()).key());
  }

  /**
   * A TLS context that presents the cluster's own certificate and trusts only it, for the engine
   * endpoints behind mutual TLS (Flink's REST API).
   */
  public Optional<SSLContext> engineTls(Caller caller, ClusterId id) {
    return clusters
        .findSummary(caller, id)
        .map(cluster -> clusters.engineSecret(cluster.id()).clientTls());
  }

  public Optional<String> engineBearer(Caller caller, ClusterId id) {
    return clusters
        .findSummary(caller, id)
        .map(cluster -> clusters.engineSecret(cluster.id()).bearer());
  }

  public Cluster get(Caller caller, ClusterId id) {
    return clusters.find(caller, id).orElseThrow(() -> BdpaasException.notFound("Cluster", id));
  }

  /** Asks for the cluster to be destroyed; the reconciler stops its processes. */
  public Cluster destroy(Caller caller, ClusterId id) {
    Cluster cluster = get(caller, id);
    if (cluster.status() == ClusterStatus.DESTROYED) {
      return cluster;
    }
    clusters.requestDestroy(caller, cluster.id());
    events.record(cluster, EventKind.STATUS, "destroy requested by " + caller.username());
    log.info("[cluster {}] destroy requested by {}", cluster.id(), caller.username());
    reconciler.wakeUp(cluster.id());
    return get(caller, id);
  }

  /**
   * Destroys the cluster and, once it is destroyed, the storage area it was given (its project is
   * being deleted).
   */
  public Cluster destroyWithStorage(Caller caller, ClusterId id) {
    clusters.releaseStorageWithCluster(caller, get(caller, id).id());
    return destroy(caller, id);
  }

  public Page<ClusterEvent> events(Caller caller, ClusterId id, PageRequest page) {
    Cluster cluster = get(caller, id);
    return events.list(caller, cluster.id(), page);
  }

  /** A status transition, time-stamped: {@code "scheduling → scheduled: 3 nodes planned"}. */
  public record Transition(Instant at, String transition) {}

  /** Every status transition of a cluster the caller has read, oldest first. */
  public List<Transition> history(Caller caller, Cluster cluster) {
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

  /** Body of a resize: the new size. */
  public record ResizeRequest(Integer size) {}

  /**
   * Asks for another size. Refused at once when the cluster is being destroyed or has ended, or
   * when the new size does not fit the platform's capacity or the owner's quota; otherwise the
   * reconciler adds or removes nodes without restarting the others.
   */
  public Cluster resize(Caller caller, ClusterId id, ResizeRequest request) {
    Cluster cluster = get(caller, id);
    if (request.size() == null) {
      throw BdpaasException.invalid("size", "is required");
    }
    int size = request.size();
    if (size < 1 || size > MAX_SIZE) {
      throw BdpaasException.invalid("size", "must be between 1 and " + MAX_SIZE + ", got " + size);
    }
    if (cluster.spec().destroyRequested() || !cluster.needsReconciling()) {
      throw new BdpaasException(
          ErrorCode.CONFLICT,
          "cluster "
              + id
              + " is "
              + (cluster.spec().destroyRequested()
                  ? "being destroyed"
                  : cluster.status().wireName())
              + "; only a live cluster can be resized");
    }
    if (size == cluster.spec().size()) {
      return cluster;
    }
    Product product =
        products
            .find(cluster.product())
            .orElseThrow(
                () ->
                    new BdpaasException(
                        ErrorCode.CONFLICT, "product " + cluster.product() + " no longer exists"));
    boolean plannedFromThisProduct =
        cluster
            .plan()
            .map(plan -> plan.productDigest().equals(product.planningDigest()))
            .orElse(true);
    if (!plannedFromThisProduct) {
      throw new BdpaasException(
          ErrorCode.CONFLICT,
          "product "
              + cluster.product()
              + " changed since cluster "
              + id
              + " was planned, so it cannot be resized; create a new cluster to use the new"
              + " version of its template");
    }
    User owner =
        users
            .findById(cluster.ownerId())
            .orElseThrow(() -> BdpaasException.notFound("User", cluster.ownerId()));
    ClusterPlanner.Demand demand =
        planner.demand(
            product,
            cluster.spec().mergedOptions(),
            size,
            new ClusterPlanner.Context(cluster.id().value(), cluster.name(), owner.username()));
    // Admitted and written while no other admission runs; a smaller size needs no admission.
    admission.decide(
        cluster,
        size > cluster.spec().size() ? demand.milliCores() : 0,
        size > cluster.spec().size() ? demand.memoryMb() : 0,
        owner.quota(),
        decision -> {
          if (decision instanceof ClusterScheduler.Decision.Never never) {
            throw new BdpaasException(
                never.limit() == ClusterScheduler.Limit.QUOTA
                    ? ErrorCode.QUOTA_EXCEEDED
                    : ErrorCode.INSUFFICIENT_RESOURCES,
                "size " + size + " can never fit: " + never.reason());
          }
          if (decision instanceof ClusterScheduler.Decision.Wait wait) {
            throw new BdpaasException(
                ErrorCode.INSUFFICIENT_RESOURCES,
                "size " + size + " does not fit now: " + wait.reason());
          }
          clusters.requestResize(
              caller, cluster.id(), size, demand.milliCores(), demand.memoryMb());
          return null;
        });
    events.record(
        cluster,
        EventKind.RESIZE,
        "resize from "
            + cluster.spec().size()
            + " to "
            + size
            + " requested by "
            + caller.username());
    log.info(
        "[cluster {}] resize from {} to {} requested by {}",
        cluster.id(),
        cluster.spec().size(),
        size,
        caller.username());
    reconciler.wakeUp(cluster.id());
    return get(caller, id);
  }

  /** A node of a cluster with what the backend observes of it now. */
  public record NodeReport(ClusterPlan.PlannedNode planned, Optional<NodeObservation> observed) {}

  public List<NodeReport> nodes(Caller caller, ClusterId id) {
    Cluster cluster = get(caller, id);
    List<NodeReport> nodes = new ArrayList<>();
    for (ClusterPlan.PlannedNode node : cluster.plan().map(ClusterPlan::nodes).orElse(List.of())) {
      Optional<NodeObservation> observed =
          cluster.status() == ClusterStatus.DESTROYED
              ? Optional.empty()
              : backend.observe(new NodeId(cluster.id().value(), node.name()));
      nodes.add(new NodeReport(node, observed));
    }
    return nodes;
  }

  /**
   * Rewrites one file of each running node of the cluster whose template has it, without restarting
   * them, for settings the nodes read again by themselves: each gets its template's content passed
   * through {@code edit}. A node that restarts later gets its template's file back, so the caller
   * applies its change again then. Nodes that do not run are skipped.
   *
   * @return the names of the nodes rewritten
   */
  public List<String> rewriteNodeFiles(
      Caller caller, ClusterId id, String path, UnaryOperator<String> edit) {
    Cluster cluster = get(caller, id);
    if (cluster.status() == ClusterStatus.DESTROYED) {
      return List.of();
    }
    List<String> rewritten = new ArrayList<>();
    for (NodeDefinition node :
        cluster
            .plan()
            .map(plan -> plan.definitions(id.value(), cluster.tenant()))
            .orElse(List.of())) {
      Optional<String> template = node.process().map(process -> process.files().get(path));
      if (template.isEmpty() || !backend.state(node.id()).map(NodeState::isActive).orElse(false)) {
        continue;
      }
      try {
        backend.rewriteFile(node, path, edit.apply(template.get()));
        rewritten.add(node.id().nodeName());
      } catch (IllegalStateException stoppedMeanwhile) {
        log.debug("{} stopped before its {} was rewritten", node.id(), path);
      }
    }
    return rewritten;
  }

  /** The last lines of a node's log. */
  public List<String> tail(Caller caller, ClusterId id, String node, LogStream stream, int lines) {
    Cluster cluster = requireNode(caller, id, node);
    return backend.tail(new NodeId(cluster.id().value(), node), stream, lines);
  }

  /** A node's whole log, for download; empty when it has none. */
  public Optional<InputStream> openLog(Caller caller, ClusterId id, String node, LogStream stream) {
    Cluster cluster = requireNode(caller, id, node);
    return backend.openLog(new NodeId(cluster.id().value(), node), stream);
  }

  private Cluster requireNode(Caller caller, ClusterId id, String node) {
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
