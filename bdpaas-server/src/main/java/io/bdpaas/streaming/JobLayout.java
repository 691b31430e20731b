package io.bdpaas.streaming;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which metrics of a running job the monitor reads from each vertex, and how they add up to the
 * job's numbers. Built once per job from its {@link JobPlan} and the metric names each vertex has
 * ({@code /jobs/:jobid/vertices/:vertexid/metrics}); pure.
 *
 * <p>Flink's job overview counts only records exchanged between tasks, so a source, a sink or a job
 * chained into one task would show nothing there. The monitor reads the <em>operator</em> metrics
 * instead, named {@code <subtask>.<operator>.<metric>} (e.g. {@code 0.Source__sentences
 * .numRecordsOut}, where Flink replaced the characters it does not allow in metric names by {@code
 * _}), and counts:
 *
 * <ul>
 *   <li><b>processed</b>: the records the job's sources emitted, the sum over subtasks of {@code
 *       numRecordsOut} of each source operator: the head of each source vertex (a vertex no plan
 *       edge enters);
 *   <li><b>emitted</b>: the records that reached the job's sinks, the sum over subtasks of {@code
 *       numRecordsIn} of each sink operator: the last operators of each sink vertex's chain (a
 *       vertex no plan edge leaves); the {@code X: Committer} half of a two-phase sink stands for
 *       its {@code X: Writer}, which receives the records.
 * </ul>
 *
 * A plan operator is found among the metrics by its name with every character other than a letter
 * or digit read as {@code _} (Flink's replacements changed across versions) and cut at 80
 * characters, as Flink cuts operator names in metrics. An operator the plan names but the metrics
 * do not (e.g. it was given a description other than its name) falls back to names: a source
 * vertex's operators named {@code Source: ...}, a sink vertex's operators named {@code ...: Writer}
 * or {@code Sink: ...}.
 */
final class JobLayout {
  static final String RECORDS_IN = "numRecordsIn";
  static final String RECORDS_OUT = "numRecordsOut";
  static final String BACKPRESSURED = "backPressuredTimeMsPerSecond";
  static final String BUSY = "busyTimeMsPerSecond";

  /** The application's own latency gauge: an operator metric whose name ends so. */
  static final String LATENCY_SUFFIX = "latencyMs";

  /** How many characters of an operator's name Flink keeps in metric names. */
  static final int METRIC_NAME_LENGTH = 80;

  private final JobPlan plan;
  private final Map<String, VertexLayout> vertices;

  private JobLayout(JobPlan plan, Map<String, VertexLayout> vertices) {
    this.plan = plan;
    this.vertices = vertices;
  }

  /**
   * One vertex's metrics to read.
   *
   * @param subtasks the subtask indices that report operator metrics
   * @param operators the chain's operators that report metrics, in the plan's order
   * @param head the operator records enter the chain by, if found
   * @param leaves the operators records leave the chain by
   * @param sources the source operators whose output counts as processed (source vertices only)
   * @param sinks the sink operators whose input counts as emitted (sink vertices only)
   * @param latencyMetrics the full names of the application's latency gauges
   * @param taskMetrics the task-level metrics ({@code <subtask>.<metric>}) it has of those read
   * @param allOperatorsFound whether every operator of the plan's chain reports metrics yet (they
   *     register one by one as the job starts)
   */
  record VertexLayout(
      String vertexId,
      int parallelism,
      Set<Integer> subtasks,
      List<LaidOperator> operators,
      Optional<String> head,
      List<String> leaves,
      List<String> sources,
      List<String> sinks,
      List<String> latencyMetrics,
      Set<String> taskMetrics,
      boolean allOperatorsFound) {
    VertexLayout {
      requireNonNull(vertexId, "vertexId is null");
      subtasks = Set.copyOf(subtasks);
      operators = List.copyOf(operators);
      requireNonNull(head, "head is null");
      leaves = List.copyOf(leaves);
      sources = List.copyOf(sources);
      sinks = List.copyOf(sinks);
      latencyMetrics = List.copyOf(latencyMetrics);
      taskMetrics = Set.copyOf(taskMetrics);
    }

    /**
     * Whether every subtask reports the metrics of every operator yet: a layout kept while the
     * source's were still missing would never count what the job processes.
     */
    boolean complete() {
      return allOperatorsFound
          && !operators.isEmpty()
          && subtasks.size() >= Math.max(1, parallelism);
    }

    /** The metric names to ask the vertex for. */
    List<String> queries() {
      List<String> names = new ArrayList<>();
      for (int subtask : new TreeSet<>(subtasks)) {
        for (LaidOperator operator : operators) {
          names.add(subtask + "." + operator.segment() + "." + RECORDS_IN);
          names.add(subtask + "." + operator.segment() + "." + RECORDS_OUT);
        }
        for (String metric : List.of(RECORDS_IN, RECORDS_OUT, BACKPRESSURED, BUSY)) {
          if (taskMetrics.contains(metric)) {
            names.add(subtask + "." + metric);
          }
        }
      }
      names.addAll(latencyMetrics);
      return names;
    }
  }

  /**
   * An operator as the metrics name it.
   *
   * @param name its name in the plan, or the metrics' name when the plan's is not found
   * @param segment its part of the metric names
   */
  record LaidOperator(String name, String segment) {
    LaidOperator {
      requireNonNull(name, "name is null");
      requireNonNull(segment, "segment is null");
    }
  }

  /** The layout of a job from its plan and each vertex's metric names (by vertex id). */
  static JobLayout of(JobPlan plan, Map<String, ? extends Collection<String>> metricNames) {
    Set<String> sourceVertices = plan.sourceVertices();
    Set<String> sinkVertices = plan.sinkVertices();
    Map<String, VertexLayout> vertices = new LinkedHashMap<>();
    for (JobPlan.Vertex vertex : plan.vertices()) {
      Collection<String> names = metricNames.get(vertex.id());
      vertices.put(
          vertex.id(),
          layout(
              vertex,
              names == null ? List.of() : names,
              sourceVertices.contains(vertex.id()),
              sinkVertices.contains(vertex.id())));
    }
    return new JobLayout(plan, vertices);
  }

  JobPlan plan() {
    return plan;
  }

  List<VertexLayout> vertices() {
    return List.copyOf(vertices.values());
  }

  Optional<VertexLayout> vertex(String id) {
    return Optional.ofNullable(vertices.get(id));
  }

  /**
   * Whether every vertex reports its operators' metrics for all its subtasks; a job's first answers
   * can be empty or partial, and a layout is only worth keeping once complete.
   */
  boolean complete() {
    return !vertices.isEmpty() && vertices.values().stream().allMatch(VertexLayout::complete);
  }

  /**
   * The job's numbers from the values read for each vertex (by vertex id), as {@code
   * FlinkClient.vertexMetrics} answers them: absent names are metrics Flink did not report (yet).
   */
  JobCounts count(Map<String, Map<String, Double>> values) {
    Map<String, JobCounts.VertexCounts> counted = new LinkedHashMap<>();
    Optional<Long> processed = Optional.of(0L);
    Optional<Long> emitted = Optional.of(0L);
    boolean anySource = false;
    boolean anySink = false;
    List<Double> latencies = new ArrayList<>();
    Optional<Double> backpressure = Optional.empty();
    Optional<Double> busy = Optional.empty();
    for (VertexLayout vertex : vertices.values()) {
      Map<String, Double> read = values.getOrDefault(vertex.vertexId(), Map.of());
      List<JobCounts.OperatorCounts> operators = new ArrayList<>();
      for (LaidOperator operator : vertex.operators()) {
        operators.add(
            new JobCounts.OperatorCounts(
                operator.name(),
                sum(read, vertex, List.of(operator.segment()), RECORDS_IN),
                sum(read, vertex, List.of(operator.segment()), RECORDS_OUT)));
      }
      Optional<Long> recordsIn =
          vertex.head().isPresent()
              ? sum(read, vertex, List.of(vertex.head().get()), RECORDS_IN)
              : taskSum(read, vertex, RECORDS_IN);
      Optional<Long> recordsOut =
          vertex.leaves().isEmpty()
              ? taskSum(read, vertex, RECORDS_OUT)
              : sum(read, vertex, vertex.leaves(), RECORDS_OUT);
      counted.put(
          vertex.vertexId(),
          new JobCounts.VertexCounts(vertex.vertexId(), recordsIn, recordsOut, operators));
      if (!vertex.sources().isEmpty()) {
        anySource = true;
        processed = add(processed, sum(read, vertex, vertex.sources(), RECORDS_OUT));
      }
      if (!vertex.sinks().isEmpty()) {
        anySink = true;
        emitted = add(emitted, sum(read, vertex, vertex.sinks(), RECORDS_IN));
      }
      for (String latency : vertex.latencyMetrics()) {
        Double value = read.get(latency);
        if (value != null && value >= 0) {
          latencies.add(value);
        }
      }
      backpressure = max(backpressure, taskMax(read, vertex, BACKPRESSURED));
      busy = max(busy, taskMax(read, vertex, BUSY));
    }
    return new JobCounts(
        anySource ? processed : Optional.empty(),
        anySink ? emitted : Optional.empty(),
        latencies.isEmpty()
            ? Optional.empty()
            : Optional.of(latencies.stream().mapToDouble(Double::doubleValue).average().orElse(0)),
        backpressure.map(JobLayout::percentOfSecond),
        busy.map(JobLayout::percentOfSecond),
        counted);
  }

  /** A time-per-second metric (0 to 1000 ms) as a percentage, 0 to 100. */
  static double percentOfSecond(double millisPerSecond) {
    return Math.max(0, Math.min(100, millisPerSecond / 10));
  }

  /**
   * The key a name is compared by: letters and digits kept, anything else {@code _}, as Flink
   * rewrites operator names for metrics.
   */
  static String key(String name) {
    StringBuilder key = new StringBuilder(name.length());
    name.codePoints().forEach(c -> key.appendCodePoint(Character.isLetterOrDigit(c) ? c : '_'));
    return key.toString();
  }

  /** Whether a metric name's operator part names this plan operator. */
  static boolean names(String segment, String planName) {
    String segmentKey = key(segment);
    String planKey = key(planName);
    return segmentKey.equals(planKey)
        || (segmentKey.length() >= METRIC_NAME_LENGTH && planKey.startsWith(segmentKey));
  }

  private static VertexLayout layout(
      JobPlan.Vertex vertex, Collection<String> names, boolean sourceVertex, boolean sinkVertex) {
    // Operator parts (the segment between the subtask and the metric) of the names that count
    // records; task-level metrics have none, and their dotted names ("0.Shuffle.Netty...") never
    // end in an operator's numRecordsIn.
    Set<Integer> subtasks = new TreeSet<>();
    Set<String> segments = new TreeSet<>();
    Set<String> taskMetrics = new TreeSet<>();
    for (String name : names) {
      int dot = name.indexOf('.');
      Optional<Integer> subtask = dot > 0 ? subtask(name.substring(0, dot)) : Optional.empty();
      if (subtask.isEmpty()) {
        continue;
      }
      String rest = name.substring(dot + 1);
      String suffix = "." + RECORDS_IN;
      if (rest.endsWith(suffix) && rest.length() > suffix.length()) {
        segments.add(rest.substring(0, rest.length() - suffix.length()));
        subtasks.add(subtask.get());
      } else if (List.of(RECORDS_IN, RECORDS_OUT, BACKPRESSURED, BUSY).contains(rest)) {
        taskMetrics.add(rest);
      }
    }
    // The plan's operators, in its order, with the segment each is found under.
    Map<JobPlan.Operator, String> found = new LinkedHashMap<>();
    List<LaidOperator> operators = new ArrayList<>();
    Set<String> unclaimed = new TreeSet<>(segments);
    for (JobPlan.Operator operator : vertex.operators()) {
      for (String segment : unclaimed) {
        if (names(segment, operator.name())) {
          found.put(operator, segment);
          operators.add(new LaidOperator(operator.name(), segment));
          unclaimed.remove(segment);
          break;
        }
      }
    }
    unclaimed.forEach(segment -> operators.add(new LaidOperator(segment, segment)));

    Optional<String> head = vertex.head().map(found::get);
    List<String> leaves =
        vertex.leaves().stream().map(found::get).filter(Objects::nonNull).toList();
    List<String> sources = new ArrayList<>();
    if (sourceVertex) {
      head.ifPresentOrElse(
          sources::add,
          () ->
              segments.stream()
                  .filter(segment -> key(segment).startsWith("Source__"))
                  .forEach(sources::add));
    }
    List<String> sinks = new ArrayList<>();
    if (sinkVertex) {
      for (JobPlan.Operator leaf : vertex.leaves()) {
        String segment = found.get(writerOf(vertex, leaf));
        if (segment != null && !sinks.contains(segment)) {
          sinks.add(segment);
        }
      }
      if (sinks.isEmpty()) {
        segments.stream()
            .filter(
                segment -> key(segment).endsWith("__Writer") || key(segment).startsWith("Sink__"))
            .forEach(sinks::add);
      }
    }
    List<String> latencies = new ArrayList<>();
    for (String name : new TreeSet<>(names)) {
      for (String segment : segments) {
        int dot = name.indexOf('.');
        String rest = name.substring(dot + 1);
        if (dot > 0
            && rest.startsWith(segment + ".")
            && rest.endsWith(LATENCY_SUFFIX)
            && subtask(name.substring(0, dot)).isPresent()) {
          latencies.add(name);
          break;
        }
      }
    }
    return new VertexLayout(
        vertex.id(),
        vertex.parallelism(),
        subtasks,
        operators,
        head,
        leaves,
        sources,
        sinks,
        latencies,
        taskMetrics,
        found.size() == vertex.operators().size());
  }

  /** The operator that receives a sink's records: a committer's writer, or the leaf itself. */
  private static JobPlan.Operator writerOf(JobPlan.Vertex vertex, JobPlan.Operator leaf) {
    String committer = ": Committer";
    if (!leaf.name().endsWith(committer)) {
      return leaf;
    }
    String writer =
        leaf.name().substring(0, leaf.name().length() - committer.length()) + ": Writer";
    return vertex.operators().stream()
        .filter(operator -> operator.name().equals(writer))
        .findFirst()
        .orElse(leaf);
  }

  private static Optional<Integer> subtask(String text) {
    if (text.isEmpty() || text.length() > 6 || !text.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    return Optional.of(Integer.parseInt(text));
  }

  /** The sum over all subtasks of these operators' metric; empty unless every value is there. */
  private static Optional<Long> sum(
      Map<String, Double> read, VertexLayout vertex, List<String> segments, String metric) {
    if (segments.isEmpty() || vertex.subtasks().isEmpty()) {
      return Optional.empty();
    }
    long total = 0;
    for (int subtask : vertex.subtasks()) {
      for (String segment : segments) {
        Double value = read.get(subtask + "." + segment + "." + metric);
        if (value == null) {
          return Optional.empty();
        }
        total += Math.round(value);
      }
    }
    return Optional.of(total);
  }

  private static Optional<Long> taskSum(
      Map<String, Double> read, VertexLayout vertex, String metric) {
    if (!vertex.taskMetrics().contains(metric) || vertex.subtasks().isEmpty()) {
      return Optional.empty();
    }
    long total = 0;
    for (int subtask : vertex.subtasks()) {
      Double value = read.get(subtask + "." + metric);
      if (value == null) {
        return Optional.empty();
      }
      total += Math.round(value);
    }
    return Optional.of(total);
  }

  private static Optional<Double> taskMax(
      Map<String, Double> read, VertexLayout vertex, String metric) {
    Optional<Double> max = Optional.empty();
    for (int subtask : vertex.subtasks()) {
      max = max(max, Optional.ofNullable(read.get(subtask + "." + metric)));
    }
    return max;
  }

  private static Optional<Long> add(Optional<Long> total, Optional<Long> part) {
    return total.flatMap(t -> part.map(p -> t + p));
  }

  private static Optional<Double> max(Optional<Double> a, Optional<Double> b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isEmpty() ? a : Optional.of(Math.max(a.get(), b.get()));
  }
}
