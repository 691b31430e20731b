package io.bdpaas.engine.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.bdpaas.engine.EngineClientException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The answers of Flink 2.3.0's REST API, as recorded from a session cluster (one JobManager, one
 * TaskManager with 2 slots) running a keyed streaming job: {@code answers/*.json}. Only the base64
 * {@code serialized-throwable} of a savepoint failure was left out.
 */
class FlinkAnswersTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String SOURCE = "cbc357ccb763df2852fee8c4fc7d55f2";
  private static final String SINK = "90bea66de1c231edf33913ecd54406c1";

  @Test
  void aRunningJobHasItsVerticesAndTheStatesItWentThrough() {
    FlinkJobDetails job = FlinkClient.parseJob(recorded("job-running.json"));

    assertThat(job.id()).isEqualTo("00000000000000000000000000000a01");
    assertThat(job.name()).isEqualTo("probe counting");
    assertThat(job.state()).isEqualTo("RUNNING");
    assertThat(job.isGloballyTerminal()).isFalse();
    assertThat(job.startTime()).hasValue(Instant.ofEpochMilli(1796212231868L));
    assertThat(job.endTime()).isEmpty();
    assertThat(job.duration()).isEqualTo(Duration.ofMillis(18177));
    assertThat(job.stateTimestamps())
        .containsOnlyKeys("INITIALIZING", "CREATED", "RUNNING")
        .containsEntry("RUNNING", Instant.ofEpochMilli(1796212232253L));
    assertThat(job.vertices())
        .containsExactly(
            new FlinkJobDetails.Vertex(
                SOURCE,
                "Source: numbers -> to pairs [mod 16]",
                2,
                "RUNNING",
                Optional.of(Instant.ofEpochMilli(1796212232652L)),
                new FlinkIoMetrics(0, 114476, 0, 3262424)),
            new FlinkJobDetails.Vertex(
                SINK,
                "count -> discard: Writer",
                2,
                "RUNNING",
                Optional.of(Instant.ofEpochMilli(1796212232655L)),
                new FlinkIoMetrics(113389, 0, 3288776, 0)));
  }

  @Test
  void aFailedJobHasEnded() {
    FlinkJobDetails job = FlinkClient.parseJob(recorded("job-failed.json"));

    assertThat(job.state()).isEqualTo("FAILED");
    assertThat(job.isGloballyTerminal()).isTrue();
    assertThat(job.endTime()).hasValue(Instant.ofEpochMilli(1796212350179L));
    assertThat(job.stateTimestamps()).containsKeys("FAILING", "FAILED");
  }

  @Test
  void theJobListHasEveryJobTheClusterKeeps() {
    List<FlinkJobSummary> jobs = FlinkClient.parseJobs(recorded("jobs-overview.json"));

    assertThat(jobs)
        .extracting(FlinkJobSummary::id, FlinkJobSummary::state)
        .containsExactly(
            tuple("00000000000000000000000000000a03", "CANCELED"),
            tuple("35994a27494e2ac12faf71ad10d12e63", "FAILED"),
            tuple("00000000000000000000000000000a02", "CANCELED"),
            tuple("00000000000000000000000000000a01", "FINISHED"));
    assertThat(jobs.get(3).startTime()).hasValue(Instant.ofEpochMilli(1796212231868L));
    assertThat(jobs.get(3).endTime()).hasValue(Instant.ofEpochMilli(1796212305059L));
    assertThat(jobs.get(3).duration()).isEqualTo(Duration.ofMillis(73191));
    assertThat(jobs).allMatch(FlinkJobSummary::isGloballyTerminal);
  }

  @Test
  void aVertexShowsWhereEachSubtaskRuns() {
    FlinkVertexDetails vertex = FlinkClient.parseVertex(recorded("vertex.json"));

    assertThat(vertex.id()).isEqualTo(SINK);
    assertThat(vertex.parallelism()).isEqualTo(2);
    assertThat(vertex.subtasks())
        .containsExactly(
            new FlinkVertexDetails.Subtask(
                0,
                "RUNNING",
                0,
                Optional.of("127.0.0.1:46609-07d05e"),
                Optional.of("localhost:36183"),
                Optional.of(Instant.ofEpochMilli(1796212232655L)),
                new FlinkIoMetrics(49464, 0, 1434692, 0)),
            new FlinkVertexDetails.Subtask(
                1,
                "RUNNING",
                0,
                Optional.of("127.0.0.1:46609-07d05e"),
                Optional.of("localhost:36183"),
                Optional.of(Instant.ofEpochMilli(1796212232656L)),
                new FlinkIoMetrics(63925, 0, 1854084, 0)));
  }

  @Test
  void aSubtaskNotYetPlacedHasNoTaskManager() {
    FlinkVertexDetails vertex =
        FlinkClient.parseVertex(
            json(
                """
                {"id":"v1","name":"Source: numbers","parallelism":1,"subtasks":[
                  {"subtask":0,"status":"SCHEDULED","attempt":1,"endpoint":"(unassigned)",
                   "start-time":-1,"end-time":-1,"duration":-1,"metrics":{},
                   "taskmanager-id":"(unassigned)"}]}
                """));

    FlinkVertexDetails.Subtask subtask = vertex.subtasks().get(0);
    assertThat(subtask.attempt()).isEqualTo(1);
    assertThat(subtask.taskManagerId()).isEmpty();
    assertThat(subtask.endpoint()).isEmpty();
    assertThat(subtask.startTime()).isEmpty();
    assertThat(subtask.metrics()).isEqualTo(FlinkIoMetrics.NONE);
  }

  @Test
  void vertexMetricsKeepNumbersOnly() {
    Map<String, Double> metrics =
        FlinkClient.parseMetrics(recorded("vertex-metrics.json"), "value");

    // "0.isBackPressured" is "false": not a number.
    assertThat(metrics)
        .containsExactly(
            Map.entry("0.Source__numbers.currentEmitEventTimeLag", -1.0),
            Map.entry("0.to_pairs_[mod_16].numRecordsIn", 211941.0));
  }

  @Test
  void summedSubtaskMetricsAreNumbers() {
    Map<String, Double> metrics =
        FlinkClient.parseMetrics(recorded("subtask-metrics-sum.json"), "sum");

    assertThat(metrics)
        .containsEntry("numRecordsOut", 283856.0)
        .containsEntry("busyTimeMsPerSecond", 1985.0)
        .containsEntry("numRecordsIn", 0.0)
        .hasSize(5);
  }

  @Test
  void theFirstMetricsAnswerMayBeEmpty() {
    assertThat(FlinkClient.parseMetrics(json("[]"), "value")).isEmpty();
    assertThat(FlinkClient.parseMetrics(json("[{\"id\":\"a\",\"value\":\"NaN\"}]"), "value"))
        .isEmpty();
  }

  @Test
  void metricNamesIncludeOperatorMetrics() {
    List<String> names = FlinkClient.parseMetricNames(recorded("vertex-metric-names.json"));

    assertThat(names)
        .contains("0.numRecordsOut", "1.busyTimeMsPerSecond", "0.to_pairs_[mod_16].numRecordsIn");
  }

  @Test
  void checkpointsNameTheLatestCompletedSavepointAndFailure() {
    FlinkCheckpoints checkpoints =
        FlinkClient.parseCheckpoints(recorded("checkpoints-savepoint-and-failure.json"));

    assertThat(checkpoints.total()).isEqualTo(26);
    assertThat(checkpoints.completed()).isEqualTo(24);
    assertThat(checkpoints.failed()).isEqualTo(2);
    assertThat(checkpoints.inProgress()).isZero();
    assertThat(checkpoints.restored()).isZero();
    assertThat(checkpoints.latestCompleted())
        .hasValue(
            new FlinkCheckpoints.Completed(
                25,
                Instant.ofEpochMilli(1796212299376L),
                Duration.ofMillis(109),
                3390,
                3390,
                Optional.of(
                    "file:/tmp/flinkprobe/data/checkpoints/00000000000000000000000000000a01/chk-25"),
                false));
    assertThat(checkpoints.latestSavepoint())
        .get()
        .satisfies(
            savepoint -> {
              assertThat(savepoint.savepoint()).isTrue();
              assertThat(savepoint.externalPath())
                  .hasValue("file:/tmp/flinkprobe/data/savepoints/savepoint-000000-bf07924ed92a");
            });
    assertThat(checkpoints.latestFailed())
        .hasValue(
            new FlinkCheckpoints.Failed(
                19,
                Instant.ofEpochMilli(1796212282478L),
                Optional.of(Instant.ofEpochMilli(1796212282543L)),
                Optional.of(
                    "An Exception occurred while triggering the checkpoint. IO-problem detected.")));
    assertThat(checkpoints.latestRestored()).isEmpty();
  }

  @Test
  void aJobStartedFromASavepointSaysSo() {
    FlinkCheckpoints checkpoints =
        FlinkClient.parseCheckpoints(recorded("checkpoints-restored.json"));

    assertThat(checkpoints.restored()).isEqualTo(1);
    assertThat(checkpoints.latestRestored())
        .hasValue(
            new FlinkCheckpoints.Restored(
                27,
                Instant.ofEpochMilli(1796212327246L),
                Optional.of("file:/tmp/flinkprobe/data/savepoints/savepoint-000000-7d102d75fd89"),
                true));
  }

  @Test
  void aJobWithoutCheckpointingHasZeroCounts() {
    FlinkCheckpoints checkpoints =
        FlinkClient.parseCheckpoints(
            json(
                """
                {"counts":{"restored":0,"total":0,"in_progress":0,"completed":0,"failed":0},
                 "summary":{"state_size":{"min":0,"max":0,"avg":0,"p50":"NaN"}},
                 "latest":{"completed":null,"savepoint":null,"failed":null,"restored":null},
                 "history":[]}
                """));

    assertThat(checkpoints).isEqualTo(FlinkCheckpoints.NONE);
  }

  @Test
  void aSavepointIsCompletedWithItsLocation() {
    assertThat(FlinkClient.parseSavepointStatus(recorded("savepoint-completed.json")))
        .isEqualTo(
            new FlinkSavepointStatus.Completed(
                "file:/tmp/flinkprobe/data/savepoints/savepoint-000000-bf07924ed92a"));
    assertThat(FlinkClient.parseSavepointStatus(json("{\"status\":{\"id\":\"IN_PROGRESS\"}}")))
        .isEqualTo(new FlinkSavepointStatus.InProgress());
  }

  @Test
  void aCompletedSavepointOperationCanBeAFailure() {
    FlinkSavepointStatus status =
        FlinkClient.parseSavepointStatus(recorded("savepoint-failed.json"));

    assertThat(status)
        .isEqualTo(
            new FlinkSavepointStatus.Failed(
                String.join(
                    "\n",
                    "java.util.concurrent.CompletionException:"
                        + " org.apache.flink.runtime.checkpoint.CheckpointException: An Exception"
                        + " occurred while triggering the checkpoint. IO-problem detected.",
                    "Caused by: java.io.IOException: Failed to create savepoint directory at"
                        + " file:/proc/forbidden/sp")));
  }

  @Test
  void aSavepointFailureWithoutStackTraceIsNamedByItsClass() {
    FlinkSavepointStatus status =
        FlinkClient.parseSavepointStatus(
            json(
                """
                {"status":{"id":"COMPLETED"},
                 "operation":{"failure-cause":{"class":"java.util.concurrent.TimeoutException"}}}
                """));

    assertThat(status)
        .isEqualTo(new FlinkSavepointStatus.Failed("java.util.concurrent.TimeoutException"));
  }

  @Test
  void anUnknownSavepointStatusIsAnError() {
    assertThatThrownBy(() -> FlinkClient.parseSavepointStatus(json("{\"status\":{}}")))
        .isInstanceOf(EngineClientException.class);
  }

  @Test
  void taskFailuresNameTheirTaskAndTaskManagerLatestFirst() {
    List<FlinkJobException> exceptions =
        FlinkClient.parseExceptions(recorded("exceptions-restarting.json"));

    assertThat(exceptions).hasSize(4);
    assertThat(exceptions)
        .extracting(FlinkJobException::taskName)
        .containsExactly(
            Optional.of("Source: numbers -> to pairs [mod 16] (1/2) - execution #3"),
            Optional.of("Source: numbers -> to pairs [mod 16] (1/2) - execution #2"),
            Optional.of("Source: numbers -> to pairs [mod 16] (1/2) - execution #1"),
            Optional.of("Source: numbers -> to pairs [mod 16] (1/2) - execution #0"));
    FlinkJobException latest = exceptions.get(0);
    assertThat(latest.exceptionName()).isEqualTo("java.lang.IllegalStateException");
    assertThat(latest.message())
        .isEqualTo("java.lang.IllegalStateException: record 3000 is poisoned");
    assertThat(latest.timestamp()).isEqualTo(Instant.ofEpochMilli(1796212383065L));
    assertThat(latest.endpoint()).hasValue("localhost:36183");
    assertThat(latest.taskManagerId()).hasValue("127.0.0.1:46609-07d05e");
  }

  @Test
  void aJobWideFailureTakesItsPlaceFromTheTaskFailureBehindIt() {
    List<FlinkJobException> exceptions =
        FlinkClient.parseExceptions(recorded("exceptions-failed.json"));

    assertThat(exceptions).hasSize(1);
    FlinkJobException failure = exceptions.get(0);
    assertThat(failure.exceptionName()).isEqualTo("org.apache.flink.runtime.JobException");
    assertThat(failure.message())
        .isEqualTo(
            String.join(
                "\n",
                "org.apache.flink.runtime.JobException: Recovery is suppressed by"
                    + " NoRestartBackoffTimeStrategy",
                "Caused by: java.lang.IllegalStateException: record 3000 is poisoned"));
    assertThat(failure.taskName())
        .hasValue("Source: numbers -> to pairs [mod 16] (1/1) - execution #0");
    assertThat(failure.taskManagerId()).hasValue("127.0.0.1:46609-07d05e");
  }

  @Test
  void anUploadIsNamedByItsFileName() {
    assertThat(
            FlinkClient.jarIdOf(
                json(
                    """
                    {"filename":"/tmp/flinkprobe/upload/flink-web-upload/\
                    4a23813c-4cf2-4524-ba3e-4c163284f6c5_probe-counting.jar","status":"success"}
                    """)))
        .isEqualTo("4a23813c-4cf2-4524-ba3e-4c163284f6c5_probe-counting.jar");
    assertThatThrownBy(() -> FlinkClient.jarIdOf(json("{\"status\":\"success\"}")))
        .isInstanceOf(EngineClientException.class);
  }

  @Test
  void aRunAnswersWithTheJobId() {
    assertThat(
            FlinkClient.jobIdOf(
                json(
                    "{\"jobid\":\"35994a27494e2ac12faf71ad10d12e63\","
                        + "\"applicationId\":\"35994a27494e2ac12faf71ad10d12e63\"}")))
        .isEqualTo("35994a27494e2ac12faf71ad10d12e63");
  }

  @Test
  void theRunBodyCarriesOnlyWhatIsSet() {
    assertThat(
            FlinkClient.runBody(FlinkRunRequest.of("probe.Counting", List.of("--rate", "10")))
                .toString())
        .isEqualTo(
            "{\"entryClass\":\"probe.Counting\",\"programArgsList\":[\"--rate\",\"10\"],"
                + "\"allowNonRestoredState\":false}");

    JsonNode full =
        FlinkClient.runBody(
            new FlinkRunRequest(
                "probe.Counting",
                List.of(),
                OptionalInt.of(2),
                Optional.of("file:/data/savepoints/savepoint-000000-7d102d75fd89"),
                true,
                Map.of("execution.checkpointing.interval", "3s"),
                Optional.of("00000000000000000000000000000a02")));
    assertThat(full.path("programArgsList").isArray()).isTrue();
    assertThat(full.path("parallelism").asInt()).isEqualTo(2);
    assertThat(full.path("savepointPath").asString())
        .isEqualTo("file:/data/savepoints/savepoint-000000-7d102d75fd89");
    assertThat(full.path("allowNonRestoredState").asBoolean()).isTrue();
    assertThat(full.path("flinkConfiguration").path("execution.checkpointing.interval").asString())
        .isEqualTo("3s");
    assertThat(full.path("jobId").asString()).isEqualTo("00000000000000000000000000000a02");
  }

  @Test
  void aRunRequestChecksItsValues() {
    assertThatThrownBy(
            () ->
                new FlinkRunRequest(
                    "probe.Counting",
                    List.of(),
                    OptionalInt.of(0),
                    Optional.empty(),
                    false,
                    Map.of(),
                    Optional.empty()))
        .hasMessageContaining("parallelism");
    assertThatThrownBy(
            () ->
                new FlinkRunRequest(
                    "probe.Counting",
                    List.of(),
                    OptionalInt.empty(),
                    Optional.empty(),
                    false,
                    Map.of(),
                    Optional.of("a01")))
        .hasMessageContaining("32 hex digits");
    assertThatThrownBy(() -> FlinkRunRequest.of(" ", List.of())).hasMessageContaining("entryClass");
  }

  @Test
  void somethingElseIsNotAJob() {
    assertThatThrownBy(() -> FlinkClient.parseJob(json("{\"errors\":[]}")))
        .isInstanceOf(EngineClientException.class)
        .hasMessageContaining("not a Flink job");
  }

  private static JsonNode recorded(String name) {
    try (InputStream input = FlinkAnswersTest.class.getResourceAsStream("answers/" + name)) {
      if (input == null) {
        throw new IllegalArgumentException("no recorded answer " + name);
      }
      return JSON.readTree(input);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode json(String text) {
    return JSON.readTree(text);
  }
}
