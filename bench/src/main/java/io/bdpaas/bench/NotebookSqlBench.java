package io.bdpaas.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.connect.SparkSession;
import scala.runtime.BoxedUnit;
import tools.jackson.databind.JsonNode;

/**
 * An SQL paragraph's round trip through the platform against the same query sent by a Spark Connect
 * client directly, on one warm Spark project, alternating in blocks in one run.
 *
 * <p>Direct side: the official JVM client ({@code spark-connect-client-jvm}) connected to the
 * project's Connect server with the project's token ({@code GET /api/v1/projects/{id}/connect}),
 * timing {@code spark.sql(query).collectAsList()}. Platform side: a notebook with one SQL paragraph
 * holding the same query; the clock runs from {@code POST .../paragraphs/{pid}/run?wait=30} until
 * its answer, which carries the first page of rows, is in hand (or, with {@code --poll-ms=N}, from
 * {@code POST .../run} through polling {@code GET .../run} every N ms to {@code GET .../result}).
 * Both sides are warmed up ({@code --warm-up}, 1500 each: the control plane's steady state, its run
 * path and Connect client compiled), then {@code --iterations} (300) each are measured, in blocks
 * of {@code --block} (20) whose order rotates, so both share the machine's noise. Prints
 * p50/p95/p99 of each side, the ratio of the p50s, and where the platform's time goes by its own
 * clock. A third side, measured the same way but no part of the goal, sends from this client the
 * engine calls the platform's runner makes for a paragraph, to tell the engine's share of the
 * platform's time from the platform's own. Not a test: run it with {@code
 * bench/run-notebook-sql.sh}.
 */
public final class NotebookSqlBench {
  private static final String USAGE =
      "--repo=<checkout> [--warm-up=1500] [--iterations=300] [--block=20] [--poll-ms=0]"
          + " [--sql=<query>] [--keep=true]";

  /** NotebookRunner.MAX_ROWS: the runner reads at most this many rows of a result. */
  private static final int RUNNER_MAX_ROWS = 100_000;

  private final Api tenant;
  private final SparkSession spark;
  private final String query;
  private final String paragraph;
  private final long pollMillis;
  private String expected;

  private NotebookSqlBench(
      Api tenant, SparkSession spark, String query, String paragraph, long pollMillis) {
    this.tenant = tenant;
    this.spark = spark;
    this.query = query;
    this.paragraph = paragraph;
    this.pollMillis = pollMillis;
  }

  /** The platform's round trip and its parts, in milliseconds. */
  record PlatformRun(
      double roundTrip,
      double post,
      double queuedToStarted,
      double startedToFinished,
      double result,
      int polls) {}

