package io.bdpaas.engine.flink;

import static java.util.Objects.requireNonNull;

import io.bdpaas.engine.EngineClientException;
import io.bdpaas.engine.EngineHttp;
import io.bdpaas.engine.ReadinessProbe;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads a Flink cluster's state through the JobManager's REST API. */
public final class FlinkClient {
  private final EngineHttp http;
  private final URI restUri;

  /**
   * @param restUri the JobManager REST base URL, e.g. {@code http://127.0.0.1:8081/}
   */
  public FlinkClient(EngineHttp http, URI restUri) {
    this.http = requireNonNull(http, "http is null");
    this.restUri = requireNonNull(restUri, "restUri is null");
  }

  /**
   * The cluster overview: registered TaskManagers, slots, job counts, version.
   *
   * @throws EngineClientException if the JobManager cannot be reached or answers unexpectedly
   */
  public FlinkOverview overview() {
    return parseOverview(http.getJson(EngineHttp.resolve(restUri, "overview")));
  }

  /** The registered TaskManagers. */
  public List<FlinkTaskManagerInfo> taskManagers() {
    return parseTaskManagers(http.getJson(EngineHttp.resolve(restUri, "taskmanagers")));
  }

  /**
   * A probe that is ready once {@code taskManagers} TaskManagers are registered and their {@code
   * slotsTotal} slots reported. Slots arrive a moment after the registration itself, so counting
   * TaskManagers alone is too early for submitting jobs.
   */
  public ReadinessProbe readinessProbe(int taskManagers, int slotsTotal) {
    return ReadinessProbe.httpJson(
        http,
        EngineHttp.resolve(restUri, "overview"),
        taskManagers + " TaskManagers with " + slotsTotal + " slots",
        json ->
            json.path("taskmanagers").asInt(-1) == taskManagers
                && json.path("slots-total").asInt(-1) == slotsTotal);
  }

  static FlinkOverview parseOverview(JsonNode json) {
    if (!json.isObject() || !json.has("taskmanagers")) {
      throw new EngineClientException("not a Flink overview: " + json);
    }
    return new FlinkOverview(
        json.path("taskmanagers").asInt(0),
        json.path("slots-total").asInt(0),
        json.path("slots-available").asInt(0),
        json.path("jobs-running").asInt(0),
        json.path("jobs-finished").asInt(0),
        json.path("jobs-cancelled").asInt(0),
        json.path("jobs-failed").asInt(0),
        json.path("flink-version").asString(""));
  }

  static List<FlinkTaskManagerInfo> parseTaskManagers(JsonNode json) {
    if (!json.isObject() || !json.path("taskmanagers").isArray()) {
      throw new EngineClientException("not a Flink TaskManager list: " + json);
    }
    List<FlinkTaskManagerInfo> result = new ArrayList<>();
    for (JsonNode taskManager : json.path("taskmanagers")) {
      result.add(
          new FlinkTaskManagerInfo(
              taskManager.path("id").asString(""),
              taskManager.path("path").asString(""),
              taskManager.path("dataPort").asInt(0),
              taskManager.path("slotsNumber").asInt(0),
              taskManager.path("freeSlots").asInt(0),
              taskManager.path("hardware").path("cpuCores").asInt(0),
              taskManager.path("hardware").path("physicalMemory").asLong(0),
              taskManager.path("timeSinceLastHeartbeat").asLong(0)));
    }
    return result;
  }
}
