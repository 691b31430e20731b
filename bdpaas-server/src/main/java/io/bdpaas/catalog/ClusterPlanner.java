package io.bdpaas.catalog;

import static java.util.Objects.requireNonNull;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Turns a product, merged options and a size into what a cluster needs (its demand) and, once the
 * scheduler has allocated ports, into its full {@link ClusterPlan}. Pure: rendering only, no I/O.
 *
 * <p>Templates see {@code opts}, {@code size}, {@code cluster}, {@code user} and {@code product};
 * when nodes are planned, also {@code node} (name, group, index, host, ports, workDir, runtimeDir)
 * and {@code groups} (each group's nodes with their host and ports), so that a worker can find its
 * master: {@code groups.master[0].ports.rpc}.
 */
public final class ClusterPlanner {
  public static final String HOST = "127.0.0.1";
  private final TemplateRenderer renderer;

  public ClusterPlanner(TemplateRenderer renderer) {
    this.renderer = requireNonNull(renderer, "renderer is null");
  }

  /** Who and what a cluster is, as templates see it. */
  public record Context(String clusterId, String clusterName, String username) {}

  /** What a cluster would take: cores, memory and ports, before anything is allocated. */
  public record Demand(int milliCores, int memoryMb, int ports, ClusterTemplate template) {}

  /** Renders the template without allocations to learn the cluster's demand. */
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
   * Renders the full plan.
   *
   * @param ports hands out {@code n} free ports
   * @param nodeDirectory the working directory of a node, by node name
   * @param runtimes the folder holding the engine runtime folders
   */
  public ClusterPlan plan(
      Product product,
      Map<String, Object> options,
      int size,
      Context context,
      IntFunction<List<Integer>> ports,
      java.util.function.Function<String, Path> nodeDirectory,
      Path runtimes) {
    return plan(product, options, size, context, ports, nodeDirectory, runtimes, false);
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
      IntFunction<List<Integer>> ports,
      java.util.function.Function<String, Path> nodeDirectory,
      Path runtimes,
      boolean checkVariables) {
    Map<String, Object> variables = variables(product, options, size, context);
    ClusterTemplate outline = renderTemplate(product, variables, false);
    Map<String, List<Map<String, Object>>> groups = new LinkedHashMap<>();
    List<Map<String, Object>> nodes = new ArrayList<>();
    for (ClusterTemplate.NodeGroup group : outline.nodeGroups()) {
      List<Map<String, Object>> members = new ArrayList<>();
      for (int index = 0; index < group.countOrZero(); index++) {
        List<Integer> allocated = ports.apply(group.ports().size());
        Map<String, Object> nodePorts = new LinkedHashMap<>();
        for (int p = 0; p < group.ports().size(); p++) {
          nodePorts.put(group.ports().get(p), allocated.get(p));
        }
        String name = group.name() + "-" + index;
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("name", name);
        node.put("group", group.name());
        node.put("index", index);
        node.put("host", HOST);
        node.put("ports", nodePorts);
        node.put("workDir", nodeDirectory.apply(name).toString());
        node.put(
            "runtimeDir",
            group.process() == null || group.process().runtime() == null
                ? ""
                : runtimes.resolve(group.process().runtime()).toString());
        members.add(node);
        nodes.add(node);
      }
      groups.put(group.name(), members);
    }
    List<ClusterPlan.PlannedNode> planned = new ArrayList<>();
    Map<String, String> endpoints = new LinkedHashMap<>();
    Map<String, ClusterTemplate.Readiness> readiness = new LinkedHashMap<>();
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
      @SuppressWarnings("unchecked")
      Map<String, Integer> nodePorts = (Map<String, Integer>) node.get("ports");
      planned.add(
          new ClusterPlan.PlannedNode(
              (String) node.get("name"),
              groupName,
              group.roleOrName(),
              index,
              HOST,
              nodePorts,
              group.milliCores(),
              group.memoryMb(),
              group.process(),
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
    return new ClusterPlan(plannedGroups, planned, endpoints, services, product.orchestrator());
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
    ClusterPlan plan =
        plan(
            product,
            defaults,
            1,
            context,
            n -> {
              List<Integer> ports = new ArrayList<>();
              for (int i = 0; i < n; i++) {
                ports.add(next[0]++);
              }
              return ports;
            },
            name -> Path.of("/validate", name),
            Path.of("/runtimes"),
            true);
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
    List<Problem> problems = rendered.check(true);
    BdpaasException.throwIfAny(
        problems.stream().map(p -> Problem.of("template." + p.field(), p.message())).toList());
    return rendered;
  }

  private static Map<String, Object> variables(
      Product product, Map<String, Object> options, int size, Context context) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("opts", options);
    variables.put("size", size);
    variables.put("cluster", Map.of("id", context.clusterId(), "name", context.clusterName()));
    variables.put("user", context.username());
    variables.put(
        "product", Map.of("name", product.key().name(), "version", product.key().version()));
    variables.put("version", product.key().version());
    return variables;
  }
}
