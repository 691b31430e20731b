package io.bdpaas.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.api.Problem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class OrchestratorStepTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void parsesStartAndAwaitSteps() {
    List<Problem> problems = new ArrayList<>();

    List<OrchestratorStep> steps =
        OrchestratorStep.parse(
            JSON.readTree("[{\"start\":\"master\"},{\"await\":\"master\"}]"), problems);

    assertThat(problems).isEmpty();
    assertThat(steps)
        .containsExactly(
            new OrchestratorStep(OrchestratorStep.Action.START, "master"),
            new OrchestratorStep(OrchestratorStep.Action.AWAIT, "master"));
  }

  @Test
  void reportsEveryBadStep() {
    List<Problem> problems = new ArrayList<>();

    OrchestratorStep.parse(
        JSON.readTree("[{\"run\":\"x\"},{\"start\":\"\"},{\"start\":\"a\",\"await\":\"a\"},5]"),
        problems);

    assertThat(problems)
        .extracting(Problem::field)
        .containsExactly("[0].run", "[1].start", "[2]", "[3]");
  }

  @Test
  void refusesEmptyAndNonListDocuments() {
    List<Problem> empty = new ArrayList<>();
    List<Problem> object = new ArrayList<>();
    OrchestratorStep.parse(JSON.readTree("[]"), empty);
    OrchestratorStep.parse(JSON.readTree("{\"start\":\"a\"}"), object);

    assertThat(empty).hasSize(1);
    assertThat(object).hasSize(1);
  }
}
