package io.bdpaas.engine.spark;

import static java.util.Objects.requireNonNull;

import io.bdpaas.engine.EngineClientException;
import io.bdpaas.engine.EngineHttp;
import io.bdpaas.engine.ReadinessProbe;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads a Spark standalone master's state through its web UI's JSON endpoint. */
public final class SparkMasterClient {
  private final EngineHttp http;
  private final URI webUi;

  /**
   * @param webUi the master web UI's base URL, e.g. {@code http://127.0.0.1:8080/}
   */
  public SparkMasterClient(EngineHttp http, URI webUi) {
    this.http = requireNonNull(http, "http is null");
    this.webUi = requireNonNull(webUi, "webUi is null");
  }

  /** The JSON endpoint this client reads. */
  public URI statusUri() {
    return EngineHttp.resolve(webUi, "json/");
  }

  /**
   * The master's state and its workers.
   *
   * @throws EngineClientException if the master cannot be reached or answers unexpectedly
   */
  public SparkMasterStatus status() {
    return parseStatus(http.getJson(statusUri()));
  }

  /**
   * A probe that is ready once the master is {@code ALIVE} with {@code aliveWorkers} workers in
   * state ALIVE.
   */
  public ReadinessProbe readinessProbe(int aliveWorkers) {
    return ReadinessProbe.httpJson(
        http,
        statusUri(),
        "master ALIVE with " + aliveWorkers + " ALIVE workers",
        json -> {
          if (!"ALIVE".equals(json.path("status").asString(""))) {
            return false;
          }
          int alive = 0;
          for (JsonNode worker : json.path("workers")) {
            if ("ALIVE".equals(worker.path("state").asString(""))) {
              alive++;
            }
          }
          return alive == aliveWorkers;
        });
  }

  /** Every driver the master knows, active and completed. */
  public List<SparkDriverInfo> drivers() {
    return parseDrivers(http.getJson(statusUri()));
  }

  static List<SparkDriverInfo> parseDrivers(JsonNode json) {
    List<SparkDriverInfo> drivers = new ArrayList<>();
    for (String list : List.of("activedrivers", "completeddrivers")) {
      for (JsonNode driver : json.path(list)) {
        long started;
        try {
          started = Long.parseLong(driver.path("starttime").asString("0"));
        } catch (NumberFormatException e) {
          started = 0;
        }
        drivers.add(
            new SparkDriverInfo(
                driver.path("id").asString(""),
                driver.path("state").asString(""),
                driver.path("mainclass").asString(""),
                started,
                driver.path("worker").asString("")));
      }
    }
    return drivers;
  }

  static SparkMasterStatus parseStatus(JsonNode json) {
    if (!json.isObject() || !json.has("status")) {
      throw new EngineClientException("not a Spark master state: " + json);
    }
    List<SparkWorkerInfo> workers = new ArrayList<>();
    for (JsonNode worker : json.path("workers")) {
      workers.add(
          new SparkWorkerInfo(
              worker.path("id").asString(""),
              worker.path("host").asString(""),
              worker.path("port").asInt(0),
              worker.path("webuiaddress").asString(""),
              worker.path("cores").asInt(0),
              worker.path("coresused").asInt(0),
              worker.path("memory").asLong(0),
              worker.path("memoryused").asLong(0),
              worker.path("state").asString(""),
              worker.path("lastheartbeat").asLong(0)));
    }
    return new SparkMasterStatus(
        json.path("url").asString(""),
        json.path("status").asString(""),
        json.path("aliveworkers").asInt(0),
        json.path("cores").asInt(0),
        json.path("coresused").asInt(0),
        json.path("memory").asLong(0),
        json.path("memoryused").asLong(0),
        json.path("activeapps").size(),
        json.path("activedrivers").size(),
        workers);
  }
}
