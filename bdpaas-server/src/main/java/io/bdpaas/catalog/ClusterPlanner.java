package io.bdpaas.catalog;

import static java.util.Objects.requireNonNull;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.Problem;
import io.bdpaas.backend.NodeId;
import io.bdpaas.backend.NodePlacement;
import io.bdpaas.backend.PlacementRequest;
import io.bdpaas.backend.ProcessPart;
import io.bdpaas.backend.Readiness;
import io.bdpaas.backend.TemplatePart;
import io.bdpaas.engine.EngineSecret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a product, merged options and a size into what a cluster needs: its demand (before anything
 * is allocated), the nodes the backend must place, and, from those placements, its full {@link
 * ClusterPlan}. Pure: rendering only, no I/O and no allocation.
 *
 * <p>Templates see {@code opts}, {@code size}, {@code cluster}, {@code user}, {@code product},
 * {@code secret} and {@code storage}; when nodes are planned, also {@code node} (name, group,
 * index, host, ports, workDir, runtimeDir) and {@code groups} (each group's nodes with their host
 * and ports), so that a worker can find its master: {@code groups.master[0].host}, {@code
 * groups.master[0].ports.rpc}.
 */
public final class ClusterPlanner {
  private final TemplateRenderer renderer;
  private final TemplatePart requiredPart;

  /**
   * @param requiredPart the template part the active backend runs; templates must carry it
   */
  public ClusterPlanner(TemplateRenderer renderer, TemplatePart requiredPart) {
    this.renderer = requireNonNull(renderer, "renderer is null");
    this.requiredPart = requireNonNull(requiredPart, "requiredPart is null");
  }

  /**
   * What a template may know of the cluster besides its options: its id and name, its owner, its
   * secret ({@link EngineSecret#SIZING} while only its size is computed), the token its clients
   * present ({@code secret.client}, e.g. a project's Spark Connect token; empty when none) and
   * where its storage is ({@code storage.path}; empty when it has none).
   */
  public record Context(
      String clusterId,
      String clusterName,
      String username,
      EngineSecret secret,
      String clientToken,
      String storagePath) {
    public Context {
      requireNonNull(secret, "secret is null");
      requireNonNull(clientToken, "clientToken is null");
      requireNonNull(storagePath, "storagePath is null");
    }

    public Context(String clusterId, String clusterName, String username) {
      this(clusterId, clusterName, username, EngineSecret.SIZING, "", "");
    }
  }

  /** What a cluster would take: cores, memory and ports, before anything is allocated. */
  public record Demand(int milliCores, int memoryMb, int ports, ClusterTemplate template) {}

  /** Renders the template without placements to learn the cluster's demand. */
  public Demand demand(Product product, Map<String, Object> options, int size, Context context) {
    ClusterTemplate template =
        renderTemplate(product, variables(product, options, size, context), false);
    int milliCores = 0;
    int memoryMb = 0;
    int ports = 0;
    for (ClusterTemplate.NodeGroup group : template.nodeGroups()) {
      milliCores += group.countOrZero() * group.milliCores();
      memoryMb += group.countOrZero() * group.memoryMb();
      ports += group.countOrZero() * group.ports().size();
    }
    return new Demand(milliCores, memoryMb, ports, template);
  }

  /**
   * The nodes a cluster of this size has, for the backend to place before {@link #plan}.
   *
   * @param tenant who the nodes run for
   */
  public List<PlacementRequest> placementRequests(
      Product product, Map<String, Object> options, int size, Context context, String tenant) {
    ClusterTemplate outline =
        renderTemplate(product, variables(product, options, size, context), false);
    List<PlacementRequest> requests = new ArrayList<>();
    for (ClusterTemplate.NodeGroup group : outline.nodeGroups()) {
      Optional<String> runtime =
          Optional.ofNullable(group.process())
              .filter(ProcessPart::usesRuntime)
              .map(ProcessPart::runtime);
      for (int index = 0; index < group.countOrZero(); index++) {
        requests.add(
            new PlacementRequest(
                new NodeId(context.clusterId(), nodeName(group, index)),
                tenant,
                group.name(),
                group.ports(),
                runtime));
      }
    }
    return requests;
  }

