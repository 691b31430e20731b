package io.bdpaas.engine.flink;

import static java.util.Objects.requireNonNull;

import io.bdpaas.engine.EngineClientException;
import io.bdpaas.engine.EngineHttp;
import io.bdpaas.engine.EngineHttpStatusException;
import io.bdpaas.engine.EngineMessages;
import io.bdpaas.engine.ReadinessProbe;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Talks to a Flink session cluster through the JobManager's REST API: reads the cluster's state,
 * launches jobs from uploaded jars, follows them (state, checkpoints, failures, metrics) and stops
 * them, with or without a savepoint.
 *
 * <p>Calls throw {@link EngineClientException} when the JobManager cannot be reached or answers
 * unexpectedly, and its subclass {@link EngineHttpStatusException} when it refuses a request; the
 * message then is Flink's explanation without stack frames.
 */
public final class FlinkClient {
  /** How long a jar's main method may take to build and submit its job. */
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

  /** How many characters of metric names one query carries; longer lists take several queries. */
  private static final int MAX_METRIC_QUERY = 2000;

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
    return parseOverview(http.getJson(endpoint("overview")));
  }

  /** The registered TaskManagers. */
  public List<FlinkTaskManagerInfo> taskManagers() {
    return parseTaskManagers(http.getJson(endpoint("taskmanagers")));
  }

  /**
   * A probe that is ready once {@code taskManagers} TaskManagers are registered and their {@code
   * slotsTotal} slots reported. Slots arrive a moment after the registration itself, so counting
   * TaskManagers alone is too early for submitting jobs.
   */
  public ReadinessProbe readinessProbe(int taskManagers, int slotsTotal) {
    return ReadinessProbe.httpJson(
        http,
        endpoint("overview"),
        taskManagers + " TaskManagers with " + slotsTotal + " slots",
        json ->
            json.path("taskmanagers").asInt(-1) == taskManagers
                && json.path("slots-total").asInt(-1) == slotsTotal);
  }

  /**
   * Uploads a job's jar ({@code POST /jars/upload}); the jar id later calls name it by. Its name is
   * made safe and given a {@code .jar} ending, which Flink requires.
   */
  public String uploadJar(Path jar) {
    return jarIdOf(http.postFile(endpoint("jars/upload"), "jarfile", jar, uploadName(jar)));
  }

  /** Deletes an uploaded jar ({@code DELETE /jars/:jarid}); running jobs are not affected. */
  public void deleteJar(String jarId) {
    http.delete(endpoint("jars/" + segment(jarId)));
  }

  /**
   * Runs an uploaded jar's main method on the JobManager ({@code POST /jars/:jarid/run}), which
   * submits the job; the job id. The call waits while the main method builds the job, up to two
   * minutes.
   *
   * @throws EngineHttpStatusException when Flink refuses the run, e.g. the main method failed; the
   *     message holds its cause
   */
  public String runJar(String jarId, FlinkRunRequest request) {
    JsonNode answer =
        http.withTimeout(RUN_TIMEOUT)
            .postJson(endpoint("jars/" + segment(jarId) + "/run"), runBody(request));
    return jobIdOf(answer);
  }

  /** The jobs the cluster knows ({@code GET /jobs/overview}), running and ended. */
  public List<FlinkJobSummary> jobs() {
    return parseJobs(http.getJson(endpoint("jobs/overview")));
  }

  /**
   * A job's state and vertices ({@code GET /jobs/:jobid}).
   *
   * @throws EngineHttpStatusException with status 404 when the cluster does not know the job
   */
  public FlinkJobDetails job(String jobId) {
    return parseJob(http.getJson(jobEndpoint(jobId, "")));
  }

  /**
   * A job's state and vertices, or empty when the cluster does not know the job: it was never
   * submitted there, the JobManager restarted, or it ended longer ago than Flink keeps jobs ({@code
   * jobstore.expiration-time}, one hour by default).
   *
   * @throws EngineClientException when the cluster cannot be reached or answers otherwise
   */
  public Optional<FlinkJobDetails> findJob(String jobId) {
    try {
      return Optional.of(job(jobId));
    } catch (EngineHttpStatusException e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Cancels a job without a savepoint ({@code PATCH /jobs/:jobid?mode=cancel}); it turns CANCELED
   * shortly after.
   *
   * @throws EngineHttpStatusException with 404 for an unknown job, 409 for one that has ended
   */
  public void cancel(String jobId) {
    http.patch(jobEndpoint(jobId, "?mode=cancel"));
  }

  /**
   * Takes a savepoint into {@code targetDirectory} (the cluster's {@code
   * execution.checkpointing.savepoint-dir} when empty) and stops the job ({@code POST
   * /jobs/:jobid/stop}); the request id to follow with {@link #savepointStatus}.
   *
   * @param drain whether sources emit their final watermark first, ending event-time windows (for a
   *     job that is not resumed)
   */
  public String stopWithSavepoint(String jobId, Optional<String> targetDirectory, boolean drain) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    targetDirectory.ifPresent(directory -> body.put("targetDirectory", directory));
    body.put("drain", drain);
    return requestIdOf(http.postJson(jobEndpoint(jobId, "/stop"), body));
  }

  /**
   * Takes a savepoint into {@code targetDirectory} (the cluster's configured one when empty)
   * ({@code POST /jobs/:jobid/savepoints}), then cancels the job if {@code cancelJob}; the request
   * id to follow with {@link #savepointStatus}.
   */
  public String triggerSavepoint(
      String jobId, Optional<String> targetDirectory, boolean cancelJob) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    // Unlike /stop, this body's field names are hyphenated.
    targetDirectory.ifPresent(directory -> body.put("target-directory", directory));
    body.put("cancel-job", cancelJob);
    return requestIdOf(http.postJson(jobEndpoint(jobId, "/savepoints"), body));
  }

  /**
   * Where a savepoint operation stands ({@code GET /jobs/:jobid/savepoints/:requestid}).
   *
   * @throws EngineHttpStatusException with 404 when the JobManager does not know the request (it
   *     restarted, or the result is older than {@code rest.async.store-duration})
   */
  public FlinkSavepointStatus savepointStatus(String jobId, String requestId) {
    return parseSavepointStatus(
        http.getJson(jobEndpoint(jobId, "/savepoints/" + segment(requestId))));
  }

  /**
   * A job's logical plan ({@code GET /jobs/:jobid/plan}) as Flink writes it: {@code nodes} are
   * operator chains, each with its {@code inputs} and their {@code ship_strategy}.
   */
  public JsonNode plan(String jobId) {
    JsonNode answer = http.getJson(jobEndpoint(jobId, "/plan"));
    return answer.has("plan") ? answer.path("plan") : answer;
  }

  /**
   * A job's checkpoint counts and latest checkpoints ({@code GET /jobs/:jobid/checkpoints}); all
   * zero for a job without checkpointing.
   */
  public FlinkCheckpoints checkpoints(String jobId) {
    try {
      return parseCheckpoints(http.getJson(jobEndpoint(jobId, "/checkpoints")));
    } catch (EngineHttpStatusException e) {
      // Flink 2.3 answers zero counts for a job without checkpointing; this 404 comes when it has
      // no statistics at all, which means the same.
      if (e.isNotFound() && e.getMessage().contains("Checkpointing has not been enabled")) {
        return FlinkCheckpoints.NONE;
      }
      throw e;
    }
  }

  /** A job's failures, latest first ({@code GET /jobs/:jobid/exceptions}). */
  public List<FlinkJobException> exceptions(String jobId) {
    return parseExceptions(http.getJson(jobEndpoint(jobId, "/exceptions")));
  }

  /**
   * Where a vertex's subtasks run and what they exchanged ({@code GET
   * /jobs/:jobid/vertices/:vertexid}).
   */
  public FlinkVertexDetails vertex(String jobId, String vertexId) {
    return parseVertex(http.getJson(vertexEndpoint(jobId, vertexId, "")));
  }

  /**
   * Current values of a vertex's metrics ({@code GET /jobs/:jobid/vertices/:vertexid/metrics}),
   * named {@code <subtask>.<metric>} or {@code <subtask>.<operator>.<metric>}. Names Flink does not
   * know (yet: its first answer can be empty) and values that are not numbers are left out.
   */
  public Map<String, Double> vertexMetrics(
      String jobId, String vertexId, Collection<String> names) {
    return metrics(vertexEndpoint(jobId, vertexId, "/metrics"), names, "", "value");
  }

  /** The metric names a vertex has now ({@code GET /jobs/:jobid/vertices/:vertexid/metrics}). */
  public List<String> vertexMetricNames(String jobId, String vertexId) {
    return parseMetricNames(http.getJson(vertexEndpoint(jobId, vertexId, "/metrics")));
  }

  /**
   * Metrics summed over a vertex's subtasks ({@code GET
   * /jobs/:jobid/vertices/:vertexid/subtasks/metrics?agg=sum}), e.g. {@code numRecordsIn}. Unknown
   * and non-numeric metrics are left out.
   */
  public Map<String, Double> subtaskMetricsSum(
      String jobId, String vertexId, Collection<String> names) {
    return metrics(vertexEndpoint(jobId, vertexId, "/subtasks/metrics"), names, "&agg=sum", "sum");
  }

  /**
   * Current values of a TaskManager's metrics ({@code GET /taskmanagers/:taskmanagerid/metrics}),
   * e.g. {@code Status.JVM.CPU.Load}. Unknown and non-numeric metrics are left out.
   */
  public Map<String, Double> taskManagerMetrics(String taskManagerId, Collection<String> names) {
    return metrics(
        endpoint("taskmanagers/" + segment(taskManagerId) + "/metrics"), names, "", "value");
  }

  private Map<String, Double> metrics(
      URI base, Collection<String> names, String extraQuery, String valueField) {
    Map<String, Double> values = new LinkedHashMap<>();
    for (String batch : metricQueries(names)) {
      URI uri = URI.create(base + "?get=" + batch + extraQuery);
      values.putAll(parseMetrics(http.getJson(uri), valueField));
    }
    return Collections.unmodifiableMap(values);
  }

  private URI endpoint(String path) {
    return EngineHttp.resolve(restUri, path);
  }

  private URI jobEndpoint(String jobId, String rest) {
    return endpoint("jobs/" + segment(jobId) + rest);
  }

  private URI vertexEndpoint(String jobId, String vertexId, String rest) {
    return jobEndpoint(jobId, "/vertices/" + segment(vertexId) + rest);
  }

  /** One path segment, percent-encoded. */
  static String segment(String value) {
    requireNonNull(value, "path segment is null");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("path segment is empty");
    }
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * The values of {@code get=} for these metric names, each encoded and comma-separated, split so
   * that no query line grows too long for the JobManager.
   */
  static List<String> metricQueries(Collection<String> names) {
    List<String> queries = new ArrayList<>();
    StringBuilder query = new StringBuilder();
    for (String name : names) {
      if (name.isEmpty() || name.contains(",")) {
        // Flink splits the list at commas after decoding it, so a comma cannot be asked for.
        throw new IllegalArgumentException("not a metric name Flink can be asked for: " + name);
      }
      String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8);
      if (!query.isEmpty() && query.length() + 1 + encoded.length() > MAX_METRIC_QUERY) {
        queries.add(query.toString());
        query.setLength(0);
      }
      query.append(query.isEmpty() ? "" : ",").append(encoded);
    }
    if (!query.isEmpty()) {
      queries.add(query.toString());
    }
    return queries;
  }

  /** A safe name ending in {@code .jar} for an uploaded jar; it becomes part of the jar id. */
  static String uploadName(Path jar) {
    Path fileName = jar.getFileName();
    String name = fileName == null ? "job" : fileName.toString();
    name = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return name.endsWith(".jar") ? name : name + ".jar";
  }

  static String jarIdOf(JsonNode answer) {
    String path = text(answer, "filename").orElse("");
    String id = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
    if (id.isEmpty()) {
      throw new EngineClientException("Flink did not name the uploaded jar: " + answer);
    }
    return id;
  }

  static ObjectNode runBody(FlinkRunRequest request) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("entryClass", request.entryClass());
    request.arguments().forEach(body.putArray("programArgsList")::add);
    request.parallelism().ifPresent(parallelism -> body.put("parallelism", parallelism));
    request.savepointPath().ifPresent(path -> body.put("savepointPath", path));
    body.put("allowNonRestoredState", request.allowNonRestoredState());
    if (!request.flinkConfiguration().isEmpty()) {
      ObjectNode configuration = body.putObject("flinkConfiguration");
      request.flinkConfiguration().forEach(configuration::put);
    }
    request.jobId().ifPresent(id -> body.put("jobId", id));
    return body;
  }

  static String jobIdOf(JsonNode answer) {
    return text(answer, "jobid")
        .orElseThrow(
            () -> new EngineClientException("Flink ran the jar but named no job: " + answer));
  }

  static String requestIdOf(JsonNode answer) {
    return text(answer, "request-id")
        .orElseThrow(
            () -> new EngineClientException("Flink answered without a request id: " + answer));
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
              taskManager.path("timeSinceLastHeartbeat").asLong(0),
              taskManager.path("memoryConfiguration").path("totalProcessMemory").asLong(0)));
    }
    return result;
  }

  static List<FlinkJobSummary> parseJobs(JsonNode json) {
    if (!json.isObject() || !json.path("jobs").isArray()) {
      throw new EngineClientException("not a Flink job list: " + json);
    }
    List<FlinkJobSummary> jobs = new ArrayList<>();
    for (JsonNode job : json.path("jobs")) {
      jobs.add(
          new FlinkJobSummary(
              required(job, "jid"),
              job.path("name").asString(""),
              required(job, "state"),
              time(job, "start-time"),
              time(job, "end-time"),
              Duration.ofMillis(Math.max(0, job.path("duration").asLong(0)))));
    }
    return List.copyOf(jobs);
  }

  static FlinkJobDetails parseJob(JsonNode json) {
    if (!json.isObject() || !json.has("jid") || !json.has("state")) {
      throw new EngineClientException("not a Flink job: " + json);
    }
    Map<String, Instant> timestamps = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : json.path("timestamps").properties()) {
      long millis = entry.getValue().asLong(0);
      if (millis > 0) {
        timestamps.put(entry.getKey(), Instant.ofEpochMilli(millis));
      }
    }
    List<FlinkJobDetails.Vertex> vertices = new ArrayList<>();
    for (JsonNode vertex : json.path("vertices")) {
      vertices.add(
          new FlinkJobDetails.Vertex(
              required(vertex, "id"),
              vertex.path("name").asString(""),
              vertex.path("parallelism").asInt(0),
              vertex.path("status").asString(""),
              time(vertex, "start-time"),
              ioMetrics(vertex.path("metrics"))));
    }
    return new FlinkJobDetails(
        required(json, "jid"),
        json.path("name").asString(""),
        required(json, "state"),
        time(json, "start-time"),
        time(json, "end-time"),
        Duration.ofMillis(Math.max(0, json.path("duration").asLong(0))),
        timestamps,
        vertices);
  }

  static FlinkVertexDetails parseVertex(JsonNode json) {
    if (!json.isObject() || !json.has("id") || !json.path("subtasks").isArray()) {
      throw new EngineClientException("not a Flink job vertex: " + json);
    }
    List<FlinkVertexDetails.Subtask> subtasks = new ArrayList<>();
    for (JsonNode subtask : json.path("subtasks")) {
      subtasks.add(
          new FlinkVertexDetails.Subtask(
              subtask.path("subtask").asInt(0),
              subtask.path("status").asString(""),
              subtask.path("attempt").asInt(0),
              text(subtask, "taskmanager-id").filter(id -> !id.equals("(unassigned)")),
              text(subtask, "endpoint").filter(endpoint -> !endpoint.equals("(unassigned)")),
              time(subtask, "start-time"),
              ioMetrics(subtask.path("metrics"))));
    }
    return new FlinkVertexDetails(
        required(json, "id"),
        json.path("name").asString(""),
        json.path("parallelism").asInt(0),
        subtasks);
  }

  static FlinkSavepointStatus parseSavepointStatus(JsonNode json) {
    String status = json.path("status").path("id").asString("");
    if (status.equals("IN_PROGRESS")) {
      return new FlinkSavepointStatus.InProgress();
    }
    if (!status.equals("COMPLETED")) {
      throw new EngineClientException("not a Flink savepoint status: " + json);
    }
    // COMPLETED only says the operation ended: it holds either a location or a failure cause.
    JsonNode operation = json.path("operation");
    JsonNode failure = operation.path("failure-cause");
    if (failure.isObject()) {
      String reason =
          text(failure, "stack-trace")
              .map(EngineMessages::readable)
              .or(() -> text(failure, "class"))
              .orElse("the savepoint failed without a reason");
      return new FlinkSavepointStatus.Failed(reason);
    }
    return text(operation, "location")
        .<FlinkSavepointStatus>map(FlinkSavepointStatus.Completed::new)
        .orElseThrow(
            () ->
                new EngineClientException(
                    "Flink's savepoint completed with neither a location nor a cause: " + json));
  }

  static FlinkCheckpoints parseCheckpoints(JsonNode json) {
    if (!json.isObject() || !json.path("counts").isObject()) {
      throw new EngineClientException("not Flink checkpoint statistics: " + json);
    }
    JsonNode counts = json.path("counts");
    JsonNode latest = json.path("latest");
    return new FlinkCheckpoints(
        counts.path("total").asLong(0),
        counts.path("completed").asLong(0),
        counts.path("failed").asLong(0),
        counts.path("in_progress").asLong(0),
        counts.path("restored").asLong(0),
        completedCheckpoint(latest.path("completed")),
        completedCheckpoint(latest.path("savepoint")),
        restoredCheckpoint(latest.path("restored")),
        failedCheckpoint(latest.path("failed")));
  }

  private static Optional<FlinkCheckpoints.Completed> completedCheckpoint(JsonNode json) {
    if (!json.isObject()) {
      return Optional.empty();
    }
    return Optional.of(
        new FlinkCheckpoints.Completed(
            json.path("id").asLong(0),
            Instant.ofEpochMilli(json.path("trigger_timestamp").asLong(0)),
            Duration.ofMillis(Math.max(0, json.path("end_to_end_duration").asLong(0))),
            json.path("state_size").asLong(0),
            json.path("checkpointed_size").asLong(0),
            externalPath(json),
            json.path("is_savepoint").asBoolean(false)));
  }

  private static Optional<FlinkCheckpoints.Restored> restoredCheckpoint(JsonNode json) {
    if (!json.isObject()) {
      return Optional.empty();
    }
    return Optional.of(
        new FlinkCheckpoints.Restored(
            json.path("id").asLong(0),
            Instant.ofEpochMilli(json.path("restore_timestamp").asLong(0)),
            externalPath(json),
            json.path("is_savepoint").asBoolean(false)));
  }

  private static Optional<FlinkCheckpoints.Failed> failedCheckpoint(JsonNode json) {
    if (!json.isObject()) {
      return Optional.empty();
    }
    return Optional.of(
        new FlinkCheckpoints.Failed(
            json.path("id").asLong(0),
            Instant.ofEpochMilli(json.path("trigger_timestamp").asLong(0)),
            time(json, "failure_timestamp"),
            text(json, "failure_message").map(EngineMessages::readable)));
  }

  static List<FlinkJobException> parseExceptions(JsonNode json) {
    JsonNode entries = json.path("exceptionHistory").path("entries");
    if (!entries.isArray()) {
      throw new EngineClientException("not a Flink exception history: " + json);
    }
    List<FlinkJobException> exceptions = new ArrayList<>();
    for (JsonNode entry : entries) {
      String name = entry.path("exceptionName").asString("");
      // A job-wide failure ("Recovery is suppressed...") names no task; the task failure that
      // caused it is among its concurrent exceptions, and says where it happened.
      JsonNode located = entry;
      if (text(entry, "taskName").isEmpty()) {
        for (JsonNode concurrent : entry.path("concurrentExceptions")) {
          if (text(concurrent, "taskName").isPresent()) {
            located = concurrent;
            break;
          }
        }
      }
      exceptions.add(
          new FlinkJobException(
              name,
              text(entry, "stacktrace").map(EngineMessages::readable).orElse(name),
              Instant.ofEpochMilli(entry.path("timestamp").asLong(0)),
              text(located, "taskName"),
              text(located, "endpoint"),
              text(located, "taskManagerId")));
    }
    return List.copyOf(exceptions);
  }

  /**
   * Metric values from a metrics answer, {@code [{"id":..., "value":"..."}]} or, aggregated, {@code
   * [{"id":..., "sum":...}]}; values that are not finite numbers are left out.
   */
  static Map<String, Double> parseMetrics(JsonNode json, String valueField) {
    if (!json.isArray()) {
      throw new EngineClientException("not a Flink metrics answer: " + json);
    }
    Map<String, Double> values = new LinkedHashMap<>();
    for (JsonNode metric : json) {
      Optional<String> id = text(metric, "id");
      Optional<Double> value = number(metric.path(valueField));
      if (id.isPresent() && value.isPresent()) {
        values.put(id.get(), value.get());
      }
    }
    return values;
  }

  static List<String> parseMetricNames(JsonNode json) {
    if (!json.isArray()) {
      throw new EngineClientException("not a Flink metrics answer: " + json);
    }
    List<String> names = new ArrayList<>();
    for (JsonNode metric : json) {
      text(metric, "id").ifPresent(names::add);
    }
    return List.copyOf(names);
  }

  /** A checkpoint's path; Flink writes a placeholder for one kept only in the JobManager. */
  private static Optional<String> externalPath(JsonNode checkpoint) {
    return text(checkpoint, "external_path")
        .filter(path -> !path.equals("<checkpoint-not-externally-addressable>"));
  }

  private static FlinkIoMetrics ioMetrics(JsonNode json) {
    return new FlinkIoMetrics(
        json.path("read-records").asLong(0),
        json.path("write-records").asLong(0),
        json.path("read-bytes").asLong(0),
        json.path("write-bytes").asLong(0));
  }

  private static Optional<Double> number(JsonNode value) {
    double number;
    if (value.isNumber()) {
      number = value.asDouble();
    } else if (value.isString()) {
      try {
        number = Double.parseDouble(value.stringValue());
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    } else {
      return Optional.empty();
    }
    return Double.isFinite(number) ? Optional.of(number) : Optional.empty();
  }

  /** A point in time Flink writes as epoch milliseconds, where -1 or 0 means "not yet". */
  private static Optional<Instant> time(JsonNode json, String field) {
    long millis = json.path(field).asLong(-1);
    return millis > 0 ? Optional.of(Instant.ofEpochMilli(millis)) : Optional.empty();
  }

  private static Optional<String> text(JsonNode json, String field) {
    JsonNode value = json.path(field);
    return value.isString() && !value.stringValue().isBlank()
        ? Optional.of(value.stringValue())
        : Optional.empty();
  }

  private static String required(JsonNode json, String field) {
    return text(json, field)
        .orElseThrow(
            () -> new EngineClientException("Flink's answer lacks " + field + ": " + json));
  }
}
