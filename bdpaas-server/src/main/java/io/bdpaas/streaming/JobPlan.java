package io.bdpaas.streaming;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A job's logical DAG as Flink's {@code /jobs/:jobid/plan} describes it: its vertices (operator
 * chains, the unit Flink schedules) with the operators chained inside each, and the edges between
 * vertices with their ship strategy. Built from the plan's JSON without any I/O.
 *
 * <p>A vertex no edge enters is a <em>source vertex</em>; a vertex no edge leaves is a <em>sink
 * vertex</em>.
 */
record JobPlan(List<Vertex> vertices, List<Edge> edges) {
  private static final Pattern ENTITY =
      Pattern.compile("&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[a-z]+);");

  JobPlan {
    vertices = List.copyOf(vertices);
    edges = List.copyOf(edges);
  }

  /**
   * One vertex.
   *
   * @param operators the chain's operators in the order of the plan's description: the chain's head
   *     first, each operator before the ones it feeds
   */
  record Vertex(String id, int parallelism, List<Operator> operators) {
    Vertex {
      requireNonNull(id, "id is null");
      operators = List.copyOf(operators);
    }

    /** The chain's head: the operator records from other vertices (or a source) enter by. */
    Optional<Operator> head() {
      return operators.isEmpty() ? Optional.empty() : Optional.of(operators.get(0));
    }

    /** The chain's last operators: those that feed no other operator of the chain. */
    List<Operator> leaves() {
      return operators.stream().filter(Operator::leaf).toList();
    }
  }

  /**
   * An operator inside a chain.
   *
   * @param name its name as the plan writes it, e.g. {@code Source: sentences}
   * @param depth 0 for the chain's head, 1 for the operators it feeds, and so on
   * @param leaf whether it feeds no other operator of its chain
   */
  record Operator(String name, int depth, boolean leaf) {
    Operator {
      requireNonNull(name, "name is null");
    }
  }

  /** Records flow from {@code source} to {@code target}, partitioned as {@code shipStrategy}. */
  record Edge(String source, String target, String shipStrategy) {
    Edge {
      requireNonNull(source, "source is null");
      requireNonNull(target, "target is null");
      requireNonNull(shipStrategy, "shipStrategy is null");
    }
  }

  /** The plan from Flink's answer ({@code {"plan": {...}}} or the plan itself). */
  static JobPlan parse(JsonNode json) {
    JsonNode plan = json.has("plan") ? json.path("plan") : json;
    List<Vertex> vertices = new ArrayList<>();
    List<Edge> edges = new ArrayList<>();
    for (JsonNode node : plan.path("nodes")) {
      String id = node.path("id").asString("");
      if (id.isEmpty()) {
        continue;
      }
      vertices.add(
          new Vertex(id, node.path("parallelism").asInt(0), chain(node.path("description"))));
      for (JsonNode input : node.path("inputs")) {
        String source = input.path("id").asString("");
        if (!source.isEmpty()) {
          edges.add(new Edge(source, id, input.path("ship_strategy").asString("")));
        }
      }
    }
    return new JobPlan(vertices, edges);
  }

  Optional<Vertex> vertex(String id) {
    return vertices.stream().filter(vertex -> vertex.id().equals(id)).findFirst();
  }

  /** The vertices no edge enters: they hold the job's sources. */
  Set<String> sourceVertices() {
    Set<String> sources = new LinkedHashSet<>();
    for (Vertex vertex : vertices) {
      if (edges.stream().noneMatch(edge -> edge.target().equals(vertex.id()))) {
        sources.add(vertex.id());
      }
    }
    return sources;
  }

  /** The vertices no edge leaves: they hold the job's sinks. */
  Set<String> sinkVertices() {
    Set<String> sinks = new LinkedHashSet<>();
    for (Vertex vertex : vertices) {
      if (edges.stream().noneMatch(edge -> edge.source().equals(vertex.id()))) {
        sinks.add(vertex.id());
      }
    }
    return sinks;
  }

  /** How many operators all chains hold. */
  int operatorCount() {
    return vertices.stream().mapToInt(vertex -> vertex.operators().size()).sum();
  }

  /**
   * The operators of a chain from a plan node's description. Flink writes it (in its default {@code
   * pipeline.vertex-description-mode: TREE}) as HTML lines: the head, then each chained operator
   * below the one that feeds it, prefixed by {@code "+- "} (the last child) or {@code ":- "},
   * indented by {@code " "} or {@code ": "} per level:
   *
   * <pre>
   * Source: sentences&lt;br/&gt;+- tokenize&lt;br/&gt;
   * </pre>
   *
   * A description in another form (the {@code CASCADING} mode's one line) is one operator.
   */
  static List<Operator> chain(JsonNode description) {
    String text = description.isString() ? description.stringValue() : "";
    List<String> names = new ArrayList<>();
    List<Integer> depths = new ArrayList<>();
    for (String line : text.split("<br/>|\n")) {
      if (line.isBlank()) {
        continue;
      }
      int at = 0;
      int depth = 0;
      if (!names.isEmpty()) {
        while (line.startsWith("   ", at) || line.startsWith(":  ", at)) {
          at += 3;
          depth++;
        }
        if (line.startsWith("+- ", at) || line.startsWith(":- ", at)) {
          at += 3;
          depth++;
        } else {
          at = 0;
          depth = depths.get(depths.size() - 1) + 1;
        }
      }
      names.add(unescape(line.substring(at).strip()));
      depths.add(depth);
    }
    List<Operator> operators = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      boolean leaf = i + 1 == names.size() || depths.get(i + 1) <= depths.get(i);
      operators.add(new Operator(names.get(i), depths.get(i), leaf));
    }
    return operators;
  }

  /** Undoes the HTML escaping Flink applies to descriptions. */
  static String unescape(String html) {
    Matcher matcher = ENTITY.matcher(html);
    StringBuilder text = new StringBuilder();
    while (matcher.find()) {
      String entity = matcher.group(1);
      String replacement =
          switch (entity) {
            case "amp" -> "&";
            case "lt" -> "<";
            case "gt" -> ">";
            case "quot" -> "\"";
            case "apos" -> "'";
            default -> {
              int codePoint =
                  entity.startsWith("#x")
                      ? Integer.parseInt(entity.substring(2), 16)
                      : entity.startsWith("#") ? Integer.parseInt(entity.substring(1)) : -1;
              yield Character.isValidCodePoint(codePoint)
                  ? Character.toString(codePoint)
                  : matcher.group();
            }
          };
      matcher.appendReplacement(text, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(text);
    return text.toString();
  }
}
