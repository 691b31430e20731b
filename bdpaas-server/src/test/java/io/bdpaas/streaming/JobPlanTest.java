package io.bdpaas.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

class JobPlanTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final String SOURCE_VERTEX = "cbc357ccb763df2852fee8c4fc7d55f2";
  static final String SINK_VERTEX = "90bea66de1c231edf33913ecd54406c1";

  /** {@code GET /jobs/:id/plan} of a two-chain job, recorded from Flink 2.3. */
  static JsonNode recordedPlan() throws IOException {
    return resource("plan-two-chains.json");
  }

  static JsonNode resource(String name) throws IOException {
    try (InputStream in = JobPlanTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return JSON.readTree(in);
    }
  }

  @Test
  void readsChainsEdgesSourcesAndSinksFromARecordedPlan() throws IOException {
    JobPlan plan = JobPlan.parse(recordedPlan());

    assertThat(plan.vertices()).extracting(JobPlan.Vertex::id).contains(SOURCE_VERTEX, SINK_VERTEX);
    assertThat(plan.edges()).containsExactly(new JobPlan.Edge(SOURCE_VERTEX, SINK_VERTEX, "HASH"));
    assertThat(plan.sourceVertices()).containsExactly(SOURCE_VERTEX);
    assertThat(plan.sinkVertices()).containsExactly(SINK_VERTEX);
    assertThat(plan.vertex(SOURCE_VERTEX).orElseThrow().operators())
        .containsExactly(
            new JobPlan.Operator("Source: numbers", 0, false),
            new JobPlan.Operator("to pairs [mod 16]", 1, true));
    assertThat(plan.vertex(SINK_VERTEX).orElseThrow().parallelism()).isEqualTo(2);
    assertThat(plan.operatorCount()).isEqualTo(4);
  }

  @Test
  void readsABranchingChainAsATree() {
    // Flink's TREE description: ":- " for a child with siblings after it, "+- " for the last.
    var chain =
        JobPlan.chain(
            JsonNodeFactory.instance.stringNode(
                "split<br/>:- left<br/>:  +- left sink: Writer<br/>+- right<br/>"));

    assertThat(chain)
        .containsExactly(
            new JobPlan.Operator("split", 0, false),
            new JobPlan.Operator("left", 1, false),
            new JobPlan.Operator("left sink: Writer", 2, true),
            new JobPlan.Operator("right", 1, true));
  }

  @Test
  void aDescriptionOnOneLineIsOneOperatorAndHtmlIsUndone() {
    assertThat(
            JobPlan.chain(
                JsonNodeFactory.instance.stringNode("Map &lt;a&gt; &amp; &quot;b&quot; &#92;")))
        .containsExactly(new JobPlan.Operator("Map <a> & \"b\" \\", 0, true));
    assertThat(JobPlan.unescape("&bogus; &#99999999;")).isEqualTo("&bogus; &#99999999;");
  }

  @Test
  void aJobOfOneChainIsBothSourceAndSinkVertex() {
    JobPlan plan =
        JobPlan.parse(
            JSON.readTree(
                """
                {"plan":{"nodes":[{"id":"a1","parallelism":1,
                  "description":"Source: gen<br/>+- Sink: out<br/>"}]}}
                """));

    assertThat(plan.sourceVertices()).containsExactly("a1");
    assertThat(plan.sinkVertices()).containsExactly("a1");
    assertThat(plan.edges()).isEmpty();
  }
}