  /**
   * Renders the full plan from the backend's placements of every node {@link #placementRequests}
   * named.
   *
   * @param placements by node name
   */
  public ClusterPlan plan(
      Product product,
      Map<String, Object> options,
      int size,
      Context context,
      Map<String, NodePlacement> placements) {
    return plan(product, options, size, context, placements, false);
  }

  /**
   * @param checkVariables render strictly, so that a variable the template misspells is an error;
   *     each node then sees every group's port names (other groups' sections of the document are
   *     rendered for it too), with its own ports where it has them
   */
  private ClusterPlan plan(
      Product product,
      Map<String, Object> options,
      int size,
      Context context,
      Map<String, NodePlacement> placements,
      boolean checkVariables) {
    Map<String, Object> variables = variables(product, options, size, context);
    ClusterTemplate outline = renderTemplate(product, variables, false);
    Map<String, List<Map<String, Object>>> groups = new LinkedHashMap<>();
    List<Map<String, Object>> nodes = new ArrayList<>();
    for (ClusterTemplate.NodeGroup group : outline.nodeGroups()) {
      List<Map<String, Object>> members = new ArrayList<>();
      for (int index = 0; index < group.countOrZero(); index++) {
        String name = nodeName(group, index);
        NodePlacement placement = placements.get(name);
        if (placement == null) {
          throw new IllegalArgumentException("node " + name + " has no placement");
        }
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("name", name);
        node.put("group", group.name());
        node.put("index", index);
        node.put("host", placement.host());
        node.put("ports", new LinkedHashMap<String, Object>(placement.ports()));
        node.put("workDir", placement.workDir());
        node.put("runtimeDir", placement.runtimeDir());
        node.put("external", new LinkedHashMap<String, Object>(placement.external()));
        members.add(node);
        nodes.add(node);
      }
      groups.put(group.name(), members);
    }
    List<ClusterPlan.PlannedNode> planned = new ArrayList<>();
    Map<String, String> endpoints = new LinkedHashMap<>();
    Map<String, Readiness> readiness = new LinkedHashMap<>();
    List<ClusterTemplate.Service> services = outline.services();
    Map<String, Object> everyPortName = new LinkedHashMap<>();
    for (ClusterTemplate.NodeGroup group : outline.nodeGroups()) {
      group.ports().forEach(port -> everyPortName.put(port, 1));
    }
    for (Map<String, Object> node : nodes) {
      Map<String, Object> nodeVariables = new LinkedHashMap<>(variables);
      nodeVariables.put("groups", groups);
      if (checkVariables) {
        Map<String, Object> checkedNode = new LinkedHashMap<>(node);
        Map<String, Object> checkedPorts = new LinkedHashMap<>(everyPortName);
        @SuppressWarnings("unchecked")
        Map<String, Object> own = (Map<String, Object>) node.get("ports");
        checkedPorts.putAll(own);
        checkedNode.put("ports", checkedPorts);
        // Every port may be asked for its outside address, which most backends do not give.
        Map<String, Object> checkedExternal = new LinkedHashMap<>();
        everyPortName.keySet().forEach(port -> checkedExternal.put(port, ""));
        @SuppressWarnings("unchecked")
        Map<String, Object> ownExternal = (Map<String, Object>) node.get("external");
        checkedExternal.putAll(ownExternal);
        checkedNode.put("external", checkedExternal);
        nodeVariables.put("node", checkedNode);
      } else {
        nodeVariables.put("node", node);
      }
      // Planning renders leniently: the whole document is rendered for each node, so the other
      // groups' sections see a node that lacks their ports. validate() renders strictly.
      ClusterTemplate rendered = renderTemplate(product, nodeVariables, checkVariables);
      String groupName = (String) node.get("group");
      ClusterTemplate.NodeGroup group = rendered.group(groupName);
      int index = (Integer) node.get("index");
      if (index == 0) {
        group.endpoints().forEach(endpoints::putIfAbsent);
        readiness.put(groupName, group.readiness());
        services = rendered.services();
      }
      NodePlacement placement = placements.get((String) node.get("name"));
      planned.add(
          new ClusterPlan.PlannedNode(
              (String) node.get("name"),
              groupName,
              group.roleOrName(),
              index,
              placement.host(),
              placement.ports(),
              placement.workDir(),
              placement.runtimeDir(),
              group.milliCores(),
              group.memoryMb(),
              group.process(),
              group.container() == null
                  ? null
                  : group
                      .container()
                      .completedFrom(group.process(), placement.runtimeDir(), placement.workDir()),
              group.readiness()));
    }
    List<ClusterPlan.PlannedGroup> plannedGroups = new ArrayList<>();
    for (ClusterTemplate.NodeGroup group : outline.nodeGroups()) {
      plannedGroups.add(
          new ClusterPlan.PlannedGroup(
              group.name(),
              group.roleOrName(),
              group.countOrZero(),
              group.milliCores(),
              group.memoryMb(),
              readiness.getOrDefault(group.name(), group.readiness())));
    }
    return new ClusterPlan(
        size,
        product.planningDigest(),
        plannedGroups,
        planned,
        endpoints,
        services,
        product.orchestrator());
  }

