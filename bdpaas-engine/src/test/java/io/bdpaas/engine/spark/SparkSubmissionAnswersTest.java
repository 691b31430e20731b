package io.bdpaas.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bdpaas.engine.EngineClientException;
import io.bdpaas.engine.spark.SparkSubmissionClient.DriverState;
import java.net.URI;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The answers of Spark 4.2's submission server and worker log endpoint, as they were observed. */
class SparkSubmissionAnswersTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void aRunningDriverNamesItsWorker() {
    var status =
        SparkSubmissionClient.parseStatus(
            "driver-1",
            JSON.readTree(
                """
                {"action":"SubmissionStatusResponse","driverState":"RUNNING",
                 "serverSparkVersion":"4.2.0","submissionId":"driver-1","success":true,
                 "workerHostPort":"127.0.0.1:39871",
                 "workerId":"worker-20261202075200-127.0.0.1-39871"}
                """));
    assertThat(status.state()).isEqualTo(DriverState.RUNNING);
    assertThat(status.state().isFinal()).isFalse();
    assertThat(status.workerId()).hasValue("worker-20261202075200-127.0.0.1-39871");
  }

  @Test
  void anUnknownDriverIsNotFoundAndFinal() {
    var status =
        SparkSubmissionClient.parseStatus(
            "driver-2",
            JSON.readTree(
                "{\"action\":\"SubmissionStatusResponse\",\"success\":false,"
                    + "\"message\":\"Driver driver-2 not found\"}"));
    assertThat(status.state()).isEqualTo(DriverState.NOT_FOUND);
    assertThat(status.state().isFinal()).isTrue();
    assertThat(status.message()).hasValue("Driver driver-2 not found");
  }

  @Test
  void aWorkerLogRangeSaysWhereItIs() {
    var chunk =
        SparkWorkerLogs.parse(
            "==== Bytes 0-17 of 40 of /work/driver-1/stdout ====\nHELLO count=1000\n",
            URI.create("http://worker/log"));
    assertThat(chunk.start()).isZero();
    assertThat(chunk.end()).isEqualTo(17);
    assertThat(chunk.length()).isEqualTo(40);
    assertThat(chunk.more()).isTrue();
    assertThat(chunk.text()).isEqualTo("HELLO count=1000\n");
  }

  @Test
  void somethingElseIsNotAWorkerLog() {
    assertThatThrownBy(
            () -> SparkWorkerLogs.parse("<html>login</html>", URI.create("http://worker/log")))
        .isInstanceOf(EngineClientException.class)
        .hasMessageContaining("not a Spark worker log");
  }
}
