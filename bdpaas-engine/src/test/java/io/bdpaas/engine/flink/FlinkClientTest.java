package io.bdpaas.engine.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bdpaas.engine.EngineClientException;
import io.bdpaas.engine.EngineHttp;
import io.bdpaas.engine.EngineHttpStatusException;
import io.bdpaas.engine.EngineMessages;
import io.bdpaas.engine.testing.JsonHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlinkClientTest {
  private final JsonHttpServer server = new JsonHttpServer();
  private final FlinkClient client = new FlinkClient(EngineHttp.create(), server.uri("/"));

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void readsTheOverview() {
    server.respond(
        "/overview",
        200,
        """
        {"taskmanagers":1,"slots-total":2,"slots-available":2,"jobs-running":0,"jobs-finished":3,
         "jobs-cancelled":1,"jobs-failed":0,"flink-version":"2.3.0","flink-commit":"abc"}
        """);

    assertThat(client.overview()).isEqualTo(new FlinkOverview(1, 2, 2, 0, 3, 1, 0, "2.3.0"));
  }

  @Test
  void readsTheTaskManagers() {
    server.respond(
        "/taskmanagers",
        200,
        """
        {"taskmanagers":[{"id":"taskmanager-1","path":"pekko.tcp://flink@127.0.0.1:40000/user/rpc/taskmanager_0",
          "dataPort":40001,"jmxPort":-1,"timeSinceLastHeartbeat":1763800000000,"slotsNumber":2,"freeSlots":1,
          "hardware":{"cpuCores":2,"physicalMemory":25000000000,"freeMemory":536870912,"managedMemory":268435456},
          "memoryConfiguration":{"frameworkHeap":134217728,"taskHeap":402653184,"managedMemory":268435456,
            "totalFlinkMemory":1140850688,"totalProcessMemory":1652555776}}]}
        """);

    assertThat(client.taskManagers())
        .containsExactly(
            new FlinkTaskManagerInfo(
                "taskmanager-1",
                "pekko.tcp://flink@127.0.0.1:40000/user/rpc/taskmanager_0",
                40001,
                2,
                1,
                2,
                25000000000L,
                1763800000000L,
                1652555776L));
  }

  @Test
  void isReadyOnlyOnceTheSlotsAreReported() {
    server.respond("/overview", 200, "{\"taskmanagers\":1,\"slots-total\":0}");
    assertThat(client.readinessProbe(1, 2).check().ready()).isFalse();

    server.respond("/overview", 200, "{\"taskmanagers\":1,\"slots-total\":2}");
    assertThat(client.readinessProbe(1, 2).check().ready()).isTrue();
  }

  @Test
  void uploadsAJarUnderASafeNameAndAnswersItsId(@TempDir Path directory) throws IOException {
    Path jar = Files.write(directory.resolve("word count [v2]"), new byte[] {'P', 'K', 3, 4});
    server.respond(
        "/jars/upload",
        200,
        "{\"filename\":\"/tmp/flink-web-upload/4a23_word_count__v2_.jar\",\"status\":\"success\"}");

    assertThat(client.uploadJar(jar)).isEqualTo("4a23_word_count__v2_.jar");
    assertThat(server.lastRequest().bodyText())
        .contains("name=\"jarfile\"; filename=\"word_count__v2_.jar\"");
  }

  @Test
  void runsAJarAndAnswersTheJobId() {
    server.respond(
        "/jars/4a23_job.jar/run",
        200,
        "{\"jobid\":\"00000000000000000000000000000a01\","
            + "\"applicationId\":\"00000000000000000000000000000a01\"}");

    String jobId =
        client.runJar("4a23_job.jar", FlinkRunRequest.of("probe.Counting", List.of("--fast")));

    assertThat(jobId).isEqualTo("00000000000000000000000000000a01");
    assertThat(server.lastRequest().headers().getFirst("Content-Type"))
        .startsWith("application/json");
    assertThat(server.lastRequest().bodyText())
        .isEqualTo(
            "{\"entryClass\":\"probe.Counting\",\"programArgsList\":[\"--fast\"],"
                + "\"allowNonRestoredState\":false}");
  }

  @Test
  void aRefusedRunThrowsFlinksExplanation() throws IOException {
    try (var input = getClass().getResourceAsStream("answers/run-main-method-failed.json")) {
      server.respond(
          "/jars/4a23_job.jar/run", 400, new String(input.readAllBytes(), StandardCharsets.UTF_8));
    }

    assertThatThrownBy(
            () -> client.runJar("4a23_job.jar", FlinkRunRequest.of("probe.Counting", List.of())))
        .isInstanceOf(EngineHttpStatusException.class)
        .hasMessageContaining("The main method caused an error: no input topic given (--topic)")
        .message()
        .doesNotContain("\tat ")
        .hasSizeLessThanOrEqualTo(EngineMessages.MAX_LENGTH);
  }

  @Test
  void anUnknownJobIsNotFoundButAnUnreachableClusterIsAnError() {
    server.respond(
        "/jobs/0000000000000000000000000000beef",
        404,
        "{\"errors\":[\"org.apache.flink.runtime.rest.NotFoundException: Job"
            + " 0000000000000000000000000000beef not found\\n\\tat"
            + " org.apache.flink.runtime.rest.handler.job.AbstractExecutionGraphHandler"
            + ".lambda$handleRequest$0(AbstractExecutionGraphHandler.java:97)\"]}");

    assertThat(client.findJob("0000000000000000000000000000beef")).isEmpty();

    server.close();
    assertThatThrownBy(() -> client.findJob("0000000000000000000000000000beef"))
        .isInstanceOf(EngineClientException.class)
        .isNotInstanceOf(EngineHttpStatusException.class);
  }

  @Test
  void cancelsWithAPatch() {
    server.respond("/jobs/00000000000000000000000000000a01", 202, "{}");

    client.cancel("00000000000000000000000000000a01");

    assertThat(server.lastRequest().method()).isEqualTo("PATCH");
    assertThat(server.lastRequest().uri().getRawQuery()).isEqualTo("mode=cancel");
  }

  @Test
  void stopAndTriggerUseTheirOwnFieldNames() {
    String job = "00000000000000000000000000000a01";
    server.respond("/jobs/" + job + "/stop", 202, "{\"request-id\":\"23c9b3db\"}");
    server.respond("/jobs/" + job + "/savepoints", 202, "{\"request-id\":\"6b80fa9d\"}");

    assertThat(client.stopWithSavepoint(job, Optional.of("file:///data/savepoints"), false))
        .isEqualTo("23c9b3db");
    assertThat(server.lastRequest().bodyText())
        .isEqualTo("{\"targetDirectory\":\"file:///data/savepoints\",\"drain\":false}");

    assertThat(client.triggerSavepoint(job, Optional.of("file:///data/savepoints"), true))
        .isEqualTo("6b80fa9d");
    assertThat(server.lastRequest().bodyText())
        .isEqualTo("{\"target-directory\":\"file:///data/savepoints\",\"cancel-job\":true}");
  }

  @Test
  void metricNamesAreEncodedInTheQuery() {
    String path = "/jobs/00000000000000000000000000000a01/vertices/cbc357cc/metrics";
    server.respond(
        path, 200, "[{\"id\":\"0.to_pairs_[mod_16].numRecordsIn\",\"value\":\"211941\"}]");

    Map<String, Double> metrics =
        client.vertexMetrics(
            "00000000000000000000000000000a01",
            "cbc357cc",
            List.of("0.to_pairs_[mod_16].numRecordsIn", "0.numRecordsOut"));

    assertThat(metrics).containsExactly(Map.entry("0.to_pairs_[mod_16].numRecordsIn", 211941.0));
    assertThat(server.lastRequest().uri().getRawQuery())
        .isEqualTo("get=0.to_pairs_%5Bmod_16%5D.numRecordsIn,0.numRecordsOut");
  }

  @Test
  void summedSubtaskMetricsAskForTheSum() {
    String path = "/jobs/00000000000000000000000000000a01/vertices/cbc357cc/subtasks/metrics";
    server.respond(path, 200, "[{\"id\":\"numRecordsOut\",\"sum\":283856.0}]");

    assertThat(
            client.subtaskMetricsSum(
                "00000000000000000000000000000a01", "cbc357cc", List.of("numRecordsOut")))
        .containsExactly(Map.entry("numRecordsOut", 283856.0));
    assertThat(server.lastRequest().uri().getRawQuery()).isEqualTo("get=numRecordsOut&agg=sum");
  }

  @Test
  void manyMetricNamesTakeSeveralQueries() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      names.add(i % 2 + ".Source__numbers.metric" + i);
    }

    List<String> queries = FlinkClient.metricQueries(names);

    assertThat(queries).hasSizeGreaterThan(1).allMatch(query -> query.length() <= 2000);
    assertThat(String.join(",", queries)).isEqualTo(String.join(",", names));
  }

  @Test
  void aMetricNameWithACommaCannotBeAskedFor() {
    assertThatThrownBy(() -> FlinkClient.metricQueries(List.of("0.a,b")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void taskManagerIdsAreEncodedInThePath() {
    server.respond(
        "/taskmanagers/127.0.0.1:46609-07d05e/metrics",
        200,
        "[{\"id\":\"Status.JVM.CPU.Load\",\"value\":\"0.0539\"}]");

    assertThat(client.taskManagerMetrics("127.0.0.1:46609-07d05e", List.of("Status.JVM.CPU.Load")))
        .containsExactly(Map.entry("Status.JVM.CPU.Load", 0.0539));
    assertThat(server.lastRequest().uri().getRawPath())
        .isEqualTo("/taskmanagers/127.0.0.1%3A46609-07d05e/metrics");
  }

  @Test
  void checkpointsOfAJobWithoutStatisticsAreNone() {
    server.respond(
        "/jobs/00000000000000000000000000000a01/checkpoints",
        404,
        "{\"errors\":[\"org.apache.flink.runtime.rest.handler.RestHandlerException:"
            + " Checkpointing has not been enabled.\"]}");

    assertThat(client.checkpoints("00000000000000000000000000000a01"))
        .isEqualTo(FlinkCheckpoints.NONE);
  }

  @Test
  void thePlanIsFlinksOwn() {
    server.respond(
        "/jobs/00000000000000000000000000000a01/plan",
        200,
        "{\"plan\":{\"jid\":\"00000000000000000000000000000a01\",\"nodes\":[]}}");

    assertThat(client.plan("00000000000000000000000000000a01").path("jid").asString())
        .isEqualTo("00000000000000000000000000000a01");
  }

  @Test
  void deletesAJar() {
    server.respond("/jars/4a23_job.jar", 200, "{}");

    client.deleteJar("4a23_job.jar");

    assertThat(server.lastRequest().method()).isEqualTo("DELETE");
  }

  @Test
  void aJobManagerThatIsNotUpIsAnError() {
    assertThatThrownBy(client::overview)
        .isInstanceOf(EngineClientException.class)
        .hasMessageContaining("HTTP 404");
  }
}
