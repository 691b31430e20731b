package io.bdpaas.bench;

import io.bdpaas.engine.EngineHttp;
import io.bdpaas.engine.EngineSecret;
import io.bdpaas.engine.spark.SparkSubmissionClient;
import io.bdpaas.engine.spark.SparkSubmissionClient.DriverState;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A jar job's submit → RUNNING through the platform against the same driver submitted to the
 * project's Spark master directly through its REST submission server, alternating, in one run, on
 * one warm project.
 *
 * <p>Platform side: {@code POST /api/v1/projects/{p}/jobs/{j}/runs}, then one {@code GET} of the
 * run {@code ?until=running&wait=30}, which the server answers when the run is running (with {@code
 * --platform-waits=false}: a {@code GET} of the run every {@code --poll-ms} instead). Direct side:
 * {@code POST /v1/submissions/create} with the submission the platform makes (same jar, main class,
 * sizes, secret), then {@code GET /v1/submissions/status/{id}} every {@code --poll-ms} (default 5,
 * as often as the platform's own watch of a launching driver asks the master) until {@code
 * RUNNING}. RUNNING is the master's word on both sides: the driver's JVM was launched on a worker.
 * Each driver (the sample SleepingJob) is killed after it runs, and the next submission waits until
 * it is gone, so that both sides find the same free cores. Prints each side's times, their medians
 * and the ratio platform / direct. Not a test: run it with {@code bench/run-job-submit.sh}.
 */
public final class JobSubmitBench {
  private static final String USAGE =
      "--repo=<checkout> [--warm-up=100] [--iterations=30] [--poll-ms=5] [--platform-waits=true]"
          + " [--keep=true]";
  private static final String MAIN_CLASS = "io.bdpaas.samples.SleepingJob";

  private final Api tenant;
  private final String projectPath;
  private final String job;
  private final SparkSubmissionClient master;
  private final SparkSubmissionClient.Submission submission;
  private final long pollMillis;
  private final boolean platformWaits;
  private final List<Double> pending = new ArrayList<>();
  private final List<Double> queued = new ArrayList<>();
  private final List<Double> creates = new ArrayList<>();

  private JobSubmitBench(
      Api tenant,
      String projectPath,
      String job,
      SparkSubmissionClient master,
      SparkSubmissionClient.Submission submission,
      long pollMillis,
      boolean platformWaits) {
    this.tenant = tenant;
    this.projectPath = projectPath;
    this.job = job;
    this.master = master;
    this.submission = submission;
    this.pollMillis = pollMillis;
    this.platformWaits = platformWaits;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = ClusterReadyBench.options(args, USAGE);
    int warmUp = Integer.parseInt(options.getOrDefault("warm-up", "100"));
    int iterations = Integer.parseInt(options.getOrDefault("iterations", "30"));
    long pollMillis = Long.parseLong(options.getOrDefault("poll-ms", "5"));
    boolean platformWaits = Boolean.parseBoolean(options.getOrDefault("platform-waits", "true"));
    System.exit(
        ProjectBench.run(
            "job",
            options,
            Map.of("name", "bench-jobs"),
            project -> {
              Api tenant = project.tenant();
              String projectPath = project.path();
              JsonNode cluster = tenant.get("/api/v1/clusters/" + project.clusterId());
              String rest = cluster.get("endpoints").get("restSubmission").asString();
              String masterUrl = cluster.get("endpoints").get("master").asString();
              String key = secretKey(project);
              EngineSecret secret = new EngineSecret(key, "");
              SparkSubmissionClient direct =
                  new SparkSubmissionClient(
                      EngineHttp.create()
                          .withHeaders(Map.of("Authorization", "Bearer " + secret.bearer())),
                      URI.create(rest));
              String jarPath = samplesJar(tenant, projectPath);
              String job =
                  tenant
                      .post(
                          projectPath + "/jobs",
                          Map.of(
                              "name",
                              "bench-sleeps",
                              "definition",
                              Map.of(
                                  "kind",
                                  "jar",
                                  "jar",
                                  "bdpaas-spark-samples.jar",
                                  "mainClass",
                                  MAIN_CLASS,
                                  "arguments",
                                  List.of("600"))),
                          201)
                      .get("id")
                      .asString();
              ClusterReadyBench.say("project " + projectPath + " ready; master REST " + rest);
              new JobSubmitBench(
                      tenant,
                      projectPath,
                      job,
                      direct,
                      submission(jarPath, masterUrl, key),
                      pollMillis,
                      platformWaits)
                  .run(warmUp, iterations);
            }));
  }

  /** What JobRunReconciler submits for a jar run of the sample SleepingJob. */
  private static SparkSubmissionClient.Submission submission(
      String jarPath, String masterUrl, String key) {
    String jar = "file:" + jarPath;
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("spark.master", masterUrl);
    properties.put("spark.submit.deployMode", "cluster");
    properties.put("spark.app.name", "bench-sleeps (direct)");
    properties.put("spark.jars", jar);
    properties.put("spark.driver.cores", "1");
    properties.put("spark.driver.memory", "512m");
    properties.put("spark.executor.cores", "1");
    properties.put("spark.executor.memory", "512m");
    properties.put("spark.cores.max", "1");
    properties.put("spark.driver.supervise", "false");
    properties.put("spark.authenticate", "true");
    properties.put("spark.authenticate.secret", key);
    properties.put("spark.ui.port", "0");
    properties.put("spark.ui.killEnabled", "false");
    return new SparkSubmissionClient.Submission(
        jar,
        MAIN_CLASS,
        List.of("600"),
        properties,
        Map.of("JAVA_TOOL_OPTIONS", "-Dspark.authenticate.secret=taken-from-the-environment"));
  }