  /** Samples of one phase (warm-up or measured). */
  private static final class Samples {
    final List<Double> direct = new ArrayList<>();
    final List<Double> runnerCalls = new ArrayList<>();
    final List<PlatformRun> platform = new ArrayList<>();
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = ClusterReadyBench.options(args, USAGE);
    int warmUp = Integer.parseInt(options.getOrDefault("warm-up", "1500"));
    int iterations = Integer.parseInt(options.getOrDefault("iterations", "300"));
    int block = Integer.parseInt(options.getOrDefault("block", "20"));
    long pollMillis = Long.parseLong(options.getOrDefault("poll-ms", "0"));
    String query = options.getOrDefault("sql", "SELECT sum(id) AS total FROM range(1000)");
    Path work = Files.createTempDirectory("bdpaas-notebook-bench-").toRealPath();
    // Tenants' accounts (when the platform runs as root) pass through to their clusters' folders.
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx--x--x"));
    Processes processes = new Processes(work.toString());
    Runtime.getRuntime().addShutdownHook(new Thread(processes::sweep, "notebook-bench-cleanup"));
    int status = 0;
    ClusterReadyBench.say("machine: " + Machine.describe());
    ClusterReadyBench.say("load average at start: " + Machine.loadAverage());
    ClusterReadyBench.Created project = null;
    SparkSession spark = null;
    try (ServerProcess server =
        ServerProcess.start(
            ServerProcess.serverJar(options),
            ServerProcess.runtimeDir(options),
            work.resolve("server-data"),
            work.resolve("server.log"),
            processes,
            Duration.ofMinutes(3))) {
      ClusterReadyBench.say(
          String.format(
              Locale.ROOT,
              "server: pid %d, process start -> readiness UP %.2f s",
              server.pid(),
              server.readySeconds));
      try {
        Api tenant = server.api.newUser("notebook-user", "user-" + server.password);
        long start = System.nanoTime();
        // The same project as bench/run-project-ready.sh creates.
        JsonNode created =
            tenant.post(
                "/api/v1/projects", ClusterReadyBench.Product.of("spark-project").request(), 202);
        String projectPath = "/api/v1/projects/" + created.get("id").asString();
        project =
            new ClusterReadyBench.Created(
                tenant,
                ClusterReadyBench.Resource.PROJECT,
                projectPath,
                created.get("clusterId").asString());
        tenant.awaitStatus(projectPath, "ready", Duration.ofMinutes(5), 500);
        ClusterReadyBench.say(
            String.format(
                Locale.ROOT,
                "project %s ready in %.1f s",
                projectPath,
                (System.nanoTime() - start) / 1e9));
        JsonNode connect = tenant.get(projectPath + "/connect");
        spark =
            SparkSession.builder()
                .remote(
                    connect.get("url").asString() + "/;token=" + connect.get("token").asString())
                .create();
        String notebooks = projectPath + "/notebooks";
        String notebook = tenant.post(notebooks, Map.of("name", "bench"), 201).get("id").asString();
        JsonNode paragraphs =
            tenant
                .post(
                    notebooks + "/" + notebook + "/paragraphs",
                    Map.of("kind", "sql", "text", query),
                    201)
                .get("paragraphs");
        String paragraph =
            notebooks
                + "/"
                + notebook
                + "/paragraphs/"
                + paragraphs.get(paragraphs.size() - 1).get("id").asString();
        ClusterReadyBench.say(
            "query: "
                + query
                + "; the platform's client "
                + (pollMillis == 0
                    ? "sends POST " + paragraph + "/run?wait=30 (answered at the end, with rows)"
                    : "polls " + paragraph + "/run every " + pollMillis + " ms"));
        new NotebookSqlBench(tenant, spark, query, paragraph, pollMillis)
            .run(warmUp, iterations, block);
      } catch (Exception e) {
        ClusterReadyBench.say("BENCHMARK FAILED: " + e);
        e.printStackTrace(System.out);
        status = 1;
      } finally {
        if (spark != null) {
          spark.close();
        }
        if (project != null) {
          try {
            project.delete(Duration.ofMinutes(2));
            ClusterReadyBench.say("project deleted, its cluster destroyed, its processes gone");
          } catch (RuntimeException e) {
            ClusterReadyBench.say("clean-up: cannot delete " + project.path() + ": " + e);
            status = 1;
          }
        }
      }
    } finally {
      ClusterReadyBench.say(processes.sweepReport());
    }
    if (options.containsKey("keep")) {
      ClusterReadyBench.say("kept " + work);
    } else {
      ClusterReadyBench.deleteTree(work);
    }
    ClusterReadyBench.say("load average at end: " + Machine.loadAverage());
    // The Connect client's gRPC threads would keep this JVM alive.
    System.exit(status);
  }

  private void run(int warmUp, int iterations, int block) {
    long start = System.nanoTime();
    phase(warmUp, block);
    ClusterReadyBench.say(
        String.format(
            Locale.ROOT,
            "warm-up: %d round trips per side in %.1f s; load average %s",
            warmUp,
            (System.nanoTime() - start) / 1e9,
            Machine.loadAverage()));
    start = System.nanoTime();
    Samples measured = phase(iterations, block);
    ClusterReadyBench.say(
        String.format(
            Locale.ROOT,
            "measured: %d round trips per side in blocks of %d in %.1f s; load average %s",
            iterations,
            block,
            (System.nanoTime() - start) / 1e9,
            Machine.loadAverage()));
    report(measured);
  }

