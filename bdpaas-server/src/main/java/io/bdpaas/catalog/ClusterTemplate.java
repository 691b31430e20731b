package io.bdpaas.catalog;

import io.bdpaas.api.Problem;
import io.bdpaas.backend.ContainerPart;
import io.bdpaas.backend.ProcessPart;
import io.bdpaas.backend.Readiness;
import io.bdpaas.backend.TemplatePart;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a product template renders to: the cluster's node groups and services. The same document can
 * carry a {@code process} part (local backend) and a {@code container} part (Kubernetes); each
 * backend reads its own.
 */
public record ClusterTemplate(List<NodeGroup> nodeGroups, List<Service> services) {
  static final String NAME_PATTERN = "[a-z][a-z0-9-]{0,31}";

  /** The fewest cores a node may reserve: what each node counts against its owner's quota. */
  public static final double MIN_CORES_PER_NODE = 0.1;

  static final int MAX_CORES_PER_NODE = 256;

  public ClusterTemplate {
    nodeGroups = nodeGroups == null ? List.of() : List.copyOf(nodeGroups);
    services = services == null ? List.of() : List.copyOf(services);
  }

  /**
   * A group of identical nodes.
   *
   * @param count how many nodes; 0 is allowed (an optional group)
   * @param cores CPU cores each node reserves (may be fractional: 0.5)
   * @param memoryMb memory each node reserves
   * @param ports names of the ports each node needs; the scheduler allocates them
   * @param endpoints addresses the group offers to users (rendered with its first node)
   */
  public record NodeGroup(
      String name,
      String role,
      Integer count,
      Double cores,
      Integer memoryMb,
      List<String> ports,
      ProcessPart process,
      ContainerPart container,
      Readiness readiness,
      Map<String, String> endpoints) {
    public NodeGroup {
      ports = ports == null ? List.of() : List.copyOf(ports);
      endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
    }

    public int countOrZero() {
      return count == null ? 0 : count;
    }

    public int milliCores() {
      return cores == null ? 0 : (int) Math.round(cores * 1000);
    }

    public String roleOrName() {
      return role == null ? name : role;
    }
  }

  /** Configuration applied to some node groups, shown to users. */
  public record Service(String name, List<String> nodeGroups, Map<String, Object> config) {
    public Service {
      nodeGroups = nodeGroups == null ? List.of() : List.copyOf(nodeGroups);
      config = config == null ? Map.of() : Map.copyOf(config);
    }
  }

  public NodeGroup group(String name) {
    return nodeGroups.stream()
        .filter(group -> group.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node group " + name));
  }

  /**
   * Problems with the rendered document: names, counts, resources, and the part the active backend
   * runs ({@code process} or {@code container}), which every group must have.
   */
  public List<Problem> check(TemplatePart required) {
    List<Problem> problems = new ArrayList<>();
    if (nodeGroups.isEmpty()) {
      problems.add(Problem.of("nodeGroups", "the template must render at least one node group"));
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < nodeGroups.size(); i++) {
      NodeGroup group = nodeGroups.get(i);
      String field = "nodeGroups[" + i + "]";
      if (group.name() == null || !group.name().matches(NAME_PATTERN)) {
        problems.add(Problem.of(field + ".name", "must be lower-case letters, digits or '-'"));
      } else if (!names.add(group.name())) {
        problems.add(Problem.of(field + ".name", "'" + group.name() + "' is used twice"));
      }
      if (group.role() != null && !group.role().matches(NAME_PATTERN)) {
        problems.add(Problem.of(field + ".role", "must be lower-case letters, digits or '-'"));
      }
      if (group.count() == null || group.count() < 0 || group.count() > 100) {
        problems.add(Problem.of(field + ".count", "must be a whole number from 0 to 100"));
      }
      if (group.cores() == null
          || !(group.cores() >= MIN_CORES_PER_NODE)
          || group.cores() > MAX_CORES_PER_NODE) {
        // A smaller reservation would round to no cores at all and escape the core quota.
        problems.add(
            Problem.of(
                field + ".cores",
                "each node reserves at least "
                    + MIN_CORES_PER_NODE
                    + " and at most "
                    + MAX_CORES_PER_NODE
                    + " cores, got "
                    + (group.cores() == null
                        ? "none"
                        : BigDecimal.valueOf(group.cores()).toPlainString())));
      }
      if (group.memoryMb() == null || group.memoryMb() < 16 || group.memoryMb() > 1_048_576) {
        problems.add(Problem.of(field + ".memoryMb", "must be from 16 to 1048576"));
      }
      Set<String> portNames = new HashSet<>();
      for (String port : group.ports()) {
        if (port == null || !port.matches(NAME_PATTERN) || !portNames.add(port)) {
          problems.add(
              Problem.of(
                  field + ".ports", "port names must be distinct lower-case words: " + port));
        }
      }
      if (group.process() == null && required == TemplatePart.PROCESS) {
        problems.add(Problem.of(field + ".process", "is required by the local backend"));
      }
      if (group.process() != null) {
        if (group.process().runtime() == null
            || !group.process().runtime().matches("[a-z][a-z0-9.-]{0,63}")) {
          problems.add(
              Problem.of(
                  field + ".process.runtime",
                  "must name a runtime folder such as spark-4.2.0, or none"));
        }
        if (group.process().mainClass() == null || group.process().mainClass().isBlank()) {
          problems.add(Problem.of(field + ".process.mainClass", "is required"));
        }
      }
      if (group.container() == null && required == TemplatePart.CONTAINER) {
        problems.add(Problem.of(field + ".container", "is required by the Kubernetes backend"));
      }
      if (group.container() != null
          && (group.container().image() == null || group.container().image().isBlank())) {
        problems.add(Problem.of(field + ".container.image", "is required"));
      }
      if (group.container() != null) {
        group
            .container()
            .expose()
            .forEach(
                (port, protocol) -> {
                  if (!group.ports().contains(port)) {
                    problems.add(
                        Problem.of(
                            field + ".container.expose." + port,
                            "is not one of the group's ports " + group.ports()));
                  }
                  if (!ContainerPart.EXPOSED_PROTOCOLS.contains(protocol)) {
                    problems.add(
                        Problem.of(
                            field + ".container.expose." + port,
                            "must be one of " + ContainerPart.EXPOSED_PROTOCOLS));
                  }
                });
      }
      if (group.readiness() != null) {
        Readiness readiness = group.readiness();
        boolean http = readiness.http() != null && !readiness.http().isBlank();
        boolean tcp = readiness.tcp() != null && !readiness.tcp().isBlank();
        // A tcp address is checked when probed (a malformed one never gets ready, and says so):
        // templates are also rendered for other nodes, whose ports are not this node's.
        if (http == tcp) {
          problems.add(Problem.of(field + ".readiness", "needs exactly one of 'http' and 'tcp'"));
        }
      }
    }
    for (int i = 0; i < services.size(); i++) {
      for (String group : services.get(i).nodeGroups()) {
        if (!names.contains(group)) {
          problems.add(
              Problem.of("services[" + i + "].nodeGroups", "no node group named '" + group + "'"));
        }
      }
    }
    return problems;
  }
}
