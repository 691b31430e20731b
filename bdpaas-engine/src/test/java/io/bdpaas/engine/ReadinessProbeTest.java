package io.bdpaas.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.backend.local.PortAllocator;
import io.bdpaas.engine.testing.JsonHttpServer;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadinessProbeTest {
  private final EngineHttp http = EngineHttp.create();
  private final JsonHttpServer server = new JsonHttpServer();

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void httpOkIsReadyOnAnySuccessfulAnswer() {
    server.respond("/", 200, "<html/>");

    assertThat(ReadinessProbe.httpOk(http, server.uri("/")).check().ready()).isTrue();
  }

  @Test
  void jsonEqualsComparesTheValueAtThePointer() {
    server.respond("/json/", 200, "{\"status\":\"STANDBY\",\"aliveworkers\":2}");
    ReadinessProbe alive =
        ReadinessProbe.httpJsonEquals(http, server.uri("/json/"), "/status", "ALIVE");
    ReadinessProbe twoWorkers =
        ReadinessProbe.httpJsonEquals(http, server.uri("/json/"), "/aliveworkers", "2");

    ProbeResult standby = alive.check();
    assertThat(standby.ready()).isFalse();
    assertThat(standby.detail()).contains("/status = ALIVE");
    assertThat(twoWorkers.check().ready()).isTrue();

    server.respond("/json/", 200, "{\"status\":\"ALIVE\"}");
    assertThat(alive.check().ready()).isTrue();
  }

  @Test
  void aMissingPointerOrAnObjectIsNotEqual() {
    server.respond("/x", 200, "{\"nested\":{\"a\":1}}");

    assertThat(
            ReadinessProbe.httpJsonEquals(http, server.uri("/x"), "/missing", "1").check().ready())
        .isFalse();
    assertThat(
            ReadinessProbe.httpJsonEquals(http, server.uri("/x"), "/nested", "1").check().ready())
        .isFalse();
    assertThat(
            ReadinessProbe.httpJsonEquals(http, server.uri("/x"), "/nested/a", "1").check().ready())
        .isTrue();
  }

  @Test
  void predicateProbesSeeTheWholeDocument() {
    server.respond("/overview", 200, "{\"taskmanagers\":1,\"slots-total\":2}");
    ReadinessProbe probe =
        ReadinessProbe.httpJson(
            http,
            server.uri("/overview"),
            "one TaskManager with slots",
            json -> json.path("taskmanagers").asInt() == 1 && json.path("slots-total").asInt() > 0);

    assertThat(probe.check().ready()).isTrue();
    assertThat(probe.description()).contains("one TaskManager with slots");
  }

  @Test
  void errorsAndGarbageAreNotReadyAndDoNotThrow() {
    server.respond("/broken", 500, "oops").respond("/garbage", 200, "not json");

    ProbeResult serverError =
        ReadinessProbe.httpJsonEquals(http, server.uri("/broken"), "/a", "b").check();
    ProbeResult garbage =
        ReadinessProbe.httpJsonEquals(http, server.uri("/garbage"), "/a", "b").check();

    assertThat(serverError.ready()).isFalse();
    assertThat(serverError.detail()).contains("HTTP 500");
    assertThat(garbage.ready()).isFalse();
    assertThat(garbage.detail()).contains("did not return JSON");
  }

  @Test
  void aClosedPortIsNotReady() {
    int port = new PortAllocator().allocate();
    EngineHttp quick =
        new EngineHttp(java.net.http.HttpClient.newHttpClient(), Duration.ofSeconds(2));

    ProbeResult result =
        ReadinessProbe.httpOk(quick, URI.create("http://127.0.0.1:" + port + "/")).check();

    assertThat(result.ready()).isFalse();
    assertThat(result.detail()).contains("failed");
  }
}
