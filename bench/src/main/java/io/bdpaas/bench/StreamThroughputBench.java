package io.bdpaas.bench;

import io.bdpaas.engine.flink.FlinkClient;
import io.bdpaas.engine.flink.FlinkJobDetails;
import io.bdpaas.engine.flink.FlinkOverview;
import io.bdpaas.engine.flink.FlinkRunRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The demo word count's throughput launched through the platform against the same jar submitted to
 * the project's Flink JobManager directly through its REST API, alternating, in one run, on one
 * warm streaming project.
 *
 * <p>Platform side: {@code POST /api/v1/projects/{p}/applications} with the package {@code
 * wordcount-demo} and {@code rate} {@code --rate} (0: unthrottled), killed afterwards with {@code
 * POST .../applications/{id}/kill} until it is {@code killed}. Direct side: the same jar (checked
 * byte for byte against the platform's package), uploaded once with {@code POST /jars/upload}, run
 * with {@code POST /jars/{id}/run} with the entry class, program arguments and parallelism the
 * platform submits (checked against each platform launch), cancelled afterwards with {@code PATCH
 * /jobs/{id}?mode=cancel} until it is CANCELED. Both sides then wait until every task slot is free
 * again, so that the next job finds the cluster as this one did.
 *
 * <p>Measurement, the same on both sides: from the moment Flink's REST API says the job is {@code
 * RUNNING} (asked every 100 ms), the job's own gauge {@code wordsCounted} (operator metric of the
 * {@code count} vertex, summed over its subtasks) is read through Flink's REST API once a second;
 * after {@code --warm-up-seconds} the delta over the next {@code --measure-seconds}, divided by the
 * time between the two reads, is the side's words per second. Prints each round's numbers, the
 * medians and the ratio platform / direct. Not a test: run it with {@code
 * bench/run-stream-throughput.sh}.
 */
public final class StreamThroughputBench {
  private static final String USAGE =
      "--repo=<checkout> [--rounds=3] [--warm-up-seconds=20] [--measure-seconds=30] [--rate=0]"
          + " [--keep=true]";
  private static final String PACKAGE = WordCountDemo.PACKAGE;
  private static final String GAUGE_SUFFIX = ".wordsCounted";
  private static final Duration STATE_TIMEOUT = Duration.ofMinutes(2);
  private static final double GOAL = 0.98;

  private final Api tenant;
  private final String projectPath;
  private final FlinkClient flink;
  private final String jarId;
  private final FlinkRunRequest directRequest;
  private final String rate;
  private final Duration warmUp;
  private final Duration measure;

  /** The processes whose CPU use is reported, by what they are: TaskManager, JobManager, server. */
  private final Map<String, Long> watched;

  /** The job the bench has running now (either side's), so that a failure still stops it. */
  private Optional<Runnable> stopRunning = Optional.empty();

  private StreamThroughputBench(
      Api tenant,
      String projectPath,
      FlinkClient flink,
      String jarId,
      FlinkRunRequest directRequest,
      String rate,
      Duration warmUp,
      Duration measure,
      Map<String, Long> watched) {
    this.tenant = tenant;
    this.projectPath = projectPath;
    this.flink = flink;
    this.jarId = jarId;
    this.directRequest = directRequest;
    this.rate = rate;
    this.warmUp = warmUp;
    this.measure = measure;
    this.watched = watched;
  }

