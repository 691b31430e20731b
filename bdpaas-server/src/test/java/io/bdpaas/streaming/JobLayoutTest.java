package io.bdpaas.streaming;

import static io.bdpaas.streaming.JobPlanTest.SINK_VERTEX;
import static io.bdpaas.streaming.JobPlanTest.SOURCE_VERTEX;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JobLayoutTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The source vertex's metric names, recorded from Flink 2.3 (subtasks 0 and 1). */
  private static List<String> recordedSourceNames() throws IOException {
    List<String> names = new ArrayList<>();
    for (JsonNode metric : JobPlanTest.resource("source-vertex-metric-names.json")) {
      names.add(metric.get("id").asString());
    }
    return names;
  }

  /**
   * Names of the sink vertex "count -> discard: Writer" in the same form (Flink 2.3 writes the
   * writer as {@code discard__Writer}), for 2 subtasks.
   */
  private static List<String> sinkNames() {
    List<String> names = new ArrayList<>();
    for (int subtask = 0; subtask < 2; subtask++) {
      for (String operator : List.of("count", "discard__Writer")) {
        for (String metric :
            List.of(
                "numRecordsIn",
                "numRecordsOut",
                "numRecordsInPerSecond",
                "currentInputWatermark")) {
          names.add(subtask + "." + operator + "." + metric);
        }
      }
      names.add(subtask + ".count.latencyMs");
      names.add(subtask + ".count.latency_p99");
      names.add(subtask + ".mailboxLatencyMs_p99");
      names.add(subtask + ".numRecordsIn");
      names.add(subtask + ".numRecordsOut");
      names.add(subtask + ".busyTimeMsPerSecond");
      names.add(subtask + ".backPressuredTimeMsPerSecond");
      names.add(subtask + ".Shuffle.Netty.Input.numBytesInLocal");
    }
    return names;
  }

  private static JobLayout recordedLayout() throws IOException {
    return JobLayout.of(
        JobPlan.parse(JobPlanTest.recordedPlan()),
        Map.of(SOURCE_VERTEX, recordedSourceNames(), SINK_VERTEX, sinkNames()));
  }

  private static Map<String, Double> values(Object... nameThenValue) {
    Map<String, Double> values = new HashMap<>();
    for (int i = 0; i < nameThenValue.length; i += 2) {
      values.put((String) nameThenValue[i], ((Number) nameThenValue[i + 1]).doubleValue());
    }
    return values;
  }

  @Test
  void processedIsWhatTheSourcesEmitAndEmittedWhatReachesTheSinks() throws IOException {
    JobLayout layout = recordedLayout();
    assertThat(layout.complete()).isTrue();
    JobLayout.VertexLayout source = layout.vertex(SOURCE_VERTEX).orElseThrow();
    assertThat(source.sources()).containsExactly("Source__numbers");
    assertThat(source.head()).contains("Source__numbers");
    assertThat(source.leaves()).containsExactly("to_pairs_[mod_16]");
    assertThat(source.operators())
        .containsExactly(
            new JobLayout.LaidOperator("Source: numbers", "Source__numbers"),
            new JobLayout.LaidOperator("to pairs [mod 16]", "to_pairs_[mod_16]"));
    JobLayout.VertexLayout sink = layout.vertex(SINK_VERTEX).orElseThrow();
    assertThat(sink.sinks()).containsExactly("discard__Writer");
    assertThat(sink.sources()).isEmpty();
    assertThat(sink.latencyMetrics()).containsExactly("0.count.latencyMs", "1.count.latencyMs");
    assertThat(sink.queries())
        .contains(
            "0.count.numRecordsIn",
            "1.discard__Writer.numRecordsIn",
            "1.backPressuredTimeMsPerSecond",
            "0.count.latencyMs")
        .doesNotContain("0.count.latency_p99", "0.mailboxLatencyMs_p99");

    JobCounts counts =
        layout.count(
            Map.of(
                SOURCE_VERTEX,
                values(
                    "0.Source__numbers.numRecordsIn", 0,
                    "1.Source__numbers.numRecordsIn", 0,
                    "0.Source__numbers.numRecordsOut", 1_000,
                    "1.Source__numbers.numRecordsOut", 2_000,
                    "0.to_pairs_[mod_16].numRecordsIn", 1_000,
                    "1.to_pairs_[mod_16].numRecordsIn", 2_000,
                    "0.to_pairs_[mod_16].numRecordsOut", 5_000,
                    "1.to_pairs_[mod_16].numRecordsOut", 10_000,
                    "0.numRecordsOut", 5_000,
                    "1.numRecordsOut", 10_000),
                SINK_VERTEX,
                values(
                    "0.count.numRecordsIn", 7_000,
                    "1.count.numRecordsIn", 7_500,
                    "0.count.numRecordsOut", 7_000,
                    "1.count.numRecordsOut", 7_400,
                    "0.discard__Writer.numRecordsIn", 7_000,
                    "1.discard__Writer.numRecordsIn", 7_400,
                    "0.discard__Writer.numRecordsOut", 0,
                    "1.discard__Writer.numRecordsOut", 0,
                    "0.count.latencyMs", 4,
                    "1.count.latencyMs", 6,
                    "0.busyTimeMsPerSecond", 250,
                    "1.busyTimeMsPerSecond", 900,
                    "0.backPressuredTimeMsPerSecond", 0,
                    "1.backPressuredTimeMsPerSecond", 120)));

    assertThat(counts.processed()).contains(3_000L);
    assertThat(counts.emitted()).contains(14_400L);
    assertThat(counts.latencyMs()).contains(5.0);
    assertThat(counts.backpressurePercent()).contains(12.0);
    assertThat(counts.busyPercent()).contains(90.0);
    JobCounts.VertexCounts sourceCounts = counts.vertices().get(SOURCE_VERTEX);
    assertThat(sourceCounts.recordsIn()).contains(0L);
    assertThat(sourceCounts.recordsOut()).contains(15_000L);
    assertThat(sourceCounts.operators())
        .containsExactly(
            new JobCounts.OperatorCounts("Source: numbers", Optional.of(0L), Optional.of(3_000L)),
            new JobCounts.OperatorCounts(
                "to pairs [mod 16]", Optional.of(3_000L), Optional.of(15_000L)));
    assertThat(counts.vertices().get(SINK_VERTEX).recordsIn()).contains(14_500L);
  }

  @Test
  void aCountWithAValueMissingIsUnknownNotSmaller() throws IOException {
    JobCounts counts =
        recordedLayout()
            .count(
                Map.of(
                    SOURCE_VERTEX,
                    values("0.Source__numbers.numRecordsOut", 1_000),
                    SINK_VERTEX,
                    values()));

    assertThat(counts.processed()).isEmpty();
    assertThat(counts.emitted()).isEmpty();
    assertThat(counts.latencyMs()).isEmpty();
  }

  @Test
  void aLayoutIsIncompleteUntilEverySubtaskReportsOperatorMetrics() throws IOException {
    List<String> oneSubtask =
        recordedSourceNames().stream().filter(name -> name.startsWith("0.")).toList();
    JobPlan plan = JobPlan.parse(JobPlanTest.recordedPlan());

    assertThat(
            JobLayout.of(plan, Map.of(SOURCE_VERTEX, oneSubtask, SINK_VERTEX, sinkNames()))
                .complete())
        .isFalse();
    assertThat(
            JobLayout.of(plan, Map.of(SOURCE_VERTEX, List.of(), SINK_VERTEX, sinkNames()))
                .complete())
        .isFalse();
  }

  @Test
  void aLayoutIsIncompleteWhileAnOperatorOfTheChainHasNotRegisteredItsMetrics() throws IOException {
    // As a job starts, its operators register their metrics one by one: a layout kept before the
    // source's would never count what the job processes.
    List<String> sourceNotYet =
        recordedSourceNames().stream().filter(name -> !name.contains(".Source__")).toList();
    JobPlan plan = JobPlan.parse(JobPlanTest.recordedPlan());

    JobLayout layout =
        JobLayout.of(plan, Map.of(SOURCE_VERTEX, sourceNotYet, SINK_VERTEX, sinkNames()));

    assertThat(sourceNotYet).isNotEmpty().hasSizeLessThan(recordedSourceNames().size());
    assertThat(layout.complete()).isFalse();
    assertThat(recordedLayout().complete()).isTrue();
  }

  @Test
  void aFullyChainedJobCountsItsSourceAndItsSinkInOneVertex() {
    JobPlan plan =
        JobPlan.parse(
            JSON.readTree(
                """
                {"nodes":[{"id":"v","parallelism":1,
                  "description":"Source: gen<br/>+- parse<br/>   +- out: Writer<br/>"}]}
                """));
    JobLayout layout =
        JobLayout.of(
            plan,
            Map.of(
                "v",
                List.of(
                    "0.Source__gen.numRecordsIn",
                    "0.parse.numRecordsIn",
                    "0.out:_Writer.numRecordsIn",
                    "0.numRecordsIn",
                    "0.numRecordsOut")));

    JobCounts counts =
        layout.count(
            Map.of(
                "v",
                values(
                    "0.Source__gen.numRecordsIn", 0,
                    "0.Source__gen.numRecordsOut", 500,
                    "0.parse.numRecordsIn", 500,
                    "0.parse.numRecordsOut", 450,
                    "0.out:_Writer.numRecordsIn", 450,
                    "0.out:_Writer.numRecordsOut", 0,
                    // Between tasks nothing flows: Flink's job overview would show 0 and 0.
                    "0.numRecordsIn", 0,
                    "0.numRecordsOut", 0)));

    assertThat(counts.processed()).contains(500L);
    assertThat(counts.emitted()).contains(450L);
  }

  @Test
  void operatorsTheMetricsNameOtherwiseAreFoundByTheirKind() {
    // Descriptions set by the application differ from the operators' names in the metrics.
    JobPlan plan =
        JobPlan.parse(
            JSON.readTree(
                """
                {"nodes":[
                  {"id":"s","parallelism":1,"description":"reads the sensors<br/>"},
                  {"id":"k","parallelism":1,"description":"stores them<br/>",
                   "inputs":[{"id":"s","ship_strategy":"FORWARD"}]}]}
                """));
    JobLayout layout =
        JobLayout.of(
            plan,
            Map.of(
                "s", List.of("0.Source__sensors.numRecordsIn"),
                "k", List.of("0.store:_Writer.numRecordsIn")));

    assertThat(layout.vertex("s").orElseThrow().sources()).containsExactly("Source__sensors");
    assertThat(layout.vertex("k").orElseThrow().sinks()).containsExactly("store:_Writer");
    assertThat(layout.vertex("s").orElseThrow().operators())
        .containsExactly(new JobLayout.LaidOperator("Source__sensors", "Source__sensors"));
  }

  @Test
  void aCommitterStandsForItsWriterAndLongNamesAreCutAsFlinkCutsThem() {
    String longName = "x".repeat(100);
    JobPlan plan =
        JobPlan.parse(
            JSON.readTree(
                """
                {"nodes":[{"id":"v","parallelism":1,"description":"Source: %s<br/>+- kafka: Writer<br/>   +- kafka: Committer<br/>"}]}
                """
                    .formatted(longName)));
    JobLayout layout =
        JobLayout.of(
            plan,
            Map.of(
                "v",
                List.of(
                    "0.Source__" + "x".repeat(72) + ".numRecordsIn",
                    "0.kafka:_Writer.numRecordsIn",
                    "0.kafka:_Committer.numRecordsIn")));

    JobLayout.VertexLayout vertex = layout.vertex("v").orElseThrow();
    assertThat(vertex.sinks()).containsExactly("kafka:_Writer");
    assertThat(vertex.sources()).containsExactly("Source__" + "x".repeat(72));
    assertThat(vertex.operators().get(0).name()).isEqualTo("Source: " + longName);
  }

  @Test
  void namesAreComparedAsFlinkRewritesThem() {
    assertThat(JobLayout.names("Source__sentences", "Source: sentences")).isTrue();
    assertThat(JobLayout.names("sink:_Writer", "sink: Writer")).isTrue();
    assertThat(JobLayout.names("sink__Writer", "sink: Writer")).isTrue();
    assertThat(JobLayout.names("count", "counter")).isFalse();
    assertThat(JobLayout.percentOfSecond(1_500)).isEqualTo(100.0);
  }
}