  /**
   * {@code count} round trips per side, in blocks of {@code block}; which side goes first rotates
   * from block to block.
   */
  private Samples phase(int count, int block) {
    Samples samples = new Samples();
    List<Runnable> sides =
        List.of(
            () -> samples.direct.add(direct()),
            () -> samples.platform.add(platformRoundTrip()),
            () -> samples.runnerCalls.add(runnerCalls()));
    for (int done = 0, index = 0; done < count; done += block, index++) {
      int size = Math.min(block, count - done);
      for (int side = 0; side < sides.size(); side++) {
        Runnable roundTrip = sides.get((index + side) % sides.size());
        for (int i = 0; i < size; i++) {
          roundTrip.run();
        }
      }
    }
    return samples;
  }

  /** The query as a user's client sends it. */
  private double direct() {
    long start = System.nanoTime();
    List<Row> rows = spark.sql(query).collectAsList();
    double millis = (System.nanoTime() - start) / 1e6;
    check("direct", String.valueOf(rows.get(0).get(0)));
    return millis;
  }

  /**
   * Not a goal, a diagnosis: the engine call the platform's runner makes for a paragraph whose last
   * statement is a query (NotebookRunner.execute: one plan, {@code Limit(MAX_ROWS + 1)} over the
   * {@code SQL} relation, read with {@code toLocalIterator()}, the columns taken from the first
   * row), sent by this client, without the platform's HTTP, queue, database and result files.
   */
  private double runnerCalls() {
    long start = System.nanoTime();
    Dataset<Row> dataset =
        spark.newDataFrame(
            relation -> {
              relation
                  .getLimitBuilder()
                  .setLimit(RUNNER_MAX_ROWS + 1)
                  .getInputBuilder()
                  .getSqlBuilder()
                  .setQuery(query);
              return BoxedUnit.UNIT;
            });
    Iterator<Row> rows = dataset.toLocalIterator();
    Object first = rows.next().get(0);
    while (rows.hasNext()) {
      rows.next();
    }
    double millis = (System.nanoTime() - start) / 1e6;
    check("runner's calls", String.valueOf(first));
    return millis;
  }

  /**
   * One request: {@code POST .../run?wait=30} answers when the run ends, with the first page of its
   * rows, as a statement-execution API does.
   */
  private PlatformRun platformRoundTripWaiting() {
    long start = System.nanoTime();
    JsonNode run = tenant.post(paragraph + "/run?wait=30", Map.of(), 200);
    long end = System.nanoTime();
    if (!run.get("status").asString().equals("finished")) {
      throw new IllegalStateException("the run did not finish: " + run);
    }
    check("platform", run.get("result").get("rows").get(0).get(0).asString());
    Instant queued = Instant.parse(run.get("queuedAt").asString());
    Instant started = Instant.parse(run.get("startedAt").asString());
    Instant finished = Instant.parse(run.get("finishedAt").asString());
    return new PlatformRun(
        (end - start) / 1e6,
        (end - start) / 1e6,
        Duration.between(queued, started).toNanos() / 1e6,
        Duration.between(started, finished).toNanos() / 1e6,
        0,
        0);
  }

