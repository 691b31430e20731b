package io.bdpaas.catalog;

import static java.util.Objects.requireNonNull;

import io.bdpaas.api.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One step of a product's orchestrator: start the nodes of a group, or wait until the group passes
 * its readiness check. The document is a JSON list such as {@code [{"start": "master"}, {"await":
 * "master"}, {"start": "worker"}, {"await": "worker"}]}.
 */
public record OrchestratorStep(Action action, String group) {
  /** What a step does. */
  public enum Action {
    START,
    AWAIT
  }

  public OrchestratorStep {
    requireNonNull(action, "action is null");
    requireNonNull(group, "group is null");
  }

  /** Parses an orchestrator document, collecting every problem. */
  public static List<OrchestratorStep> parse(JsonNode document, List<Problem> problems) {
    List<OrchestratorStep> steps = new ArrayList<>();
    if (document == null || !document.isArray()) {
      problems.add(Problem.of("", "the orchestrator must be a JSON list of steps"));
      return steps;
    }
    if (document.isEmpty()) {
      problems.add(Problem.of("", "the orchestrator needs at least one step"));
    }
    for (int i = 0; i < document.size(); i++) {
      JsonNode step = document.get(i);
      String field = "[" + i + "]";
      if (!step.isObject() || step.size() != 1) {
        problems.add(
            Problem.of(field, "must be {\"start\": \"<group>\"} or {\"await\": \"<group>\"}"));
        continue;
      }
      Map.Entry<String, JsonNode> entry = step.properties().iterator().next();
      Action action =
          switch (entry.getKey()) {
            case "start" -> Action.START;
            case "await" -> Action.AWAIT;
            default -> null;
          };
      if (action == null) {
        problems.add(Problem.of(field + "." + entry.getKey(), "unknown step; use start or await"));
      } else if (!entry.getValue().isString() || entry.getValue().asString().isBlank()) {
        problems.add(Problem.of(field + "." + entry.getKey(), "must name a node group"));
      } else {
        steps.add(new OrchestratorStep(action, entry.getValue().asString()));
      }
    }
    return steps;
  }

  /** The step as it appears in the document. */
  public Map<String, String> toDocument() {
    return Map.of(action == Action.START ? "start" : "await", group);
  }
}
