package io.bdpaas.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bdpaas.engine.EngineClientException;
import io.bdpaas.engine.EngineHttp;
import io.bdpaas.engine.testing.JsonHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SparkMasterClientTest {
  // Shape of Spark 4.2.0's master /json/ (JsonProtocol.writeMasterState), trimmed.
  private static final String MASTER_STATE =
      """
      {"url":"spark://127.0.0.1:7077",
       "workers":[
         {"id":"worker-1","host":"127.0.0.1","port":40001,"webuiaddress":"http://127.0.0.1:8091",
          "cores":1,"coresused":0,"coresfree":1,"memory":1024,"memoryused":0,"memoryfree":1024,
          "resources":{},"resourcesused":{},"resourcesfree":{},"state":"ALIVE","lastheartbeat":1763800000000},
         {"id":"worker-0","host":"127.0.0.1","port":40001,"webuiaddress":"http://127.0.0.1:8091",
          "cores":1,"coresused":0,"coresfree":1,"memory":1024,"memoryused":0,"memoryfree":1024,
          "state":"DEAD","lastheartbeat":1763790000000}],
       "aliveworkers":1,"cores":1,"coresused":0,"memory":1024,"memoryused":0,
       "resources":[],"resourcesused":[],"activeapps":[],"completedapps":[],
       "activedrivers":[],"completeddrivers":[],"status":"ALIVE"}
      """;

  private final JsonHttpServer server = new JsonHttpServer();

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void readsTheMasterStateAndItsWorkers() {
    server.respond("/json/", 200, MASTER_STATE);
    SparkMasterClient client = new SparkMasterClient(EngineHttp.create(), server.uri("/"));

    SparkMasterStatus status = client.status();

    assertThat(status.isAlive()).isTrue();
    assertThat(status.url()).isEqualTo("spark://127.0.0.1:7077");
    assertThat(status.aliveWorkers()).isEqualTo(1);
    assertThat(status.workers()).hasSize(2);
    assertThat(status.liveWorkers())
        .singleElement()
        .satisfies(
            worker -> {
              assertThat(worker.id()).isEqualTo("worker-1");
              assertThat(worker.cores()).isEqualTo(1);
              assertThat(worker.memoryMb()).isEqualTo(1024);
              assertThat(worker.webUiAddress()).isEqualTo("http://127.0.0.1:8091");
            });
  }

  @Test
  void isReadyWhenEnoughWorkersAreAliveIgnoringDeadOnes() {
    server.respond("/json/", 200, MASTER_STATE);
    SparkMasterClient client = new SparkMasterClient(EngineHttp.create(), server.uri("/"));

    assertThat(client.readinessProbe(1).check().ready()).isTrue();
    assertThat(client.readinessProbe(2).check().ready()).isFalse();
  }

  @Test
  void somethingElseThanAMasterIsAnError() {
    server.respond("/json/", 200, "{\"hello\":1}");
    SparkMasterClient client = new SparkMasterClient(EngineHttp.create(), server.uri("/"));

    assertThatThrownBy(client::status)
        .isInstanceOf(EngineClientException.class)
        .hasMessageContaining("not a Spark master state");
  }
}
