package io.bdpaas.backend.kubernetes;

import static java.util.Objects.requireNonNull;

import io.bdpaas.backend.ClusterBackend;
import io.bdpaas.backend.ContainerPart;
import io.bdpaas.backend.Isolation;
import io.bdpaas.backend.LogStream;
import io.bdpaas.backend.NodeDefinition;
import io.bdpaas.backend.NodeEvent;
import io.bdpaas.backend.NodeEventListener;
import io.bdpaas.backend.NodeId;
import io.bdpaas.backend.NodeObservation;
import io.bdpaas.backend.NodePlacement;
import io.bdpaas.backend.NodeStartException;
import io.bdpaas.backend.NodeState;
import io.bdpaas.backend.PlacementRequest;
import io.bdpaas.backend.Readiness;
import io.bdpaas.backend.ReadinessChecks;
import io.bdpaas.backend.RecoveryReport;
import io.bdpaas.backend.StorageFiles;
import io.bdpaas.backend.TemplatePart;
import io.bdpaas.engine.EngineAddresses;
import io.bdpaas.engine.ProbeResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The Kubernetes backend: every node is a pod of a StatefulSet of its own in its tenant's namespace
 * (see {@link KubernetesNames} for the names, {@link TenantObjects} and {@link NodeObjects} for the
 * objects). What runs is observed through informers on the backend's StatefulSets, pods and the
 * warnings Kubernetes records about them, so that a reconcile step reads a local cache and not the
 * API server; pod changes and warnings become node events.
 *
 * <p>Nodes find each other by the cluster's DNS ({@code <pod>.<cluster>-<group>.<namespace>.svc});
 * the control plane finds them so when it runs inside the cluster, and through {@link PortForwards}
 * when it runs outside ({@link KubernetesBackendSettings.NodeAccess}). Both log streams of a node
 * are its container's one log.
 */
public final class KubernetesClusterBackend implements ClusterBackend {
  private static final System.Logger LOG =
      System.getLogger(KubernetesClusterBackend.class.getName());

  /** Indexes StatefulSets and pods by {@code <cluster>/<node>}, their node id. */
  private static final String BY_NODE = "node";

  /** Ports of the engines as their own defaults, by the name templates give them. */
  private static final Map<String, Integer> WELL_KNOWN_PORTS =
      Map.ofEntries(
          Map.entry("rpc", 7077),
          Map.entry("ui", 8080),
          Map.entry("rest", 6066),
          Map.entry("grpc", 15002),
          Map.entry("driver", 7078),
          Map.entry("blocks", 7079),
          Map.entry("blob", 6124),
          Map.entry("data", 6121),
          Map.entry("http", 8080));

  private static final int FIRST_OTHER_PORT = 10000;
  private static final Duration METRICS_RETRY = Duration.ofMinutes(5);

  /**
   * What a node owns (its pod included, which its StatefulSet owns), deleted when it stops: the
   * Services, NetworkPolicies and Ingresses are those that publish its exposed ports.
   */
  private static final List<Class<? extends HasMetadata>> NODE_KINDS =
      List.of(
          StatefulSet.class,
          Secret.class,
          Pod.class,
          Ingress.class,
          NetworkPolicy.class,
          Service.class);

  /** What a cluster owns, deleted with it: its nodes', its group Services and its anchor. */
  private static final List<Class<? extends HasMetadata>> CLUSTER_KINDS =
      List.of(
          StatefulSet.class,
          Service.class,
          Secret.class,
          Pod.class,
          Ingress.class,
          NetworkPolicy.class,
          ConfigMap.class);

  /** The port an Ingress serves exposed ports on: TLS. */
  private static final int EXTERNAL_PORT = 443;

  private final KubernetesClient client;
  private final KubernetesBackendSettings settings;
  private final KubernetesNames names;
  private final TenantObjects tenantObjects;
  private final NodeObjects nodeObjects;
  private final Function<String, TenantQuota> quotas;
  private final NodeEventListener listener;
  private final Applier applier;
  private final Optional<PortForwards> forwards;
  private final StorageAreas storageAreas;

  private final ReadinessChecks readiness;
  private final Instant startedAt = Instant.now();

