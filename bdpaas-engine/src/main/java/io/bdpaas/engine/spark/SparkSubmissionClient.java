package io.bdpaas.engine.spark;

import static java.util.Objects.requireNonNull;

import io.bdpaas.engine.EngineClientException;
import io.bdpaas.engine.EngineHttp;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Submits, follows and kills drivers through a Spark standalone master's REST submission server
 * ({@code /v1/submissions/create|status|kill}), the interface {@code spark-submit --deploy-mode
 * cluster} itself uses: the driver runs on one of the cluster's workers, not here.
 */
public final class SparkSubmissionClient {
  /** The Spark version this platform's clusters run; the server wants the client's. */
  public static final String CLIENT_SPARK_VERSION = "4.2.0";

  private final EngineHttp http;
  private final URI server;

  /**
   * @param server the REST submission server's base URL, e.g. {@code http://127.0.0.1:6066/}
   */
  public SparkSubmissionClient(EngineHttp http, URI server) {
    this.http = requireNonNull(http, "http is null");
    this.server = requireNonNull(server, "server is null");
  }

  /** A driver to launch in cluster mode. */
  public record Submission(
      String appResource,
      String mainClass,
      List<String> arguments,
      Map<String, String> sparkProperties,
      Map<String, String> environment) {
    public Submission {
      requireNonNull(appResource, "appResource is null");
      requireNonNull(mainClass, "mainClass is null");
      arguments = List.copyOf(arguments);
      sparkProperties = Map.copyOf(sparkProperties);
      environment = Map.copyOf(environment);
    }
  }

  /** A driver's state as the master knows it ({@code DriverState}). */
  public enum DriverState {
    SUBMITTED,
    RUNNING,
    FINISHED,
    RELAUNCHING,
    UNKNOWN,
    KILLED,
    FAILED,
    ERROR,
    /** The master does not know the driver (it restarted, or never had it). */
    NOT_FOUND;

    public boolean isFinal() {
      return this == FINISHED
          || this == KILLED
          || this == FAILED
          || this == ERROR
          || this == NOT_FOUND;
    }
  }

  /** What the master says of a driver. */
  public record DriverStatus(
      String driverId,
      DriverState state,
      Optional<String> workerId,
      Optional<String> workerHostPort,
      Optional<String> message) {}

  /**
   * Launches the driver; its id ({@code driver-...}).
   *
   * @throws EngineClientException when the master refuses it (with its reason) or cannot be reached
   */
  public String create(Submission submission) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode request = nodes.objectNode();
    request.put("action", "CreateSubmissionRequest");
    request.put("appResource", submission.appResource());
    request.put("mainClass", submission.mainClass());
    request.put("clientSparkVersion", CLIENT_SPARK_VERSION);
    submission.arguments().forEach(request.putArray("appArgs")::add);
    if (submission.arguments().isEmpty()) {
      request.putArray("appArgs");
    }
    ObjectNode environment = request.putObject("environmentVariables");
    environment.put("SPARK_ENV_LOADED", "1");
    submission.environment().forEach(environment::put);
    ObjectNode properties = request.putObject("sparkProperties");
    submission.sparkProperties().forEach(properties::put);
    JsonNode answer = http.postJson(EngineHttp.resolve(server, "v1/submissions/create"), request);
    String id = answer.path("submissionId").asString("");
    if (!answer.path("success").asBoolean(false) || id.isEmpty()) {
      throw new EngineClientException("the master refused the driver: " + reason(answer));
    }
    return id;
  }

  /** The driver's state now. */
  public DriverStatus status(String driverId) {
    JsonNode answer = http.getJson(EngineHttp.resolve(server, "v1/submissions/status/" + driverId));
    return parseStatus(driverId, answer);
  }

  /** Asks the master to kill the driver; false when it says it cannot (it has ended). */
  public boolean kill(String driverId) {
    JsonNode answer =
        http.postJson(
            EngineHttp.resolve(server, "v1/submissions/kill/" + driverId),
            JsonNodeFactory.instance.objectNode());
    return answer.path("success").asBoolean(false);
  }

  static DriverStatus parseStatus(String driverId, JsonNode answer) {
    String state = answer.path("driverState").asString("");
    if (!answer.path("success").asBoolean(false) || state.isEmpty() || state.equals("NOT_FOUND")) {
      return new DriverStatus(
          driverId, DriverState.NOT_FOUND, Optional.empty(), Optional.empty(), reasonOf(answer));
    }
    DriverState parsed;
    try {
      parsed = DriverState.valueOf(state.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      parsed = DriverState.UNKNOWN;
    }
    return new DriverStatus(
        driverId,
        parsed,
        text(answer, "workerId"),
        text(answer, "workerHostPort"),
        reasonOf(answer));
  }

  private static Optional<String> text(JsonNode answer, String field) {
    return Optional.of(answer.path(field).asString("")).filter(value -> !value.isBlank());
  }

  private static Optional<String> reasonOf(JsonNode answer) {
    return text(answer, "message");
  }

  private static String reason(JsonNode answer) {
    return reasonOf(answer).orElse(answer.toString());
  }
}
