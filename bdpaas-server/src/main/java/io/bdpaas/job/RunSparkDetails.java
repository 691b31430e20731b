package io.bdpaas.job;

import io.bdpaas.engine.EngineAddresses;
import io.bdpaas.engine.EngineClientException;
import io.bdpaas.engine.EngineHttp;
import io.bdpaas.engine.EngineSecret;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * A running jar run's Spark stages and executors, read from its driver's application REST API
 * ({@code /api/v1/applications/...}) with the run's own UI key.
 */
@Component
public class RunSparkDetails {
  private final EngineHttp http;

  public RunSparkDetails(EngineAddresses addresses) {
    this.http = EngineHttp.create().reaching(addresses);
  }

  /** A stage as a run's page shows it. */
  public record Stage(
      int stageId,
      int attemptId,
      String name,
      String status,
      int numTasks,
      int numActiveTasks,
      int numCompleteTasks,
      int numFailedTasks,
      long inputRecords,
      long outputRecords,
      long shuffleReadBytes,
      long shuffleWriteBytes) {}

  /** An executor (or the driver) as a run's page shows it. */
  public record Executor(
      String id,
      String hostPort,
      boolean active,
      int totalCores,
      int activeTasks,
      int completedTasks,
      int failedTasks,
      long memoryUsed,
      long maxMemory) {}

  /** What the driver says. */
  public record Details(String applicationId, List<Stage> stages, List<Executor> executors) {}

  /** The Spark application id of the run's driver; empty when it does not answer. */
  public Optional<String> applicationId(JobRun run) {
    return of(run).map(Details::applicationId);
  }

  /** The run's stages and executors; empty when its driver does not answer (it has ended). */
  public Optional<Details> of(JobRun run) {
    if (run.driverUi().isEmpty() || run.driverUiKey().isEmpty()) {
      return Optional.empty();
    }
    EngineHttp driver =
        http.withHeaders(
            Map.of(
                "Authorization",
                "Bearer " + new EngineSecret(run.driverUiKey().get(), "").bearer()));
    URI base = EngineHttp.resolve(URI.create(run.driverUi().get()), "api/v1/applications");
    try {
      JsonNode applications = driver.getJson(base);
      if (!applications.isArray() || applications.isEmpty()) {
        return Optional.empty();
      }
      String id = applications.get(0).path("id").asString("");
      URI app = EngineHttp.resolve(base, id);
      List<Stage> stages = new ArrayList<>();
      for (JsonNode stage : driver.getJson(EngineHttp.resolve(app, "stages"))) {
        stages.add(
            new Stage(
                stage.path("stageId").asInt(),
                stage.path("attemptId").asInt(),
                stage.path("name").asString(""),
                stage.path("status").asString(""),
                stage.path("numTasks").asInt(),
                stage.path("numActiveTasks").asInt(),
                stage.path("numCompleteTasks").asInt(),
                stage.path("numFailedTasks").asInt(),
                stage.path("inputRecords").asLong(),
                stage.path("outputRecords").asLong(),
                stage.path("shuffleReadBytes").asLong(),
                stage.path("shuffleWriteBytes").asLong()));
      }
      List<Executor> executors = new ArrayList<>();
      for (JsonNode executor : driver.getJson(EngineHttp.resolve(app, "executors"))) {
        executors.add(
            new Executor(
                executor.path("id").asString(""),
                executor.path("hostPort").asString(""),
                executor.path("isActive").asBoolean(),
                executor.path("totalCores").asInt(),
                executor.path("activeTasks").asInt(),
                executor.path("completedTasks").asInt(),
                executor.path("failedTasks").asInt(),
                executor.path("memoryUsed").asLong(),
                executor.path("maxMemory").asLong()));
      }
      return Optional.of(new Details(id, stages, executors));
    } catch (EngineClientException e) {
      return Optional.empty();
    }
  }
}
