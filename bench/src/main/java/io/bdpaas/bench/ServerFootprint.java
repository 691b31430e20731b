package io.bdpaas.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The control plane's own footprint: start-up time (process start → readiness UP, and Spring's
 * "Started ... in X seconds" line) and resident memory (VmRSS) right after start-up and after an
 * idle period with no clusters. Each start uses a fresh data directory (first start: database
 * migrations and the admin account included); the last start is followed by a restart on the same
 * data directory. Not a test: run it with {@code bench/run-server-footprint.sh}.
 */
public final class ServerFootprint {
  private ServerFootprint() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    Path jar = ServerProcess.serverJar(options);
    Path runtimeDir = ServerProcess.runtimeDir(options);
    int starts = Integer.parseInt(options.getOrDefault("starts", "3"));
    int idleSeconds = Integer.parseInt(options.getOrDefault("idle-seconds", "30"));
    Path work = Files.createTempDirectory("bdpaas-footprint-").toRealPath();
    Processes processes = new Processes(work.toString());
    Thread hook = new Thread(() -> processes.sweep(), "footprint-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);

    ClusterReadyBench.say("machine: " + Machine.describe());
    ClusterReadyBench.say("load average at start: " + Machine.loadAverage());
    ClusterReadyBench.say(
        "server: java -jar bdpaas-server.jar (no JVM options, as the README starts it), "
            + idleSeconds
            + " s idle before the idle RSS");
    ClusterReadyBench.say(
        "| start | data dir | process start -> readiness UP (s) | Spring \"Started in\" (s) |"
            + " Spring \"process running for\" (s) | VmRSS at ready (MiB) | VmRSS after "
            + idleSeconds
            + " s idle (MiB) | VmHWM (MiB) | load |");
    ClusterReadyBench.say("|---|---|---|---|---|---|---|---|---|");
    int status = 0;
    List<double[]> rows = new ArrayList<>();
    String lastPassword = null;
    try {
      for (int i = 1; i <= starts + 1; i++) {
        boolean restart = i == starts + 1;
        Path data = work.resolve("data-" + (restart ? starts : i));
        try (ServerProcess server =
            restart
                ? ServerProcess.start(
                    jar,
                    runtimeDir,
                    data,
                    work.resolve("server-" + i + ".log"),
                    processes,
                    Duration.ofMinutes(3),
                    lastPassword)
                : ServerProcess.start(
                    jar,
                    runtimeDir,
                    data,
                    work.resolve("server-" + i + ".log"),
                    processes,
                    Duration.ofMinutes(3))) {
          lastPassword = server.password;
          long atReady = Machine.residentKb(server.pid()).orElse(-1);
          // Idle means idle: no requests at all while waiting.
          Thread.sleep(idleSeconds * 1000L);
          long idle = Machine.residentKb(server.pid()).orElse(-1);
          long peak = Machine.peakResidentKb(server.pid()).orElse(-1);
          if (!server.api.get("/api/v1/clusters").get("items").isEmpty()) {
            throw new IllegalStateException("the server has clusters: not idle");
          }
          rows.add(
              new double[] {
                server.readySeconds, server.springStartedSeconds, idle / 1024.0, restart ? 1 : 0
              });
          ClusterReadyBench.say(
              String.format(
                  Locale.ROOT,
                  "| %d | %s | %.2f | %.3f | %.3f | %.0f | %.0f | %.0f | %s |",
                  i,
                  restart ? "existing (restart)" : "fresh",
                  server.readySeconds,
                  server.springStartedSeconds,
                  server.springProcessRunningSeconds,
                  atReady / 1024.0,
                  idle / 1024.0,
                  peak / 1024.0,
                  Machine.loadAverage()));
        }
      }
      List<Double> ready = rows.stream().filter(r -> r[3] == 0).map(r -> r[0]).toList();
      List<Double> spring = rows.stream().filter(r -> r[3] == 0).map(r -> r[1]).toList();
      List<Double> rss = rows.stream().map(r -> r[2]).toList();
      ClusterReadyBench.say(
          String.format(
              Locale.ROOT,
              "medians (fresh starts): readiness UP %.2f s, Spring \"Started in\" %.3f s;"
                  + " idle VmRSS (all starts) %.0f MiB",
              ClusterReadyBench.median(ready),
              ClusterReadyBench.median(spring),
              ClusterReadyBench.median(rss)));
    } catch (Exception e) {
      ClusterReadyBench.say("BENCHMARK FAILED: " + e);
      e.printStackTrace(System.out);
      status = 1;
    } finally {
      ClusterReadyBench.say(processes.sweepReport());
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // killed meanwhile: the hook runs the same clean-up
      }
      try (Stream<Path> walk = Files.walk(work)) {
        for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
    ClusterReadyBench.say("load average at end: " + Machine.loadAverage());
    System.exit(status);
  }
}
