package io.bdpaas.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The control plane as an operator starts it ({@code java -jar bdpaas-server.jar ...}), timed from
 * the moment the process is started until {@code /actuator/health/readiness} answers 200 (UP).
 */
final class ServerProcess implements AutoCloseable {
  private static final Pattern STARTED =
      Pattern.compile("Started (\\S+) in ([0-9.]+) seconds \\(process running for ([0-9.]+)\\)");

  final Process process;
  final int port;
  final Path log;
  final String password;
  final Api api;

  /** Process start → readiness UP, as seen by the client polling every 20 ms. */
  final double readySeconds;

  /** Spring's own "Started ... in X seconds (process running for Y)" line. */
  final String springStartedLine;

  final double springStartedSeconds;
  final double springProcessRunningSeconds;

  private ServerProcess(
      Process process,
      int port,
      Path log,
      String password,
      Api api,
      double readySeconds,
      String springStartedLine,
      double springStartedSeconds,
      double springProcessRunningSeconds) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.password = password;
    this.api = api;
    this.readySeconds = readySeconds;
    this.springStartedLine = springStartedLine;
    this.springStartedSeconds = springStartedSeconds;
    this.springProcessRunningSeconds = springProcessRunningSeconds;
  }

  static ServerProcess start(
      Path jar, Path runtimeDir, Path dataDir, Path log, Processes processes, Duration timeout)
      throws IOException {
    return start(jar, runtimeDir, dataDir, log, processes, timeout, List.of());
  }

  /** A new data directory, with more settings ({@code --bdpaas.<key>=<value>}) for the server. */
  static ServerProcess start(
      Path jar,
      Path runtimeDir,
      Path dataDir,
      Path log,
      Processes processes,
      Duration timeout,
      List<String> extraArguments)
      throws IOException {
    byte[] random = new byte[9];
    new SecureRandom().nextBytes(random);
    return start(
        jar,
        runtimeDir,
        dataDir,
        log,
        processes,
        timeout,
        "bench-" + HexFormat.of().formatHex(random),
        extraArguments);
  }

  /** With the admin password of an existing data directory (a restart), or for a new one. */
  static ServerProcess start(
      Path jar,
      Path runtimeDir,
      Path dataDir,
      Path log,
      Processes processes,
      Duration timeout,
      String password)
      throws IOException {
    return start(jar, runtimeDir, dataDir, log, processes, timeout, password, List.of());
  }

  /** The same, with more settings ({@code --bdpaas.<key>=<value>}) for the server. */
  static ServerProcess start(
      Path jar,
      Path runtimeDir,
      Path dataDir,
      Path log,
      Processes processes,
      Duration timeout,
      String password,
      List<String> extraArguments)
      throws IOException {
    int port = freePort();
    Files.createDirectories(dataDir);
    // The very same jar, under a name of its own: a colleague's "pkill -f bdpaas-server.jar"
    // elsewhere on a shared machine must not hit this benchmark's server.
    Path copy = dataDir.getParent().resolve("control-plane.jar");
    if (!Files.exists(copy)) {
      Files.copy(jar, copy);
    }
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Machine.javaExecutable().toString(),
                "-jar",
                copy.toString(),
                "--bdpaas.port=" + port,
                "--bdpaas.data-dir=" + dataDir.toAbsolutePath(),
                "--bdpaas.admin.password=" + password,
                "--bdpaas.runtime-dir=" + runtimeDir.toAbsolutePath()));
    command.addAll(extraArguments);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dataDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.startsWith("BDPAAS_"));
    Api api = new Api(port);
    long start = System.nanoTime();
    Process process = builder.start();
    long deadline = start + timeout.toNanos();
    while (api.probe("/actuator/health/readiness") != 200) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the server exited with " + process.exitValue() + "; see " + log);
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new IllegalStateException("the server was not ready in " + timeout + "; see " + log);
      }
      Processes.sleep(20);
    }
    double ready = (System.nanoTime() - start) / 1e9;
    String line = "";
    double started = Double.NaN;
    double running = Double.NaN;
    for (int i = 0; i < 100 && line.isEmpty(); i++) {
      Matcher matcher = STARTED.matcher(Files.readString(log));
      if (matcher.find()) {
        line = matcher.group();
        started = Double.parseDouble(matcher.group(2));
        running = Double.parseDouble(matcher.group(3));
      } else {
        Processes.sleep(50);
      }
    }
    ServerProcess server =
        new ServerProcess(process, port, log, password, api, ready, line, started, running);
    api.token(api.login("admin", password));
    return server;
  }

  long pid() {
    return process.pid();
  }

  /** SIGTERM (Spring shuts down gracefully), SIGKILL after 30 s. Cluster nodes are not stopped. */
  @Override
  public void close() {
    Processes.stopTrees(List.of(process.toHandle()), Duration.ofSeconds(30));
  }

  /** bdpaas-server/target/bdpaas-server.jar of the checkout given as --repo. */
  static Path serverJar(Map<String, String> options) {
    return Path.of(options.get("repo"), "bdpaas-server", "target", "bdpaas-server.jar")
        .toAbsolutePath();
  }

  /** bdpaas-runtime/target/runtime of the checkout given as --repo. */
  static Path runtimeDir(Map<String, String> options) {
    return Path.of(options.get("repo"), "bdpaas-runtime", "target", "runtime").toAbsolutePath();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
