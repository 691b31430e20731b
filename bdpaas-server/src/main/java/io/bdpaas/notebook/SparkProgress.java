package io.bdpaas.notebook;

import io.bdpaas.cluster.ClusterId;
import io.bdpaas.cluster.ClusterService;
import io.bdpaas.engine.EngineAddresses;
import io.bdpaas.tenancy.Caller;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A running paragraph's Spark progress: its jobs, stages and tasks, read from the application REST
 * API of the project's Connect server (its driver's UI) and matched to the run through the tag its
 * operations carry (Spark lists it among each job's {@code jobTags}). Best effort: when the driver
 * does not answer quickly, there is simply no progress to show.
 */
@Component
public class SparkProgress {
  private static final Logger log = LoggerFactory.getLogger(SparkProgress.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final ClusterService clusters;
  private final Map<ClusterId, Driver> drivers = new ConcurrentHashMap<>();
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private final EngineAddresses addresses;

  public SparkProgress(ClusterService clusters, EngineAddresses addresses) {
    this.clusters = clusters;
    this.addresses = addresses;
  }

  /**
   * How far a run's Spark work has got.
   *
   * @param jobs Spark jobs of the run running now
   * @param runningJobs the same (kept for clients that read it)
   */
  public record Progress(
      int jobs,
      int runningJobs,
      int stages,
      int completedStages,
      int tasks,
      int completedTasks,
      int activeTasks,
      int failedTasks) {}

  public Optional<Progress> of(Caller caller, ConnectSessions.Target target, String runId) {
    if (target.uiUrl().isEmpty()) {
      return Optional.empty();
    }
    try {
      Optional<Driver> driver = driver(caller, target);
      if (driver.isEmpty()) {
        return Optional.empty();
      }
      // Running jobs only: the driver keeps up to a thousand finished ones, and it is also the
      // process running the query.
      JsonNode jobs = get(driver.get().jobs() + "?status=running", driver.get().bearer());
      String tag = NotebookRunner.tagOf(runId);
      int count = 0;
      int running = 0;
      int stages = 0;
      int completedStages = 0;
      int tasks = 0;
      int completedTasks = 0;
      int activeTasks = 0;
      int failedTasks = 0;
      for (JsonNode job : jobs) {
        if (!hasTag(job, tag)) {
          continue;
        }
        count++;
        running += "RUNNING".equals(job.path("status").asString("")) ? 1 : 0;
        stages += job.path("stageIds").size() - job.path("numSkippedStages").asInt(0);
        completedStages += job.path("numCompletedStages").asInt(0);
        tasks += job.path("numTasks").asInt(0) - job.path("numSkippedTasks").asInt(0);
        completedTasks += job.path("numCompletedTasks").asInt(0);
        activeTasks += job.path("numActiveTasks").asInt(0);
        failedTasks += job.path("numFailedTasks").asInt(0);
      }
      return Optional.of(
          new Progress(
              count,
              running,
              stages,
              completedStages,
              tasks,
              completedTasks,
              activeTasks,
              failedTasks));
    } catch (IOException | RuntimeException e) {
      // The Connect server may have restarted as a new application: look it up again next time.
      drivers.remove(target.cluster());
      log.debug("no Spark progress for run {}: {}", runId, e.toString());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Where a Connect server's driver lists its jobs, and the bearer it wants; kept per cluster. */
  private record Driver(String jobs, String bearer) {}

  private Optional<Driver> driver(Caller caller, ConnectSessions.Target target)
      throws IOException, InterruptedException {
    Driver known = drivers.get(target.cluster());
    if (known != null) {
      return Optional.of(known);
    }
    Optional<String> bearer = clusters.engineBearer(caller, target.cluster());
    if (bearer.isEmpty()) {
      return Optional.empty();
    }
    String base = target.uiUrl().orElseThrow().replaceAll("/+$", "") + "/api/v1/applications";
    JsonNode applications = get(base, bearer.get());
    if (!applications.isArray() || applications.isEmpty()) {
      return Optional.empty();
    }
    Driver driver =
        new Driver(base + "/" + applications.get(0).get("id").asString() + "/jobs", bearer.get());
    if (drivers.size() > 1000) {
      drivers.clear();
    }
    drivers.put(target.cluster(), driver);
    return Optional.of(driver);
  }

  private static boolean hasTag(JsonNode job, String tag) {
    for (JsonNode jobTag : job.path("jobTags")) {
      if (jobTag.asString("").contains(tag)) {
        return true;
      }
    }
    return false;
  }

  private JsonNode get(String url, String bearer) throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(addresses.reach(URI.create(url)))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + bearer)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException(url + " answered " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }
}