  /**
   * Checks that a template renders for its product's default options, with and without allocations,
   * and that the orchestrator names its groups; reports every problem.
   */
  public void validate(Product product) {
    Map<String, Object> defaults = new LinkedHashMap<>();
    product
        .options()
        .defaults()
        .forEach((key, value) -> defaults.put(key, value == null ? "" : value));
    Context context = new Context("c-validate", "validate", "admin");
    int[] next = {20000};
    Map<String, NodePlacement> placements = new LinkedHashMap<>();
    for (PlacementRequest request : placementRequests(product, defaults, 1, context, "validate")) {
      Map<String, Integer> ports = new LinkedHashMap<>();
      request.portNames().forEach(port -> ports.put(port, next[0]++));
      placements.put(
          request.node().nodeName(),
          new NodePlacement(
              request.node(),
              "node-" + request.node().nodeName() + ".validate",
              ports,
              "/validate/" + request.node().nodeName(),
              request.runtime().map(runtime -> "/runtimes/" + runtime).orElse("")));
    }
    ClusterPlan plan = plan(product, defaults, 1, context, placements, true);
    List<Problem> problems = new ArrayList<>();
    List<String> groups = plan.groups().stream().map(ClusterPlan.PlannedGroup::name).toList();
    for (int i = 0; i < product.orchestrator().size(); i++) {
      OrchestratorStep step = product.orchestrator().get(i);
      if (!groups.contains(step.group())) {
        problems.add(
            Problem.of(
                "orchestrator[" + i + "]",
                "no node group named '" + step.group() + "' in the template; it has " + groups));
      }
    }
    BdpaasException.throwIfAny(problems);
  }

  private ClusterTemplate renderTemplate(
      Product product, Map<String, Object> variables, boolean strict) {
    String template =
        product
            .template()
            .orElseThrow(
                () ->
                    BdpaasException.invalid(
                        "template", "product " + product.key() + " has no template"));
    ClusterTemplate rendered =
        renderer.render(
            template, product.templateFormat().orElse(TemplateFormat.JSON), variables, strict);
    List<Problem> problems = rendered.check(requiredPart);
    BdpaasException.throwIfAny(
        problems.stream().map(p -> Problem.of("template." + p.field(), p.message())).toList());
    return rendered;
  }

  private static String nodeName(ClusterTemplate.NodeGroup group, int index) {
    return group.name() + "-" + index;
  }

  private static Map<String, Object> variables(
      Product product, Map<String, Object> options, int size, Context context) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("opts", options);
    variables.put("size", size);
    variables.put("cluster", Map.of("id", context.clusterId(), "name", context.clusterName()));
    variables.put("user", context.username());
    variables.put(
        "secret",
        Map.of(
            "key", context.secret().key(),
            "bearer", context.secret().bearer(),
            "keystore", context.secret().keyStore(),
            "client", context.clientToken()));
    variables.put("storage", Map.of("path", context.storagePath()));
    variables.put(
        "product", Map.of("name", product.key().name(), "version", product.key().version()));
    variables.put("version", product.key().version());
    return variables;
  }
}
