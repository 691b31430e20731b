package io.bdpaas.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * The API's list endpoints under load: a server whose database holds {@code --clusters} clusters
 * (10,000 by default: one real cluster of the hello product, created, made ready and destroyed
 * through the API, then copied row by row into the database), driven by {@code --connections}
 * concurrent clients (200) each sending requests back to back. For each endpoint, after a warm-up:
 * requests per second, p50 and p99 latency and errors; {@code GET /api/v1/me} (a token check and
 * one user read) is the yardstick, measured on the same server in the same run, and the ratio of
 * the clusters list (page of 50) to it is the figure of merit. Also the server's resident memory.
 * Not a test: run it with {@code bench/run-api-list.sh}.
 */
public final class ApiListBench {
  private ApiListBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    int clusters = Integer.parseInt(options.getOrDefault("clusters", "10000"));
    int connections = Integer.parseInt(options.getOrDefault("connections", "200"));
    Duration warmUp =
        Duration.ofSeconds(Long.parseLong(options.getOrDefault("warm-up-seconds", "10")));
    Duration measure = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "20")));
    Path work = Files.createTempDirectory("bdpaas-api-bench-").toRealPath();
    Processes processes = new Processes(work.toString());
    Runtime.getRuntime().addShutdownHook(new Thread(processes::sweep, "api-bench-cleanup"));
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
      String template = realCluster(server);
      seed(databaseUrl, template, clusters - 1);
      ClusterReadyBench.say(
          String.format(
              Locale.ROOT,
              "database: %d clusters (1 real, %d copies) in %.1f s",
              clusters,
              clusters - 1,
              (System.nanoTime() - seedStart) / 1e9));
      String token = server.api.token();
      HttpClient client =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(10))
              .executor(Executors.newFixedThreadPool(8, ApiListBench::daemon))
              .build();
      List<String> paths =
          List.of(
              "/api/v1/me",
              "/api/v1/clusters?size=50",
              "/api/v1/clusters?size=1",
              "/api/v1/clusters?size=500",
              "/api/v1/me");
      Map<String, Result> results =
          measure(client, server.port, token, paths, connections, warmUp, measure);
      printTable(results);
      ClusterReadyBench.say("");
      ClusterReadyBench.say(
          "server resident memory: "
              + Machine.residentKb(server.pid()).orElse(-1) / 1024
              + " MiB (peak "
              + Machine.peakResidentKb(server.pid()).orElse(-1) / 1024
              + " MiB); "
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

  /**
   * Each path under load after its own warm-up; a path listed twice keeps its better window (the
   * first is often still warming up the server).
   */
  static Map<String, Result> measure(
      HttpClient client,
      int port,
      String token,
      List<String> paths,
      int connections,
      Duration warmUp,
      Duration measure)
      throws InterruptedException {
    Map<String, Result> results = new LinkedHashMap<>();
    for (String path : paths) {
      run(client, port, token, path, connections, warmUp); // warm-up, not counted
      Result result = run(client, port, token, path, connections, measure);
      results.merge(path, result, (first, second) -> first.rate >= second.rate ? first : second);
      ClusterReadyBench.say("  " + path + ": " + result);
    }
    return results;
  }

  /** The results as a Markdown table, with each rate as a fraction of {@code GET /api/v1/me}'s. */
  static void printTable(Map<String, Result> results) {
    double me = results.get("/api/v1/me").rate;
    ClusterReadyBench.say("");
    ClusterReadyBench.say(
        "| endpoint | requests/s | p50 ms | p99 ms | errors | / `GET /api/v1/me` |");
    ClusterReadyBench.say("|---|---|---|---|---|---|");
    for (Map.Entry<String, Result> entry : results.entrySet()) {
      Result r = entry.getValue();
      ClusterReadyBench.say(
          String.format(
              Locale.ROOT,
              "| `GET %s` | %.0f | %.1f | %.1f | %d | %.2f |",
              entry.getKey(),
              r.rate,
              r.p50Millis,
              r.p99Millis,
              r.errors,
              r.rate / me));
    }
  }

  /** Creates a hello cluster, waits until it is ready, destroys it; returns its id. */
  private static String realCluster(ServerProcess server) {
    JsonNode created =
        server.api.post(
            "/api/v1/clusters", Map.of("product", "hello", "version", "1.0.0", "size", 2), 202);
    String id = created.get("id").asString();
    await(server, id, "ready");
    server.api.delete("/api/v1/clusters/" + id);
    await(server, id, "destroyed");
    return id;
  }

  private static void await(ServerProcess server, String id, String status) {
    server.api.awaitClusterStatus(id, status, Duration.ofMinutes(3), 200);
  }

  /** Copies the destroyed cluster's row {@code copies} times, with new ids, names and times. */
  private static void seed(String url, String template, int copies) throws SQLException {
    Instant base = Instant.now().minus(Duration.ofDays(30));
    try (Connection db = DriverManager.getConnection(url, "sa", "")) {
      RowCopies.copy(
          db,
          "clusters",
          template,
          copies,
          (column, n, original) ->
              switch (column) {
                case "id" -> String.format(Locale.ROOT, "c-b%07d", n);
                case "name" -> "bench-" + n;
                case "created_at", "updated_at", "status_changed_at" ->
                    java.sql.Timestamp.from(base.plusSeconds(n));
                default -> original;
              });
    }
  }

  record Result(double rate, double p50Millis, double p99Millis, long errors, long requests) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%.0f req/s, p50 %.1f ms, p99 %.1f ms, %d errors, %d requests",
          rate,
          p50Millis,
          p99Millis,
          errors,
          requests);
    }
  }

  /** {@code connections} clients sending GETs back to back for {@code duration}. */
  static Result run(
      HttpClient client, int port, String token, String path, int connections, Duration duration)
      throws InterruptedException {
    return run(
        client, get(URI.create("http://127.0.0.1:" + port + path), token), connections, duration);
  }

  /** A GET with a bearer, as the clients of these benchmarks send. */
  static HttpRequest get(URI uri, String bearer) {
    return HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + bearer)
        .GET()
        .build();
  }

  /** {@code connections} clients sending {@code request} back to back for {@code duration}. */
  static Result run(HttpClient client, HttpRequest request, int connections, Duration duration)
      throws InterruptedException {
    ExecutorService threads = Executors.newFixedThreadPool(connections, ApiListBench::daemon);
    long[][] latencies = new long[connections][];
    int[] counts = new int[connections];
    AtomicLong errors = new AtomicLong();
    CountDownLatch done = new CountDownLatch(connections);
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    for (int c = 0; c < connections; c++) {
      int index = c;
      threads.execute(
          () -> {
            long[] mine = new long[1024];
            int count = 0;
            try {
              while (System.nanoTime() < end) {
                long sent = System.nanoTime();
                try {
                  HttpResponse<Void> response =
                      client.send(request, HttpResponse.BodyHandlers.discarding());
                  if (response.statusCode() != 200) {
                    errors.incrementAndGet();
                  }
                } catch (IOException e) {
                  errors.incrementAndGet();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                if (count == mine.length) {
                  mine = Arrays.copyOf(mine, count * 2);
                }
                mine[count++] = System.nanoTime() - sent;
              }
            } finally {
              latencies[index] = mine;
              counts[index] = count;
              done.countDown();
            }
          });
    }
    done.await();
    double seconds = (System.nanoTime() - start) / 1e9;
    threads.shutdown();
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int offset = 0;
    for (int c = 0; c < connections; c++) {
      System.arraycopy(latencies[c], 0, all, offset, counts[c]);
      offset += counts[c];
    }
    Arrays.sort(all);
    return new Result(
        total / seconds,
        total == 0 ? Double.NaN : all[(int) (total * 0.50)] / 1e6,
        total == 0 ? Double.NaN : all[Math.min(total - 1, (int) (total * 0.99))] / 1e6,
        errors.get(),
        total);
  }

  /** Client threads never keep the benchmark's JVM alive once it has printed its results. */
  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "api-bench-client");
    thread.setDaemon(true);
    return thread;
  }
}
