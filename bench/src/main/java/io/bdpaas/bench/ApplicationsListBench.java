package io.bdpaas.bench;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;

/**
 * The all-applications list and the overview with {@code --applications} applications in the
 * database (1,000 by default: half Spark job runs, half streaming applications). One run and one
 * streaming application are made through the API (on projects stopped at once, each killed), then
 * their rows are copied. {@code --connections} clients (20) send requests back to back; for each
 * endpoint, after a warm-up: requests per second, p50 and p99 latency, errors, and the ratio to
 * {@code GET /api/v1/me} (a token check and one user read) on the same server in the same run.
 * Then, unless {@code --engine-uis=0}, the engine UI proxy's added latency ({@link
 * EngineUiProxyLatency}). Not a test: run it with {@code bench/run-applications-list.sh}.
 */
public final class ApplicationsListBench {
  private ApplicationsListBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    int applications = Integer.parseInt(options.getOrDefault("applications", "1000"));
    int connections = Integer.parseInt(options.getOrDefault("connections", "20"));
    Duration warmUp =
        Duration.ofSeconds(Long.parseLong(options.getOrDefault("warm-up-seconds", "10")));
    Duration measure = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "20")));
    Path work = Files.createTempDirectory("bdpaas-apps-bench-").toRealPath();
    Processes processes = new Processes(work.toString());
    Runtime.getRuntime().addShutdownHook(new Thread(processes::sweep, "apps-bench-cleanup"));
    Path dataDir = work.resolve("server-data");
    String databaseUrl =
        "jdbc:h2:file:" + dataDir.resolve("db").resolve("bdpaas") + ";AUTO_SERVER=TRUE";

    ClusterReadyBench.say("machine: " + Machine.describe());
    ClusterReadyBench.say("load average at start: " + Machine.loadAverage());
    try (ServerProcess server =
        ServerProcess.start(
            ServerProcess.serverJar(options),
            ServerProcess.runtimeDir(options),
            dataDir,
            work.resolve("server.log"),
            processes,
            Duration.ofMinutes(3),
            "bench-admin-password-1",
            List.of("--bdpaas.database.url=" + databaseUrl))) {
      long seedStart = System.nanoTime();
      String run = killedRun(server.api);
      String streamApp = killedStreamApp(server.api);
      seed(databaseUrl, run, streamApp, applications);
      ClusterReadyBench.say(
          String.format(
              Locale.ROOT,
              "database: %d applications (2 real, the rest copies) in %.1f s",
              applications,
              (System.nanoTime() - seedStart) / 1e9));
      JsonNode listed = server.api.get("/api/v1/applications?size=1");
      ClusterReadyBench.say("the list's total: " + listed.get("totalItems").asLong());

      HttpClient client =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(10))
              .executor(Executors.newFixedThreadPool(8, ApplicationsListBench::daemon))
              .build();
      List<String> paths =
          List.of(
              "/api/v1/me",
              "/api/v1/applications?size=50",
              "/api/v1/applications?size=50&sort=name&order=asc",
              "/api/v1/applications?size=50&q=bench-job-77",
              "/api/v1/applications?size=50&type=streaming&phase=killed",
              "/api/v1/overview",
              "/api/v1/me");
      ApiListBench.printTable(
          ApiListBench.measure(
              client, server.port, server.api.token(), paths, connections, warmUp, measure));
      if (!options.getOrDefault("engine-uis", "1").equals("0")) {
        // Under the proxy's limit of requests in flight per user.
        EngineUiProxyLatency.measure(
            server, databaseUrl, Math.min(connections, 8), warmUp, measure);
      }
      ClusterReadyBench.say("");
      ClusterReadyBench.say(
          "server resident memory: "
              + Machine.residentKb(server.pid()).orElse(-1) / 1024
              + " MiB; "
              + connections
              + " connections; load average at end: "
              + Machine.loadAverage());
    } finally {
      processes.sweep();
    }
    if (options.containsKey("keep")) {
      ClusterReadyBench.say("kept " + work);
    } else {
      ClusterReadyBench.deleteTree(work);
    }
  }

  /** A run of a SQL job on a Spark project stopped at once (it waits), then killed. */
  private static String killedRun(Api api) throws InterruptedException {
    String project =
        stoppedProject(
            api, Map.of("name", "bench-jobs", "workers", 1, "workerCores", 1, "connectCores", 1));
    String job =
        api.post(
                "/api/v1/projects/" + project + "/jobs",
                Map.of("name", "bench-job", "definition", Map.of("kind", "sql", "sql", "SELECT 1")),
                201)
            .get("id")
            .asString();
    String run =
        api.post("/api/v1/projects/" + project + "/jobs/" + job + "/runs", Map.of(), 202)
            .get("id")
            .asString();
    return killed(api, run);
  }

  /** A launch of wordcount-demo on a streaming project stopped at once (it waits), then killed. */
  private static String killedStreamApp(Api api) throws InterruptedException {
    String project = stoppedProject(api, Map.of("name", "bench-streams", "kind", "streaming"));
    String app =
        api.post(
                "/api/v1/projects/" + project + "/applications",
                Map.of("packageName", "wordcount-demo"),
                202)
            .get("id")
            .asString();
    return killed(api, app);
  }

  private static String stoppedProject(Api api, Map<String, Object> request) {
    String project = api.post("/api/v1/projects", request, 202).get("id").asString();
    api.post("/api/v1/projects/" + project + "/stop", Map.of(), 200);
    return project;
  }

  private static String killed(Api api, String application) throws InterruptedException {
    api.post("/api/v1/applications/" + application + "/kill", Map.of(), 202);
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (!api.get("/api/v1/applications/" + application)
        .get("phase")
        .asString()
        .equals("killed")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(application + " was not killed within a minute");
      }
      Thread.sleep(200);
    }
    return application;
  }

  /** Half the applications copies of the run, half of the streaming application. */
  private static void seed(String url, String run, String streamApp, int applications)
      throws Exception {
    Instant base = Instant.now().minus(Duration.ofDays(30));
    int runs = applications / 2 - 1;
    int streams = applications - applications / 2 - 1;
    try (Connection db = DriverManager.getConnection(url, "sa", "")) {
      RowCopies.copy(
          db,
          "job_runs",
          run,
          runs,
          (column, n, original) ->
              switch (column) {
                case "id" -> String.format(Locale.ROOT, "r-b%07d", n);
                case "job_name" -> "bench-job-" + n;
                case "created_at", "updated_at", "ended_at" -> Timestamp.from(base.plusSeconds(n));
                default -> original;
              });
      RowCopies.copy(
          db,
          "stream_apps",
          streamApp,
          streams,
          (column, n, original) ->
              switch (column) {
                case "id" -> String.format(Locale.ROOT, "sa-b%07d", n);
                case "application" -> "bench-app-" + n;
                case "flink_job_id" -> String.format(Locale.ROOT, "%032x", n);
                case "created_at", "updated_at", "ended_at" -> Timestamp.from(base.plusSeconds(n));
                default -> original;
              });
    }
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "apps-bench-client");
    thread.setDaemon(true);
    return thread;
  }
}