  /** The cluster's key, from its master node's configuration in the server's data directory. */
  private static String secretKey(ProjectBench.ReadyProject project) throws IOException {
    return Files.readAllLines(project.nodeFile("master", "conf/spark-defaults.conf")).stream()
        .filter(line -> line.startsWith("spark.authenticate.secret "))
        .map(line -> line.substring(line.indexOf(' ') + 1).strip())
        .findFirst()
        .orElseThrow();
  }

  private static String samplesJar(Api tenant, String projectPath) {
    for (JsonNode file : tenant.get(projectPath + "/files").get("items")) {
      if (file.get("name").asString().equals("bdpaas-spark-samples.jar")) {
        return file.get("path").asString();
      }
    }
    throw new IllegalStateException("the project has no samples jar");
  }

  private void run(int warmUp, int iterations) {
    for (int i = 0; i < warmUp; i++) {
      platform();
      direct();
    }
    ClusterReadyBench.say("warm-up: " + warmUp + " submissions per side");
    List<Double> platform = new ArrayList<>();
    List<Double> direct = new ArrayList<>();
    for (int i = 0; i < iterations; i++) {
      // Alternate which side goes first, so that both meet the same state of the cluster.
      if (i % 2 == 0) {
        platform.add(platform());
        direct.add(direct());
      } else {
        direct.add(direct());
        platform.add(platform());
      }
    }
    ClusterReadyBench.say("platform ms: " + format(platform));
    ClusterReadyBench.say("direct ms:   " + format(direct));
    double p = median(platform);
    double d = median(direct);
    ClusterReadyBench.say(
        String.format(
            Locale.ROOT,
            "%n| side | n | median ms | min ms | max ms |%n|---|---|---|---|---|%n"
                + "| direct: POST /v1/submissions/create -> status RUNNING | %d | %.1f | %.1f | %.1f |%n"
                + "| platform: POST .../jobs/{j}/runs -> run running | %d | %.1f | %.1f | %.1f |%n",
            direct.size(),
            d,
            min(direct),
            max(direct),
            platform.size(),
            p,
            min(platform),
            max(platform)));
    ClusterReadyBench.say(
        String.format(
            Locale.ROOT,
            "platform's parts (median, its own clock): run created -> accepted by the master %.1f"
                + " ms, accepted -> running %.1f ms",
            median(pending.subList(pending.size() - platform.size(), pending.size())),
            median(queued.subList(queued.size() - platform.size(), queued.size()))));
    ClusterReadyBench.say(
        String.format(
            Locale.ROOT,
            "direct's part (median): POST /v1/submissions/create answered in %.1f ms",
            median(creates.subList(creates.size() - direct.size(), creates.size()))));
    ClusterReadyBench.say(
        String.format(
            Locale.ROOT,
            "platform / direct (median): %.3f (goal <= 1.05: %s); the platform adds %.1f ms (goal <"
                + " 50: %s)",
            p / d,
            p / d <= 1.05 ? "met" : "NOT met",
            p - d,
            p - d < 50 ? "met" : "NOT met"));
  }

  private double platform() {
    long start = System.nanoTime();
    String run =
        tenant.post(projectPath + "/jobs/" + job + "/runs", Map.of(), 202).get("id").asString();
    String path = projectPath + "/runs/" + run;
    while (true) {
      String state =
          tenant
              .get(platformWaits ? path + "?until=running&wait=30" : path)
              .get("state")
              .asString();
      if (state.equals("running")) {
        break;
      }
      if (state.equals("failed") || state.equals("killed")) {
        throw new IllegalStateException("the run ended " + state + ": " + tenant.get(path));
      }
      if (!platformWaits) {
        sleep();
      }
    }
    double millis = (System.nanoTime() - start) / 1e6;
    JsonNode phases = tenant.get(path).get("phases");
    pending.add(phases.get("pendingMs").asDouble());
    queued.add(phases.get("queuedMs").asDouble());
    tenant.post(path + "/kill", Map.of(), 202);
    awaitUntil(() -> tenant.get(path).get("state").asString().equals("killed"));
    return millis;
  }

  private double direct() {
    long start = System.nanoTime();
    String driver = master.create(submission);
    creates.add((System.nanoTime() - start) / 1e6);
    while (true) {
      SparkSubmissionClient.DriverStatus status = master.status(driver);
      if (status.state() == DriverState.RUNNING) {
        break;
      }
      if (status.state().isFinal()) {
        throw new IllegalStateException("the driver ended: " + status);
      }
      sleep();
    }
    double millis = (System.nanoTime() - start) / 1e6;
    master.kill(driver);
    awaitUntil(() -> master.status(driver).state().isFinal());
    return millis;
  }

  private void awaitUntil(java.util.function.BooleanSupplier done) {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("a driver was not gone in 2 minutes");
      }
      sleep();
    }
    // Its executors leave the worker a moment after the driver.
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void sleep() {
    try {
      Thread.sleep(pollMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String format(List<Double> values) {
    return values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList().toString();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }
}
