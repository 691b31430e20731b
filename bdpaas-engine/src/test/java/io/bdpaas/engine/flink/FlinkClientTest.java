package io.bdpaas.engine.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bdpaas.engine.EngineClientException;
import io.bdpaas.engine.EngineHttp;
import io.bdpaas.engine.testing.JsonHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
          "hardware":{"cpuCores":2,"physicalMemory":25000000000,"freeMemory":536870912,"managedMemory":268435456}}]}
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
                1763800000000L));
  }

  @Test
  void isReadyOnlyOnceTheSlotsAreReported() {
    server.respond("/overview", 200, "{\"taskmanagers\":1,\"slots-total\":0}");
    assertThat(client.readinessProbe(1, 2).check().ready()).isFalse();

    server.respond("/overview", 200, "{\"taskmanagers\":1,\"slots-total\":2}");
    assertThat(client.readinessProbe(1, 2).check().ready()).isTrue();
  }

  @Test
  void aJobManagerThatIsNotUpIsAnError() {
    assertThatThrownBy(client::overview)
        .isInstanceOf(EngineClientException.class)
        .hasMessageContaining("HTTP 404");
  }
}