  /** The quota each tenant's namespace objects were last applied with by this control plane. */
  private final Map<String, TenantQuota> appliedTenants = new ConcurrentHashMap<>();

  private final SharedIndexInformer<StatefulSet> statefulSets;
  private final SharedIndexInformer<Pod> pods;
  private final SharedIndexInformer<Event> warnings;
  private volatile Instant metricsRetryAt = Instant.EPOCH;
  private final CpuTimes cpuTimes = new CpuTimes();

  /**
   * Starts watching the backend's objects and returns once the caches hold what exists.
   *
   * @param client the client to the cluster; closed with the backend
   * @param quotas each tenant's quota, for its namespace's ResourceQuota
   * @param applier how objects are written ({@link Applier#serverSide} on a real API server)
   */
  public KubernetesClusterBackend(
      KubernetesClient client,
      KubernetesBackendSettings settings,
      Function<String, TenantQuota> quotas,
      NodeEventListener listener,
      Applier applier) {
    this.client = requireNonNull(client, "client is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.names = new KubernetesNames(settings.namespacePrefix(), settings.clusterDomain());
    this.tenantObjects = new TenantObjects(names, settings.controlPlaneNamespace());
    this.nodeObjects = new NodeObjects(names, settings.images());
    this.quotas = requireNonNull(quotas, "quotas is null");
    this.listener = requireNonNull(listener, "listener is null");
    this.applier = requireNonNull(applier, "applier is null");
    this.forwards =
        settings.nodeAccess() == KubernetesBackendSettings.NodeAccess.PORT_FORWARD
            ? Optional.of(new PortForwards(client, names))
            : Optional.empty();
    this.readiness = new ReadinessChecks(addresses());
    this.storageAreas = new StorageAreas(client, names, settings, applier);

    statefulSets =
        client
            .apps()
            .statefulSets()
            .inAnyNamespace()
            .withLabel(KubernetesNames.MANAGED_BY, KubernetesNames.MANAGER)
            .runnableInformer(0);
    statefulSets.addIndexers(Map.of(BY_NODE, KubernetesClusterBackend::nodeKeys));
    pods =
        client
            .pods()
            .inAnyNamespace()
            .withLabel(KubernetesNames.MANAGED_BY, KubernetesNames.MANAGER)
            .runnableInformer(0);
    pods.addIndexers(Map.of(BY_NODE, KubernetesClusterBackend::nodeKeys));
    pods.addEventHandler(new PodHandler());
    // Every event is watched and warnings picked here. A watch with the field selector
    // type=Warning would spare the control plane a busy cluster's normal events, but fabric8's mock
    // API server, which the fast tests run on, serves no event through it at all.
    warnings = client.v1().events().inAnyNamespace().runnableInformer(0);
    warnings.addEventHandler(new WarningHandler());
    try {
      statefulSets.start().toCompletableFuture().get(1, TimeUnit.MINUTES);
      pods.start().toCompletableFuture().get(1, TimeUnit.MINUTES);
      warnings.start().toCompletableFuture().get(1, TimeUnit.MINUTES);
    } catch (Exception e) {
      close();
      throw new IllegalStateException(
          "could not watch the Kubernetes API server at " + client.getMasterUrl() + ": " + e, e);
    }
  }

  /**
   * Connects to the API server the kubeconfig names (the usual search when empty: {@code
   * KUBECONFIG}, {@code ~/.kube/config}, and inside a pod its service account) and writes with
   * server-side apply.
   */
  public static KubernetesClusterBackend connect(
      Optional<Path> kubeconfig,
      KubernetesBackendSettings settings,
      Function<String, TenantQuota> quotas,
      NodeEventListener listener) {
    KubernetesClientBuilder builder = new KubernetesClientBuilder();
    if (kubeconfig.isPresent()) {
      try {
        builder.withConfig(Config.fromKubeconfig(Files.readString(kubeconfig.get())));
      } catch (IOException e) {
        throw new UncheckedIOException("could not read the kubeconfig " + kubeconfig.get(), e);
      }
    }
    KubernetesClient client = builder.build();
    return new KubernetesClusterBackend(
        client, settings, quotas, listener, Applier.serverSide(client));
  }

  @Override
  public TemplatePart requiredPart() {
    return TemplatePart.CONTAINER;
  }

  @Override
  public List<NodePlacement> place(Collection<PlacementRequest> requests) {
    List<NodePlacement> placements = new ArrayList<>();
    for (PlacementRequest request : requests) {
      Map<String, Integer> ports = new LinkedHashMap<>();
      Set<Integer> taken = new HashSet<>();
      int next = FIRST_OTHER_PORT;
      for (String name : request.portNames()) {
        Integer known = WELL_KNOWN_PORTS.get(name);
        int port;
        if (known != null && !taken.contains(known)) {
          port = known;
        } else {
          while (taken.contains(next)) {
            next++;
          }
          port = next++;
        }
        taken.add(port);
        ports.put(name, port);
      }
      Map<String, String> external = new LinkedHashMap<>();
      settings
          .ingress()
          .ifPresent(
              ingress ->
                  ports
                      .keySet()
                      .forEach(
                          name ->
                              external.put(
                                  name,
                                  names.externalHost(request.node(), name, ingress.domain())
                                      + ":"
                                      + EXTERNAL_PORT)));
      placements.add(
          new NodePlacement(
              request.node(),
              names.host(request.tenant(), request.node()),
              ports,
              settings.workDir(),
              request.runtime().map(KubernetesClusterBackend::runtimeHome).orElse(""),
              external));
    }
    return placements;
  }

  /** Where an engine lives in its official image. */
  static String runtimeHome(String runtime) {
    if (runtime.startsWith("spark-")) {
      return "/opt/spark";
    }
    if (runtime.startsWith("flink-")) {
      return "/opt/flink";
    }
    return "/opt/" + runtime;
  }

  @Override
  public Isolation isolation() {
    return new Isolation(
        true,
        "a namespace per tenant with a ResourceQuota, a default-deny NetworkPolicy (only the"
            + " tenant's own pods and the control plane's namespace get in) and a service account"
            + " without token or role; NetworkPolicies hold only where the cluster's network"
            + " plugin enforces them");
  }

  @Override
  public Optional<String> cannotRun(NodeDefinition node) {
    if (node.container().isEmpty()) {
      return Optional.of(
          "the Kubernetes backend runs a node group's 'container' part, which the template of"
              + " node "
              + node.id().nodeName()
              + " lacks");
    }
    if (node.container().get().image() == null || node.container().get().image().isBlank()) {
      return Optional.of("node " + node.id().nodeName() + " names no container image");
    }
    return Optional.empty();
  }

  @Override
  public NodeObservation ensureRunning(NodeDefinition node) {
    cannotRun(node)
        .ifPresent(
            why -> {
              throw new NodeStartException(why);
            });
    Optional<StatefulSet> existing = statefulSet(node.id());
    if (existing.isPresent()
        && existing.get().getMetadata().getDeletionTimestamp() == null
        && NodeObjects.definitionHash(node).equals(hashOf(existing.get()))) {
      return observation(node.id(), existing.get());
    }
    ensureTenant(node.tenant());
    ConfigMap anchor = ensureAnchor(node.tenant(), node.id().clusterId());
    OwnerReference owner = NodeObjects.ownedBy(anchor);
    StatefulSet desired = nodeObjects.statefulSet(node, owner);
    if (existing.isEmpty()) {
      admit(node, desired);
    }
    try {
      applier.apply(nodeObjects.files(node, owner));
      applier.apply(nodeObjects.groupService(node, owner));
      if (settings.ingress().isPresent()) {
        for (HasMetadata object : nodeObjects.exposure(node, owner, settings.ingress().get())) {
          applier.apply(object);
        }
      }
      StatefulSet applied = applier.apply(desired);
      return observation(node.id(), applied);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 422 || e.getCode() == 403) {
        throw new NodeStartException(
            "Kubernetes refused node " + node.id().nodeName() + ": " + apiMessage(e), e);
      }
      throw e;
    }
  }