  /**
   * One side's measured job.
   *
   * @param cpuPercent the CPU each watched process used in the measured time, in % of one core
   */
  record Measured(
      double wordsPerSecond,
      long words,
      double seconds,
      Map<String, Double> cpuPercent,
      String loadAverage) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = ClusterReadyBench.options(args, USAGE);
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
    Duration warmUp =
        Duration.ofSeconds(Long.parseLong(options.getOrDefault("warm-up-seconds", "20")));
    Duration measure =
        Duration.ofSeconds(Long.parseLong(options.getOrDefault("measure-seconds", "30")));
    String rate = options.getOrDefault("rate", "0");
    Path jar = demoJar(Path.of(options.get("repo")));
    System.exit(
        ProjectBench.run(
            "stream",
            options,
            Map.of("name", "bench-streams", "kind", "streaming"),
            project -> {
              Api tenant = project.tenant();
              FlinkClient flink = project.flink();
              JsonNode application = demoApplication(tenant, project.path(), jar);
              FlinkRunRequest request = directRequest(application, rate);
              ClusterReadyBench.say(
                  "entry class "
                      + request.entryClass()
                      + ", program arguments "
                      + request.arguments()
                      + ", parallelism "
                      + request.parallelism().orElseThrow());
              String jarId = flink.uploadJar(jar);
              Map<String, Long> nodes = project.nodePids();
              Map<String, Long> watched = new LinkedHashMap<>();
              watched.put("TaskManager", nodes.get("taskmanager-0"));
              watched.put("JobManager", nodes.get("jobmanager-0"));
              watched.put("control plane", project.serverPid());
              new StreamThroughputBench(
                      tenant, project.path(), flink, jarId, request, rate, warmUp, measure, watched)
                  .run(rounds);
            }));
  }

  /** bdpaas-flink-samples/target/bdpaas-flink-samples-*-wordcount-demo.jar of the checkout. */
  private static Path demoJar(Path repo) throws IOException {
    Path target = repo.resolve("bdpaas-flink-samples").resolve("target");
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(file -> file.getFileName().toString().startsWith("bdpaas-flink-samples-"))
          .filter(file -> file.getFileName().toString().endsWith("-" + PACKAGE + ".jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no " + PACKAGE + " jar in " + target))
          .toAbsolutePath();
    }
  }

  /**
   * The demo application of the project's preinstalled package, after checking that the package is
   * the very jar the direct side submits.
   */
  private static JsonNode demoApplication(Api tenant, String projectPath, Path jar)
      throws IOException {
    for (JsonNode version : tenant.get(projectPath + "/packages").get("items")) {
      if (!version.get("name").asString().equals(PACKAGE)) {
        continue;
      }
      String sha256 = sha256(jar);
      if (!version.get("sha256").asString().equalsIgnoreCase(sha256)) {
        throw new IllegalStateException(
            "the platform's "
                + PACKAGE
                + " (sha256 "
                + version.get("sha256").asString()
                + ") is not "
                + jar
                + " (sha256 "
                + sha256
                + "): build both in one reactor");
      }
      ClusterReadyBench.say(
          "package " + PACKAGE + " " + version.get("version").asString() + " = " + jar);
      for (JsonNode application : version.get("applications")) {
        if (application.get("name").asString().equals(WordCountDemo.APPLICATION)) {
          return application;
        }
      }
    }
    throw new IllegalStateException(
        "the project has no " + PACKAGE + " / " + WordCountDemo.APPLICATION);
  }

  /**
   * What the platform submits for a launch with {@code rate}: the application's entry class, its
   * parallelism, and its default properties with {@code rate} over them, each as {@code --name
   * value} (StreamAppService merges them so, LaunchSettings.programArguments writes them so).
   */
  private static FlinkRunRequest directRequest(JsonNode application, String rate) {
    Map<String, String> properties = new LinkedHashMap<>();
    application
        .get("properties")
        .properties()
        .forEach(entry -> properties.put(entry.getKey(), entry.getValue().asString()));
    properties.put("rate", rate);
    List<String> arguments = new ArrayList<>();
    properties.forEach(
        (name, value) -> {
          arguments.add("--" + name);
          arguments.add(value);
        });
    return new FlinkRunRequest(
        application.get("entryClass").asString(),
        arguments,
        OptionalInt.of(application.get("parallelism").asInt()),
        Optional.empty(),
        false,
        Map.of(),
        Optional.empty());
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private void run(int rounds) {
    List<Double> platform = new ArrayList<>();
    List<Double> direct = new ArrayList<>();
    try {
      for (int round = 1; round <= rounds; round++) {
        // Alternate which side goes first, so that both meet the same states of the machine.
        if (round % 2 == 1) {
          platform.add(platform(round).wordsPerSecond());
          direct.add(direct(round).wordsPerSecond());
        } else {
          direct.add(direct(round).wordsPerSecond());
          platform.add(platform(round).wordsPerSecond());
        }
      }
    } finally {
      try {
        stopRunning.ifPresent(Runnable::run);
      } catch (RuntimeException e) {
        ClusterReadyBench.say("clean-up: cannot stop the running job: " + e);
      }
    }
    double p = ClusterReadyBench.median(platform);
    double d = ClusterReadyBench.median(direct);
    StringBuilder table =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%n| round | platform words/s | direct words/s | platform / direct |%n"
                    + "|---|---|---|---|%n"));
    for (int i = 0; i < platform.size(); i++) {
      table.append(
          String.format(
              Locale.ROOT,
              "| %d | %,.0f | %,.0f | %.3f |%n",
              i + 1,
              platform.get(i),
              direct.get(i),
              platform.get(i) / direct.get(i)));
    }
    table.append(String.format(Locale.ROOT, "| median | %,.0f | %,.0f | %.3f |%n", p, d, p / d));
    ClusterReadyBench.say(table.toString());
    ClusterReadyBench.say(
        String.format(
            Locale.ROOT,
            "platform / direct (medians): %.3f (goal >= %.2f: %s)",
            p / d,
            GOAL,
            p / d >= GOAL ? "met" : "NOT met"));
  }

  private Measured platform(int round) {
    JsonNode launched = WordCountDemo.launch(tenant, projectPath, rate);
    String path = projectPath + "/applications/" + launched.get("id").asString();
    String jobId = launched.get("flinkJobId").asString();
    stopRunning = Optional.of(() -> killApplication(path));
    checkSameSubmission(launched.get("settings"));
    awaitJobRunning(jobId);
    // The platform's word that the application runs comes a moment after Flink's; the warm-up
    // clock started with Flink's, as on the direct side.
    Measured measured =
        measure(
            "platform",
            round,
            jobId,
            () -> tenant.get(path).get("state").asString().equals("running"));
    killApplication(path);
    stopRunning = Optional.empty();
    return measured;
  }

  private Measured direct(int round) {
    String jobId = flink.runJar(jarId, directRequest);
    stopRunning = Optional.of(() -> cancelJob(jobId));
    awaitJobRunning(jobId);
    Measured measured = measure("direct", round, jobId, () -> true);
    cancelJob(jobId);
    stopRunning = Optional.empty();
    return measured;
  }

  /** Fails unless the platform submitted what the direct side does. */
  private void checkSameSubmission(JsonNode settings) {
    List<String> arguments = new ArrayList<>();
    settings.get("arguments").forEach(argument -> arguments.add(argument.asString()));
    settings
        .get("properties")
        .properties()
        .forEach(
            entry -> {
              arguments.add("--" + entry.getKey());
              arguments.add(entry.getValue().asString());
            });
    int parallelism = settings.get("parallelism").asInt();
    if (!arguments.equals(directRequest.arguments())
        || parallelism != directRequest.parallelism().orElseThrow()) {
      throw new IllegalStateException(
          "the platform launched "
              + arguments
              + " at parallelism "
              + parallelism
              + ", the direct side runs "
              + directRequest.arguments()
              + " at parallelism "
              + directRequest.parallelism().orElseThrow());
    }
  }

  /**
   * Reads the gauge once a second from the job's start: the delta between the read at the end of
   * the warm-up and the read {@code measure} later, over the time between the two.
   */
  private Measured measure(String side, int round, String jobId, BooleanSupplier ready) {
    long running = System.nanoTime();
    OperatorMetric gauge = gauge(jobId, running);
    long second = Duration.ofSeconds(1).toNanos();
    long firstTick = warmUp.toSeconds();
    for (long tick = 1; tick < firstTick; tick++) {
      // Read through the warm-up as well: Flink fetches metrics from the TaskManagers lazily,
      // when asked, so only a steady reader gets values that are about a second old.
      Processes.sleepUntil(running + tick * second);
      gauge.sum(flink);
    }
    if (!ready.getAsBoolean()) {
      throw new IllegalStateException(side + ": the application is not running after the warm-up");
    }
    Processes.sleepUntil(running + firstTick * second);
    long firstWords = gauge.sum(flink);
    long firstTime = System.nanoTime();
    CpuWindow cpu = CpuWindow.start(watched);
    long lastWords = firstWords;
    long lastTime = firstTime;
    for (long tick = firstTick + 1; tick <= firstTick + measure.toSeconds(); tick++) {
      Processes.sleepUntil(running + tick * second);
      lastWords = gauge.sum(flink);
      lastTime = System.nanoTime();
    }
    Map<String, Double> cpuPercent = cpu.percent();
    FlinkJobDetails job = flink.job(jobId);
    if (!job.state().equals("RUNNING") || lastWords <= firstWords) {
      throw new IllegalStateException(
          side
              + ": job "
              + jobId
              + " is "
              + job.state()
              + " after the measurement, words counted "
              + firstWords
              + " -> "
              + lastWords);
    }
    double seconds = (lastTime - firstTime) / 1e9;
    Measured measured =
        new Measured(
            (lastWords - firstWords) / seconds,
            lastWords - firstWords,
            seconds,
            cpuPercent,
            Machine.loadAverage());
    ClusterReadyBench.say(
        String.format(
            Locale.ROOT,
            "round %d %-8s job %s: %,d words in %.2f s = %,.0f words/s (%,d counted in all);"
                + " CPU%s; load average %s",
            round,
            side,
            jobId,
            measured.words(),
            measured.seconds(),
            measured.wordsPerSecond(),
            lastWords,
            CpuWindow.describe(cpuPercent),
            measured.loadAverage()));
    return measured;
  }

  /** The job's gauge ({@code <subtask>.count.wordsCounted}); Flink's first answers can be empty. */
  private OperatorMetric gauge(String jobId, long since) {
    OperatorMetric gauge =
        Processes.await(
            "the job's " + GAUGE_SUFFIX + " gauge",
            STATE_TIMEOUT,
            () -> OperatorMetric.find(flink, jobId, GAUGE_SUFFIX));
    if (System.nanoTime() - since > warmUp.toNanos() / 2) {
      throw new IllegalStateException(
          "the gauge appeared only after half of the warm-up: make --warm-up-seconds longer");
    }
    return gauge;
  }

  private void awaitJobRunning(String jobId) {
    awaitUntil(
        "job " + jobId + " RUNNING",
        () -> flink.findJob(jobId).map(job -> job.state().equals("RUNNING")).orElse(false));
  }

  private void killApplication(String path) {
    String state = tenant.get(path).get("state").asString();
    if (!state.equals("killed") && !state.equals("failed")) {
      tenant.post(path + "/kill", Map.of(), 202);
    }
    awaitUntil(path + " killed", () -> tenant.get(path).get("state").asString().equals("killed"));
    awaitSlotsFree();
  }

  private void cancelJob(String jobId) {
    if (!flink.job(jobId).isGloballyTerminal()) {
      flink.cancel(jobId);
    }
    awaitUntil("job " + jobId + " CANCELED", () -> flink.job(jobId).state().equals("CANCELED"));
    awaitSlotsFree();
  }

  private void awaitSlotsFree() {
    awaitUntil(
        "every task slot free",
        () -> {
          FlinkOverview overview = flink.overview();
          return overview.slotsAvailable() == overview.slotsTotal() && overview.jobsRunning() == 0;
        });
  }

  private static void awaitUntil(String what, BooleanSupplier done) {
    Processes.awaitUntil(what, STATE_TIMEOUT, done);
  }
}
