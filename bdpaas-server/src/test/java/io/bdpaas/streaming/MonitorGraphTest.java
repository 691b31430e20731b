package io.bdpaas.streaming;

import static io.bdpaas.streaming.JobPlanTest.SINK_VERTEX;
import static io.bdpaas.streaming.JobPlanTest.SOURCE_VERTEX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.bdpaas.engine.flink.FlinkCheckpoints;
import io.bdpaas.engine.flink.FlinkIoMetrics;
import io.bdpaas.engine.flink.FlinkJobDetails;
import io.bdpaas.engine.flink.FlinkTaskManagerInfo;
import io.bdpaas.engine.flink.FlinkVertexDetails;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MonitorGraphTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  private static FlinkTaskManagerInfo taskManager(String id, String host) {
    return new FlinkTaskManagerInfo(
        id,
        "pekko.tcp://flink@" + host + ":40000/user/rpc/taskmanager_0",
        40001,
        2,
        0,
        2,
        0,
        0,
        1_652_555_776L);
  }

  private static FlinkVertexDetails.Subtask subtask(int index, String taskManager) {
    return new FlinkVertexDetails.Subtask(
        index,
        taskManager == null ? "SCHEDULED" : "RUNNING",
        1,
        Optional.ofNullable(taskManager),
        Optional.ofNullable(taskManager).map(id -> "localhost:3618" + index),
        Optional.of(NOW),
        FlinkIoMetrics.NONE);
  }

  @Test
  void groupsEverySubtaskUnderTheTaskManagerItRunsOn() {
    List<FlinkVertexDetails> vertices =
        List.of(
            new FlinkVertexDetails(
                "v1", "Source: a -> b", 2, List.of(subtask(1, "tm-2"), subtask(0, "tm-1"))),
            new FlinkVertexDetails(
                "v2",
                "c -> d: Writer",
                3,
                List.of(subtask(0, "tm-1"), subtask(1, "tm-gone"), subtask(2, null))));
    List<MonitorGraph.Instance> unassigned = new ArrayList<>();

    List<MonitorGraph.Container> containers =
        MonitorGraph.containers(
            vertices,
            List.of(
                taskManager("tm-2", "10.0.0.2"),
                taskManager("tm-1", "10.0.0.1"),
                taskManager("tm-3", "10.0.0.3")),
            unassigned);

    assertThat(containers)
        .extracting(MonitorGraph.Container::id, MonitorGraph.Container::host)
        .containsExactly(
            tuple("tm-1", "10.0.0.1"),
            tuple("tm-2", "10.0.0.2"),
            tuple("tm-3", "10.0.0.3"),
            tuple("tm-gone", "localhost"));
    assertThat(containers.get(0).instances())
        .containsExactly(
            new MonitorGraph.Instance("v1", "Source: a -> b", 0, "RUNNING", 1),
            new MonitorGraph.Instance("v2", "c -> d: Writer", 0, "RUNNING", 1));
    assertThat(containers.get(1).instances())
        .containsExactly(new MonitorGraph.Instance("v1", "Source: a -> b", 1, "RUNNING", 1));
    assertThat(containers.get(2).instances()).isEmpty();
    assertThat(unassigned)
        .containsExactly(new MonitorGraph.Instance("v2", "c -> d: Writer", 2, "SCHEDULED", 1));
  }

  @Test
  void aTaskManagersHostIsItsRpcAddresssHost() {
    assertThat(MonitorGraph.hostOf(taskManager("t", "127.0.0.1"))).isEqualTo("127.0.0.1");
    assertThat(
            MonitorGraph.hostOf(
                new FlinkTaskManagerInfo(
                    "t", "pekko.tcp://flink@[::1]:4/user", 0, 0, 0, 0, 0, 0, 0)))
        .isEqualTo("::1");
    assertThat(MonitorGraph.hostOf(new FlinkTaskManagerInfo("t", "", 0, 0, 0, 0, 0, 0, 0)))
        .isEqualTo("t");
    assertThat(MonitorGraph.hostOfEndpoint("localhost:36183")).isEqualTo("localhost");
  }

  @Test
  void theDagCarriesTheOperatorsCountsAndTheUpstreamRateOnEachEdge() throws IOException {
    JobPlan plan = JobPlan.parse(JobPlanTest.recordedPlan());
    FlinkJobDetails job =
        new FlinkJobDetails(
            "job-1",
            "probe counting",
            "RUNNING",
            Optional.of(NOW),
            Optional.empty(),
            Duration.ofMinutes(1),
            Map.of(),
            List.of(
                new FlinkJobDetails.Vertex(
                    SOURCE_VERTEX,
                    "Source: numbers -> to pairs [mod 16]",
                    2,
                    "RUNNING",
                    Optional.of(NOW),
                    FlinkIoMetrics.NONE),
                new FlinkJobDetails.Vertex(
                    SINK_VERTEX,
                    "count -> discard: Writer",
                    2,
                    "RUNNING",
                    Optional.of(NOW),
                    FlinkIoMetrics.NONE)));
    JobCounts counts =
        new JobCounts(
            Optional.of(3_000L),
            Optional.of(2_900L),
            Optional.empty(),
            Optional.of(0.0),
            Optional.of(50.0),
            Map.of(
                SOURCE_VERTEX,
                new JobCounts.VertexCounts(
                    SOURCE_VERTEX,
                    Optional.of(0L),
                    Optional.of(15_000L),
                    List.of(
                        new JobCounts.OperatorCounts(
                            "Source: numbers", Optional.of(0L), Optional.of(3_000L)))),
                SINK_VERTEX,
                new JobCounts.VertexCounts(
                    SINK_VERTEX, Optional.of(14_900L), Optional.of(0L), List.of())));
    JobSample sample = sample("job-1", counts);

    MonitorGraph graph = MonitorGraph.of(plan, job, List.of(), List.of(), Optional.of(sample));

    assertThat(graph.sampledAt()).contains(NOW);
    assertThat(graph.edges())
        .containsExactly(
            new MonitorGraph.Link(SOURCE_VERTEX, SINK_VERTEX, "HASH", Optional.of(7_500.0)));
    MonitorGraph.Node source = graph.nodes().get(0);
    assertThat(source.source()).isTrue();
    assertThat(source.sink()).isFalse();
    assertThat(source.recordsOut()).contains(15_000L);
    assertThat(source.operators())
        .containsExactly(
            new JobCounts.OperatorCounts("Source: numbers", Optional.of(0L), Optional.of(3_000L)),
            new JobCounts.OperatorCounts("to pairs [mod 16]", Optional.empty(), Optional.empty()));
    assertThat(graph.nodes().get(1).sink()).isTrue();

    // A sample of another job (the application was launched again) says nothing of this one.
    MonitorGraph unsampled =
        MonitorGraph.of(plan, job, List.of(), List.of(), Optional.of(sample("job-0", counts)));
    assertThat(unsampled.sampledAt()).isEmpty();
    assertThat(unsampled.edges().get(0).recordsPerSecond()).isEmpty();
  }

  private static JobSample sample(String jobId, JobCounts counts) {
    return new JobSample(
        jobId,
        NOW,
        "RUNNING",
        counts.processed(),
        counts.emitted(),
        Optional.of(new Throughput.Rates(1_500, 1_450, Map.of(SOURCE_VERTEX, 7_500.0))),
        counts,
        2,
        4,
        1,
        2,
        0,
        1_652_555_776L,
        new FlinkCheckpoints(
            0, 0, 0, 0, 0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
  }
}