  /**
   * Asks the API server, without creating anything, whether it would take the node's pod: quota
   * admission refuses it here, with its reason, rather than later in an event of the StatefulSet's
   * controller that nobody waits for.
   */
  private void admit(NodeDefinition node, StatefulSet desired) {
    Pod pod =
        new PodBuilder()
            .withMetadata(desired.getSpec().getTemplate().getMetadata())
            .editMetadata()
            .withName(names.pod(node.id()))
            .withNamespace(names.namespace(node.tenant()))
            .endMetadata()
            .withSpec(desired.getSpec().getTemplate().getSpec())
            .build();
    try {
      applier.admit(pod);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403 || e.getCode() == 422) {
        throw new NodeStartException(
            "Kubernetes refused the pod of node "
                + node.id().nodeName()
                + ": "
                + (apiMessage(e).contains("exceeded quota")
                    ? "the tenant's quota is used up: "
                    : "")
                + apiMessage(e),
            e);
      }
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  private void ensureTenant(String tenant) {
    TenantQuota quota = quotas.apply(tenant);
    if (quota.equals(appliedTenants.get(tenant))) {
      return;
    }
    for (HasMetadata object : tenantObjects.all(tenant, quota)) {
      applier.apply(object);
    }
    appliedTenants.put(tenant, quota);
  }

  private ConfigMap ensureAnchor(String tenant, String clusterId) {
    String namespace = names.namespace(tenant);
    ConfigMap existing =
        client.configMaps().inNamespace(namespace).withName(names.clusterAnchor(clusterId)).get();
    if (existing != null && existing.getMetadata().getDeletionTimestamp() == null) {
      return existing;
    }
    return applier.apply(nodeObjects.anchor(tenant, clusterId));
  }

  @Override
  public Optional<NodeObservation> observe(NodeId node) {
    return statefulSet(node)
        .map(
            set -> {
              Usage usage = usageOf(node, set);
              return PodStates.observation(
                  node, set, pod(node).orElse(null), usage.cpuTime(), usage.memoryBytes());
            });
  }

  @Override
  public Optional<NodeState> state(NodeId node) {
    return statefulSet(node).map(set -> PodStates.state(set, pod(node).orElse(null)));
  }

  private NodeObservation observation(NodeId node, StatefulSet set) {
    return PodStates.observation(
        node, set, pod(node).orElse(null), Optional.empty(), OptionalLong.empty());
  }

  /** What a node uses, from the metrics API where the cluster has one. */
  private record Usage(Optional<Duration> cpuTime, OptionalLong memoryBytes) {
    static final Usage UNKNOWN = new Usage(Optional.empty(), OptionalLong.empty());
  }

  /** CPU time and memory in use from the metrics API, where the cluster has one. */
  private Usage usageOf(NodeId node, StatefulSet set) {
    if (Instant.now().isBefore(metricsRetryAt)) {
      return Usage.UNKNOWN;
    }
    try {
      PodMetrics metrics =
          client
              .top()
              .pods()
              .metrics(set.getMetadata().getNamespace(), set.getMetadata().getName() + "-0");
      Optional<Map<String, Quantity>> usage =
          metrics.getContainers().stream()
              .filter(container -> NodeObjects.CONTAINER.equals(container.getName()))
              .map(container -> container.getUsage())
              .filter(Objects::nonNull)
              .findFirst();
      Optional<Duration> cpuTime =
          usage
              .map(values -> values.get("cpu"))
              .map(
                  cores ->
                      cpuTimes.add(node, cores.getNumericalAmount().doubleValue(), Instant.now()));
      OptionalLong memory =
          usage
              .map(values -> values.get("memory"))
              .map(bytes -> OptionalLong.of(Quantity.getAmountInBytes(bytes).longValue()))
              .orElse(OptionalLong.empty());
      return new Usage(cpuTime, memory);
    } catch (KubernetesClientException e) {
      // A pod the metrics server has not sampled yet is a 404 naming its podmetrics; any other
      // failure (no metrics API in this cluster) is not asked again for a while.
      boolean notSampledYet =
          e.getCode() == 404 && e.getMessage() != null && e.getMessage().contains("podmetrics");
      if (!notSampledYet) {
        metricsRetryAt = Instant.now().plus(METRICS_RETRY);
      }
      return Usage.UNKNOWN;
    }
  }

  @Override
  public void rewriteFile(NodeDefinition node, String path, String content) {
    ContainerPart part =
        node.container()
            .orElseThrow(() -> new IllegalArgumentException(cannotRun(node).orElseThrow()));
    if (!part.files().containsKey(path)) {
      throw new IllegalArgumentException("node " + node.id() + " has no file " + path);
    }
    StatefulSet set =
        statefulSet(node.id())
            .filter(existing -> existing.getMetadata().getDeletionTimestamp() == null)
            .orElseThrow(() -> new IllegalStateException("node " + node.id() + " does not run"));
    NodeDefinition changed = node.withContainer(part.withFile(path, content));
    OwnerReference owner =
        set.getMetadata().getOwnerReferences() == null
                || set.getMetadata().getOwnerReferences().isEmpty()
            ? null
            : set.getMetadata().getOwnerReferences().get(0);
    applier.apply(nodeObjects.files(changed, owner));
  }

  @Override
  public EngineAddresses addresses() {
    return forwards.<EngineAddresses>map(Function.identity()).orElse(EngineAddresses.DIRECT);
  }

  @Override
  public ProbeResult probe(Optional<Readiness> check) {
    if (forwards.isPresent() && check.isPresent() && check.get().tcp() != null) {
      // A forward's local port accepts every connection: ask the pod's port itself.
      return Readiness.Address.parse(check.get().tcp())
          .map(address -> forwards.get().probeTcp(address.host(), address.port()))
          .orElseGet(() -> ProbeResult.notReady("not host:port: " + check.get().tcp()));
    }
    return readiness.probe(check);
  }

  @Override
  public void stop(NodeId node) {
    Optional<StatefulSet> set = statefulSet(node).or(() -> findStatefulSet(node));
    if (set.isEmpty()) {
      return;
    }
    String namespace = set.get().getMetadata().getNamespace();
    Map<String, String> selector = KubernetesNames.nodeSelector(node);
    NODE_KINDS.forEach(kind -> deleteAll(kind, namespace, selector));
    cpuTimes.forget(node);
    forwards.ifPresent(open -> open.forget(namespace, names.pod(node)));
    waitUntilGone(
        "node " + node,
        () -> NODE_KINDS.stream().noneMatch(kind -> anyLeft(kind, namespace, selector)));
  }

  @Override
  public void delete(String clusterId) {
    Map<String, String> selector =
        Map.of(KubernetesNames.CLUSTER, KubernetesNames.labelValue(clusterId));
    Set<String> namespaces = new HashSet<>();
    for (Class<? extends HasMetadata> kind : List.of(ConfigMap.class, StatefulSet.class)) {
      for (HasMetadata object :
          client.resources(kind).inAnyNamespace().withLabels(selector).list().getItems()) {
        namespaces.add(object.getMetadata().getNamespace());
        if (object instanceof StatefulSet set) {
          forwards.ifPresent(
              open ->
                  open.forget(
                      set.getMetadata().getNamespace(), set.getMetadata().getName() + "-0"));
        }
      }
    }
    // The anchor owns everything else; deleting the rest too leaves nothing behind where no
    // garbage collector runs, and is quicker where one does.
    for (String namespace : namespaces) {
      CLUSTER_KINDS.forEach(kind -> deleteAll(kind, namespace, selector));
    }
    cpuTimes.forgetCluster(clusterId);
    waitUntilGone(
        "cluster " + clusterId,
        () ->
            namespaces.stream()
                .noneMatch(
                    namespace ->
                        CLUSTER_KINDS.stream()
                            .anyMatch(kind -> anyLeft(kind, namespace, selector))));
  }

  private void deleteAll(
      Class<? extends HasMetadata> kind, String namespace, Map<String, String> selector) {
    client.resources(kind).inNamespace(namespace).withLabels(selector).delete();
  }

  private boolean anyLeft(
      Class<? extends HasMetadata> kind, String namespace, Map<String, String> selector) {
    return !client
        .resources(kind)
        .inNamespace(namespace)
        .withLabels(selector)
        .list()
        .getItems()
        .isEmpty();
  }

  private void waitUntilGone(String what, java.util.function.BooleanSupplier gone) {
    Instant deadline = Instant.now().plus(settings.deleteTimeout());
    while (!gone.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            what + " is still being deleted after " + settings.deleteTimeout().toSeconds() + " s");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while deleting " + what, e);
      }
    }
  }

  @Override
  public String ensureStorage(String tenant, String name) {
    StorageAreas.checkName(name);
    ensureTenant(tenant);
    return storageAreas.ensure(tenant, name);
  }

  @Override
  public void deleteStorage(String tenant, String name) {
    StorageAreas.checkName(name);
    storageAreas.delete(tenant, name);
    forwards.ifPresent(open -> open.forget(names.namespace(tenant), names.filesPod(name)));
  }

  @Override
  public StorageFiles storageFiles(String tenant, String name) {
    StorageAreas.checkName(name);
    return storageAreas.files(tenant, name, addresses());
  }

  @Override
  public RecoveryReport recover(Map<String, List<NodeDefinition>> active) {
    Set<NodeId> adopted = new HashSet<>();
    Set<String> orphans = new HashSet<>();
    for (StatefulSet set : statefulSets.getStore().list()) {
      Map<String, String> labels = set.getMetadata().getLabels();
      String cluster = labels.get(KubernetesNames.CLUSTER);
      String nodeName = labels.get(KubernetesNames.NODE);
      if (cluster == null || nodeName == null) {
        continue;
      }
      if (!active.containsKey(cluster)) {
        orphans.add(cluster);
        continue;
      }
      NodeId id = new NodeId(cluster, nodeName);
      boolean wanted = active.get(cluster).stream().anyMatch(node -> node.id().equals(id));
      if (wanted) {
        adopted.add(id);
        listener.onEvent(
            new NodeEvent(
                id,
                NodeEvent.Type.ADOPTED,
                Instant.now(),
                OptionalLong.empty(),
                java.util.OptionalInt.empty(),
                "taken over: pod " + set.getMetadata().getName() + "-0 still runs"));
      } else {
        stop(id);
      }
    }
    orphans.forEach(this::delete);
    return new RecoveryReport(adopted, orphans);
  }

  @Override
  public List<String> tail(NodeId node, LogStream stream, int lines) {
    if (stream != LogStream.STDOUT) {
      return List.of();
    }
    Optional<Pod> pod = pod(node);
    if (pod.isEmpty()) {
      return List.of();
    }
    try {
      String log =
          client
              .pods()
              .inNamespace(pod.get().getMetadata().getNamespace())
              .withName(pod.get().getMetadata().getName())
              .inContainer(NodeObjects.CONTAINER)
              .tailingLines(lines)
              .getLog();
      return log == null || log.isEmpty()
          ? List.of()
          : List.of(log.split("\n", -1)).stream().filter(line -> !line.isEmpty()).toList();
    } catch (KubernetesClientException e) {
      return List.of();
    }
  }

  @Override
  public Optional<InputStream> openLog(NodeId node, LogStream stream) {
    if (stream != LogStream.STDOUT) {
      return Optional.empty();
    }
    return pod(node)
        .map(
            pod -> {
              String log =
                  client
                      .pods()
                      .inNamespace(pod.getMetadata().getNamespace())
                      .withName(pod.getMetadata().getName())
                      .inContainer(NodeObjects.CONTAINER)
                      .getLog();
              return new ByteArrayInputStream(
                  (log == null ? "" : log).getBytes(StandardCharsets.UTF_8));
            });
  }

  @Override
  public void close() {
    for (SharedIndexInformer<?> informer :
        new SharedIndexInformer<?>[] {statefulSets, pods, warnings}) {
      if (informer != null) {
        informer.close();
      }
    }
    forwards.ifPresent(PortForwards::close);
    client.close();
  }

  /** The node's StatefulSet as the cache holds it. */
  private Optional<StatefulSet> statefulSet(NodeId node) {
    return statefulSets.getIndexer().byIndex(BY_NODE, key(node)).stream().findFirst();
  }

  /** The node's StatefulSet as the API server holds it now (for a cache that lags). */
  private Optional<StatefulSet> findStatefulSet(NodeId node) {
    return client
        .apps()
        .statefulSets()
        .inAnyNamespace()
        .withLabels(KubernetesNames.nodeSelector(node))
        .list()
        .getItems()
        .stream()
        .findFirst();
  }

  private Optional<Pod> pod(NodeId node) {
    return pods.getIndexer().byIndex(BY_NODE, key(node)).stream().findFirst();
  }

  private static String key(NodeId node) {
    return KubernetesNames.labelValue(node.clusterId())
        + "/"
        + KubernetesNames.labelValue(node.nodeName());
  }

  private static List<String> nodeKeys(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    if (labels == null
        || !labels.containsKey(KubernetesNames.CLUSTER)
        || !labels.containsKey(KubernetesNames.NODE)) {
      return List.of();
    }
    return List.of(labels.get(KubernetesNames.CLUSTER) + "/" + labels.get(KubernetesNames.NODE));
  }

  private static String hashOf(StatefulSet set) {
    Map<String, String> annotations = set.getMetadata().getAnnotations();
    return annotations == null ? "" : annotations.getOrDefault(NodeObjects.DEFINITION_HASH, "");
  }

  /** The API server's own message, without the client's request line. */
  static String apiMessage(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage();
    }
    return e.getMessage();
  }

  private Optional<NodeId> nodeOf(HasMetadata object) {
    List<String> keys = nodeKeys(object);
    if (keys.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> labels = object.getMetadata().getLabels();
    try {
      return Optional.of(
          new NodeId(labels.get(KubernetesNames.CLUSTER), labels.get(KubernetesNames.NODE)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private void publish(NodeEvent event) {
    try {
      listener.onEvent(event);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a node event listener failed on " + event, e);
    }
  }

  /** Turns what happens to the nodes' pods into node events. */
  private final class PodHandler implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      onUpdate(null, pod);
    }

    @Override
    public void onUpdate(Pod before, Pod after) {
      nodeOf(after)
          .ifPresent(
              node ->
                  PodStates.changes(node, before, after, Instant.now())
                      .forEach(KubernetesClusterBackend.this::publish));
    }

    @Override
    public void onDelete(Pod pod, boolean finalStateUnknown) {}
  }

  /** Turns Kubernetes' warnings about the nodes' pods and StatefulSets into node events. */
  private final class WarningHandler implements ResourceEventHandler<Event> {
    @Override
    public void onAdd(Event event) {
      report(event);
    }

    @Override
    public void onUpdate(Event before, Event after) {
      if (!Objects.equals(before.getCount(), after.getCount())
          || !Objects.equals(before.getMessage(), after.getMessage())) {
        report(after);
      }
    }

    @Override
    public void onDelete(Event event, boolean finalStateUnknown) {}

    private void report(Event event) {
      if (!"Warning".equals(event.getType()) || event.getInvolvedObject() == null) {
        return;
      }
      Instant seen = lastSeen(event);
      if (seen.isBefore(startedAt.minusSeconds(1))) {
        return; // an earlier control plane's news
      }
      String namespace = event.getInvolvedObject().getNamespace();
      String name = event.getInvolvedObject().getName();
      if (namespace == null || name == null) {
        return;
      }
      String setName =
          "Pod".equals(event.getInvolvedObject().getKind()) && name.endsWith("-0")
              ? name.substring(0, name.length() - 2)
              : name;
      StatefulSet set = statefulSets.getStore().getByKey(namespace + "/" + setName);
      if (set == null) {
        return;
      }
      nodeOf(set)
          .ifPresent(
              node ->
                  publish(
                      new NodeEvent(
                          node,
                          NodeEvent.Type.WARNING,
                          seen,
                          OptionalLong.empty(),
                          java.util.OptionalInt.empty(),
                          PodStates.warning(event))));
    }

    private Instant lastSeen(Event event) {
      for (String time :
          new String[] {
            event.getLastTimestamp(),
            event.getEventTime() == null ? null : event.getEventTime().getTime(),
            event.getFirstTimestamp()
          }) {
        if (time != null && !time.isBlank()) {
          try {
            return Instant.parse(time);
          } catch (RuntimeException e) {
            // try the next field
          }
        }
      }
      return Instant.now();
    }
  }
}
