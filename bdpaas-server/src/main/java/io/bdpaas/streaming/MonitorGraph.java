package io.bdpaas.streaming;

import static java.util.Objects.requireNonNull;

import io.bdpaas.engine.flink.FlinkJobDetails;
import io.bdpaas.engine.flink.FlinkTaskManagerInfo;
import io.bdpaas.engine.flink.FlinkVertexDetails;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A running application's job as the monitor draws it: the logical DAG (operator chains with the
 * operators inside, their records in and out from operator metrics, and the edges between them with
 * the records per second the upstream chain sends), and the physical view (which subtask of which
 * chain runs on which TaskManager). Built without I/O from what was read.
 *
 * @param sampledAt when the counts and rates were sampled; empty before the first sample
 * @param unassigned subtasks not placed on a TaskManager (yet)
 */
record MonitorGraph(
    String jobId,
    String jobState,
    Optional<Instant> sampledAt,
    List<Node> nodes,
    List<Link> edges,
    List<Container> taskManagers,
    List<Instance> unassigned) {
  MonitorGraph {
    requireNonNull(jobId, "jobId is null");
    requireNonNull(jobState, "jobState is null");
    requireNonNull(sampledAt, "sampledAt is null");
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
    taskManagers = List.copyOf(taskManagers);
    unassigned = List.copyOf(unassigned);
  }

  /**
   * A job vertex: an operator chain.
   *
   * @param source whether no edge enters it
   * @param sink whether no edge leaves it
   * @param recordsIn records that entered the chain (its head operator's input)
   * @param recordsOut records that left the chain (its last operators' output)
   */
  record Node(
      String id,
      String name,
      int parallelism,
      String status,
      boolean source,
      boolean sink,
      Optional<Long> recordsIn,
      Optional<Long> recordsOut,
      List<JobCounts.OperatorCounts> operators) {
    Node {
      requireNonNull(id, "id is null");
      requireNonNull(name, "name is null");
      requireNonNull(status, "status is null");
      requireNonNull(recordsIn, "recordsIn is null");
      requireNonNull(recordsOut, "recordsOut is null");
      operators = List.copyOf(operators);
    }
  }

  /**
   * An edge of the DAG.
   *
   * @param recordsPerSecond what the upstream chain sent per second (to all its consumers) between
   *     the last two samples
   */
  record Link(
      String source, String target, String shipStrategy, Optional<Double> recordsPerSecond) {
    Link {
      requireNonNull(source, "source is null");
      requireNonNull(target, "target is null");
      requireNonNull(shipStrategy, "shipStrategy is null");
      requireNonNull(recordsPerSecond, "recordsPerSecond is null");
    }
  }

  /** A TaskManager and the subtasks it runs; {@code host} as the JobManager knows it. */
  record Container(String id, String host, int slots, List<Instance> instances) {
    Container {
      requireNonNull(id, "id is null");
      requireNonNull(host, "host is null");
      instances = List.copyOf(instances);
    }
  }

  /** One subtask (parallel instance) of a chain, in its current attempt. */
  record Instance(String vertexId, String vertexName, int subtask, String status, int attempt) {
    Instance {
      requireNonNull(vertexId, "vertexId is null");
      requireNonNull(vertexName, "vertexName is null");
      requireNonNull(status, "status is null");
    }
  }

  /**
   * The graph of a job from its plan, its details, each vertex's subtasks, the cluster's
   * TaskManagers and the newest sample of the job (counts and rates), if any.
   */
  static MonitorGraph of(
      JobPlan plan,
      FlinkJobDetails job,
      List<FlinkVertexDetails> subtasks,
      List<FlinkTaskManagerInfo> taskManagers,
      Optional<JobSample> sample) {
    Optional<JobSample> ours = sample.filter(s -> s.jobId().equals(job.id()));
    Set<String> sources = plan.sourceVertices();
    Set<String> sinks = plan.sinkVertices();
    List<Node> nodes = new ArrayList<>();
    for (FlinkJobDetails.Vertex vertex : job.vertices()) {
      Optional<JobCounts.VertexCounts> counts =
          ours.map(s -> s.counts().vertices().get(vertex.id()));
      List<JobPlan.Operator> chain =
          plan.vertex(vertex.id()).map(JobPlan.Vertex::operators).orElse(List.of());
      List<JobCounts.OperatorCounts> operators = new ArrayList<>();
      for (JobPlan.Operator operator : chain) {
        operators.add(
            counts.flatMap(c -> counted(c, operator.name())).orElse(uncounted(operator.name())));
      }
      nodes.add(
          new Node(
              vertex.id(),
              vertex.name(),
              vertex.parallelism(),
              vertex.status(),
              sources.contains(vertex.id()),
              sinks.contains(vertex.id()),
              counts.flatMap(JobCounts.VertexCounts::recordsIn),
              counts.flatMap(JobCounts.VertexCounts::recordsOut),
              operators));
    }
    List<Link> edges = new ArrayList<>();
    for (JobPlan.Edge edge : plan.edges()) {
      edges.add(
          new Link(
              edge.source(),
              edge.target(),
              edge.shipStrategy(),
              ours.flatMap(JobSample::rates)
                  .flatMap(
                      rates ->
                          Optional.ofNullable(rates.vertexOutPerSecond().get(edge.source())))));
    }
    List<Instance> unassigned = new ArrayList<>();
    List<Container> containers = containers(subtasks, taskManagers, unassigned);
    return new MonitorGraph(
        job.id(),
        job.state(),
        ours.map(JobSample::sampledAt),
        nodes,
        edges,
        containers,
        unassigned);
  }

  /**
   * The subtasks grouped by the TaskManager they run on: every TaskManager of the cluster, in id
   * order, with its subtasks in the order of the vertices, then by index. A subtask on a
   * TaskManager the list does not hold (it just left) gets a container of its own; one not placed
   * yet goes to {@code unassigned}.
   */
  static List<Container> containers(
      List<FlinkVertexDetails> vertices,
      List<FlinkTaskManagerInfo> taskManagers,
      List<Instance> unassigned) {
    Map<String, String> hosts = new LinkedHashMap<>();
    Map<String, Integer> slots = new LinkedHashMap<>();
    taskManagers.stream()
        .sorted(Comparator.comparing(FlinkTaskManagerInfo::id))
        .forEach(
            taskManager -> {
              hosts.put(taskManager.id(), hostOf(taskManager));
              slots.put(taskManager.id(), taskManager.slots());
            });
    Map<String, List<Instance>> instances = new LinkedHashMap<>();
    hosts.keySet().forEach(id -> instances.put(id, new ArrayList<>()));
    for (FlinkVertexDetails vertex : vertices) {
      for (FlinkVertexDetails.Subtask subtask :
          vertex.subtasks().stream()
              .sorted(Comparator.comparingInt(FlinkVertexDetails.Subtask::index))
              .toList()) {
        Instance instance =
            new Instance(
                vertex.id(), vertex.name(), subtask.index(), subtask.status(), subtask.attempt());
        if (subtask.taskManagerId().isEmpty()) {
          unassigned.add(instance);
          continue;
        }
        String id = subtask.taskManagerId().get();
        if (!hosts.containsKey(id)) {
          hosts.put(id, subtask.endpoint().map(MonitorGraph::hostOfEndpoint).orElse(""));
          slots.put(id, 0);
        }
        instances.computeIfAbsent(id, key -> new ArrayList<>()).add(instance);
      }
    }
    List<Container> containers = new ArrayList<>();
    instances.forEach(
        (id, placed) -> containers.add(new Container(id, hosts.get(id), slots.get(id), placed)));
    return containers;
  }

  /**
   * The host of a TaskManager, from its RPC address ({@code
   * pekko.tcp://flink@127.0.0.1:40000/...}); its id when the address names none.
   */
  static String hostOf(FlinkTaskManagerInfo taskManager) {
    String path = taskManager.path();
    int at = path.indexOf('@');
    if (at < 0) {
      return taskManager.id();
    }
    String rest = path.substring(at + 1);
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      return close > 0 ? rest.substring(1, close) : taskManager.id();
    }
    int end = rest.length();
    for (char stop : new char[] {':', '/'}) {
      int index = rest.indexOf(stop);
      if (index >= 0) {
        end = Math.min(end, index);
      }
    }
    return end > 0 ? rest.substring(0, end) : taskManager.id();
  }

  /** The host of a {@code host:port} endpoint. */
  static String hostOfEndpoint(String endpoint) {
    int colon = endpoint.lastIndexOf(':');
    return colon > 0 ? endpoint.substring(0, colon) : endpoint;
  }

  private static Optional<JobCounts.OperatorCounts> counted(
      JobCounts.VertexCounts counts, String operator) {
    return counts.operators().stream()
        .filter(counted -> counted.name().equals(operator))
        .findFirst();
  }

  private static JobCounts.OperatorCounts uncounted(String operator) {
    return new JobCounts.OperatorCounts(operator, Optional.empty(), Optional.empty());
  }
}