  private PlatformRun platformRoundTrip() {
    if (pollMillis == 0) {
      return platformRoundTripWaiting();
    }
    long start = System.nanoTime();
    String runId = tenant.post(paragraph + "/run", Map.of(), 202).get("runId").asString();
    double post = (System.nanoTime() - start) / 1e6;
    int polls = 0;
    JsonNode run;
    while (true) {
      // --poll-ms=0: the client waits for the end (GET run?wait=), as the console could.
      run = tenant.get(paragraph + (pollMillis == 0 ? "/run?wait=30" : "/run"));
      polls++;
      String status = run.get("status").asString();
      if (!run.get("runId").asString().equals(runId)) {
        throw new IllegalStateException("the paragraph's last run is not " + runId + ": " + run);
      }
      if (status.equals("finished")) {
        break;
      }
      if (!status.equals("queued") && !status.equals("running")) {
        throw new IllegalStateException("run " + runId + " is " + status + ": " + run);
      }
      Processes.sleep(Math.max(pollMillis, 1));
    }
    long resultStart = System.nanoTime();
    JsonNode result = tenant.get(paragraph + "/result");
    long end = System.nanoTime();
    check("platform", result.get("rows").get(0).get(0).asString());
    Instant queued = Instant.parse(run.get("queuedAt").asString());
    Instant started = Instant.parse(run.get("startedAt").asString());
    Instant finished = Instant.parse(run.get("finishedAt").asString());
    return new PlatformRun(
        (end - start) / 1e6,
        post,
        Duration.between(queued, started).toNanos() / 1e6,
        Duration.between(started, finished).toNanos() / 1e6,
        (end - resultStart) / 1e6,
        polls);
  }

  /** Both sides must answer the same value. */
  private void check(String side, String value) {
    if (expected == null) {
      expected = value;
      ClusterReadyBench.say("result: " + value);
    } else if (!expected.equals(value)) {
      throw new IllegalStateException(side + " answered " + value + ", not " + expected);
    }
  }

  private void report(Samples samples) {
    List<Double> platform = samples.platform.stream().map(PlatformRun::roundTrip).toList();
    ClusterReadyBench.say("");
    ClusterReadyBench.say("| side | n | p50 ms | p95 ms | p99 ms | mean ms | min ms |");
    ClusterReadyBench.say("|---|---|---|---|---|---|---|");
    row("direct: Spark Connect client, `sql(...).collectAsList()`", samples.direct);
    row("platform: notebook paragraph, POST run -> result", platform);
    row(
        "(diagnosis) this client making the runner's call: Limit(SQL) as one plan, toLocalIterator",
        samples.runnerCalls);
    double ratio = percentile(platform, 50) / percentile(samples.direct, 50);
    ClusterReadyBench.say("");
    ClusterReadyBench.say(
        String.format(
            Locale.ROOT,
            "platform / direct (p50): %.2f (goal <= 1.10: %s); platform p50 %.1f ms (goal < 100"
                + " ms: %s); the platform's client %s",
            ratio,
            ratio <= 1.10 ? "met" : "NOT met",
            percentile(platform, 50),
            percentile(platform, 50) < 100 ? "met" : "NOT met",
            pollMillis == 0 ? "sent POST run?wait=" : "polled every " + pollMillis + " ms"));
    ClusterReadyBench.say(
        String.format(
            Locale.ROOT,
            "platform's parts (p50): POST run answered %.1f ms; queued -> started %.1f ms and"
                + " started -> finished %.1f ms (the server's clock); GET result %.1f ms; %.0f"
                + " polls of GET run per round trip",
            percentile(samples.platform.stream().map(PlatformRun::post).toList(), 50),
            percentile(samples.platform.stream().map(PlatformRun::queuedToStarted).toList(), 50),
            percentile(samples.platform.stream().map(PlatformRun::startedToFinished).toList(), 50),
            percentile(samples.platform.stream().map(PlatformRun::result).toList(), 50),
            percentile(samples.platform.stream().map(run -> (double) run.polls()).toList(), 50)));
  }

  private static void row(String side, List<Double> millis) {
    ClusterReadyBench.say(
        String.format(
            Locale.ROOT,
            "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f |",
            side,
            millis.size(),
            percentile(millis, 50),
            percentile(millis, 95),
            percentile(millis, 99),
            millis.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
            millis.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN)));
  }

  /** The nearest-rank percentile. */
  static double percentile(List<Double> values, double percent) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(percent / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }
}
