package io.bdpaas.bench;

import io.bdpaas.engine.flink.FlinkClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The streaming monitor's two costs of issue 10, on one streaming project in one run, each against
 * the raw engine measured in the same run: how fresh the numbers of the monitor API are, and what
 * the control plane's CPU pays to keep and serve them for 20 running applications.
 *
 * <p>The project has two TaskManagers with enough slots for {@code --apps} demo word counts ({@code
 * wordcount-demo}, parallelism 1, {@code rate} {@code --rate} lines per second), all launched
 * through the platform; the server is started with a core quota and capacity that hold them.
 *
 * <p><b>Freshness</b>, with one application running and again with all of them: every {@code
 * --poll-ms} the bench reads the source's record counter through Flink's REST API (operator metric
 * {@code <subtask>.Source__sentences.numRecordsOut}, what the monitor calls processed) and the
 * monitor API the application's page polls ({@code GET .../applications/{id}/overview}, field
 * {@code processedTotal}). For each new value first seen on Flink at t0, the platform's lag is t1 −
 * t0, t1 being the first read of the platform that shows a value at least as high. The engine's own
 * refresh period is the time between two consecutive new values on Flink. The page adds its own
 * poll period ({@code REFRESH_MS} of {@code streaming.js}) on top.
 *
 * <p><b>CPU</b>, from {@code /proc/<pid>/stat} (user + system) of the control plane this bench
 * started, of the project's JobManager (the engine process serving the same REST data) and
 * TaskManagers, and of the bench itself: with the project ready and no application ({@code
 * --idle-seconds}); then, for {@code --measure-seconds} each, {@code --rounds} times in ABBA order,
 * with every application running and nobody watching (only the platform's own reconciler and
 * sampler read Flink), and with a client polling what as many open monitor pages poll ({@link
 * MonitorPages}). Not a test: run it with {@code bench/run-stream-monitor.sh}.
 */
public final class StreamMonitorBench {
  private static final String USAGE =
      "--repo=<checkout> [--apps=20] [--rate=100] [--idle-seconds=20] [--warm-up-seconds=120]"
          + " [--rounds=2] [--measure-seconds=40] [--freshness-seconds=40] [--alone-seconds=25]"
          + " [--poll-ms=50] [--keep=true]";

  /** StreamAppService.MAX_ACTIVE_PER_PROJECT. */
  private static final int MAX_APPS = 20;

  private static final int WORKERS = 2;
  private static final int WORKER_HEAP_MB = 1024;

  /** The counter the monitor reports as processed: the source operator's records out. */
  private static final String PROCESSED_SUFFIX = ".Source__sentences.numRecordsOut";

  private static final Pattern REFRESH_MS = Pattern.compile("const REFRESH_MS = (\\d+);");
  private static final Duration STATE_TIMEOUT = Duration.ofMinutes(5);

  private final Api tenant;
  private final String projectPath;
  private final FlinkClient flink;
  private final Settings settings;

  /** The processes whose CPU use is measured, by what they are. */
  private final Map<String, Long> watched;

  private StreamMonitorBench(
      Api tenant,
      String projectPath,
      FlinkClient flink,
      Settings settings,
      Map<String, Long> watched) {
    this.tenant = tenant;
    this.projectPath = projectPath;
    this.flink = flink;
    this.settings = settings;
    this.watched = watched;
  }

  /**
   * The run's options.
   *
   * @param pageRefreshMillis how often an open application page polls (REFRESH_MS)
   */
  record Settings(
      int apps,
      int rounds,
      String rate,
      Duration measure,
      Duration freshness,
      Duration alone,
      Duration idle,
      Duration warmUp,
      long pollMillis,
      long pageRefreshMillis) {
    Settings {
      if (apps < 1 || apps > MAX_APPS) {
        throw new IllegalArgumentException(
            "--apps must be from 1 to " + MAX_APPS + " (active applications per project)");
      }
      if (rounds < 1) {
        throw new IllegalArgumentException("--rounds must be at least 1");
      }
    }

    /** Task slots per TaskManager: one per application, spread over the two TaskManagers. */
    int slotsPerWorker() {
      return (apps + WORKERS - 1) / WORKERS;
    }
  }

  /** A launched application: {@code /api/v1/projects/{p}/applications/{id}} and its Flink job. */
  record App(String path, String jobId) {}

  /** A value read at a moment ({@link System#nanoTime}). */
  record Seen(long nanos, long value) {}

  /** One of the platform's samples: when it was taken (server clock) and the counter it read. */
  record Sample(Instant sampledAt, long processed) {
    double seconds() {
      return sampledAt.getEpochSecond() + sampledAt.getNano() / 1e9;
    }

    /** Counter per second between the first and the last sample. */
    static double rate(List<Sample> samples) {
      Sample first = samples.get(0);
      Sample last = samples.get(samples.size() - 1);
      return (last.processed() - first.processed()) / (last.seconds() - first.seconds());
    }

    /**
     * The median of (sampled at − counter / rate): at a steady rate, how old the counter a sample
     * read was when it was sampled, plus a constant (when the counter was 0).
     */
    static double offsetMillis(List<Sample> samples, double rate) {
      List<Double> offsets = new ArrayList<>();
      samples.forEach(sample -> offsets.add(sample.seconds() - sample.processed() / rate));
      double firstOffset = offsets.get(0);
      // Relative to the first, so that the epoch's seconds do not eat the double's precision.
      return percentile(offsets.stream().map(offset -> (offset - firstOffset) * 1000).toList(), 50)
          + firstOffset * 1000;
    }
  }

  /**
   * How much older the platform's samples are when nobody else reads Flink's metrics, from their
   * counters at the source's steady rate: Flink fetches its TaskManagers' metrics when asked (at
   * most once per {@code metrics.fetcher.update-interval}) and answers from what it fetched before.
   *
   * @param engineRate the counter's rate read on Flink during the freshness measurement
   * @param aloneRate the counter's rate in the platform's samples while it read Flink alone
   * @param olderMillis how much older than during the freshness measurement those samples were
   */
  record Ageing(double engineRate, double aloneRate, double olderMillis) {}

  /**
   * One freshness measurement.
   *
   * @param lagMillis per new value on Flink: when the platform first showed it, after Flink
   * @param refreshMillis between consecutive new values on Flink
   * @param sampleMillis between consecutive samples of the platform ({@code sampledAt})
   * @param pollMillis the bench's achieved poll period (both reads)
   * @param unseen new values on Flink the platform had not shown by the end
   * @param ageing what changes when only the platform reads Flink
   */
  record Freshness(
      int applications,
      List<Double> lagMillis,
      List<Double> refreshMillis,
      List<Double> sampleMillis,
      double pollMillis,
      int unseen,
      Ageing ageing) {}

  /** What runs during a CPU window. */
  enum Phase {
    /** The project ready, no application. */
    IDLE,
    /** Every application running, only the platform's own sampler and reconciler reading Flink. */
    UNWATCHED,
    /** The same, with a monitor page open for each application. */
    WATCHED
  }

  /** One CPU window: each watched process's CPU in % of one core. */
  record Window(
      String label,
      Phase phase,
      double seconds,
      Map<String, Double> percent,
      Map<String, Double> compilerPercent,
      String loadAverage) {
    double controlPlane() {
      return percent.get("control plane");
    }

    double jobManager() {
      return percent.get("JobManager");
    }

    /** The control plane's CPU without its JIT compiler threads'. */
    double controlPlaneCompiled() {
      return controlPlane() - compilerPercent.get("control plane");
    }

    /** The JobManager's CPU without its JIT compiler threads'. */
    double jobManagerCompiled() {
      return jobManager() - compilerPercent.get("JobManager");
    }

    double client() {
      return percent.get("benchmark client");
    }

    double taskManagers() {
      return percent.entrySet().stream()
          .filter(entry -> entry.getKey().startsWith("TaskManager"))
          .mapToDouble(Map.Entry::getValue)
          .sum();
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = ClusterReadyBench.options(args, USAGE);
    Path repo = Path.of(options.get("repo"));
    Settings settings =
        new Settings(
            Integer.parseInt(options.getOrDefault("apps", "20")),
            Integer.parseInt(options.getOrDefault("rounds", "2")),
            options.getOrDefault("rate", "100"),
            seconds(options, "measure-seconds", "40"),
            seconds(options, "freshness-seconds", "40"),
            seconds(options, "alone-seconds", "25"),
            seconds(options, "idle-seconds", "20"),
            seconds(options, "warm-up-seconds", "120"),
            Long.parseLong(options.getOrDefault("poll-ms", "50")),
            pageRefreshMillis(repo));
    // Each slot reserves a core, the JobManager half of one: more than a new user's quota and the
    // local backend's capacity ('auto': 4 per processor) hold on a small machine.
    int cores = WORKERS * settings.slotsPerWorker() + 1;
    List<String> serverArguments =
        List.of("--bdpaas.quota.default-cores=" + cores, "--bdpaas.local.cores=" + cores);
    ClusterReadyBench.say(
        String.format(
            Locale.ROOT,
            "%d applications at rate %s lines/s; %d TaskManagers x %d slots; server %s;"
                + " the application page polls every %d ms (REFRESH_MS of streaming.js)",
            settings.apps(),
            settings.rate(),
            WORKERS,
            settings.slotsPerWorker(),
            serverArguments,
            settings.pageRefreshMillis()));
    System.exit(
        ProjectBench.run(
            "monitor",
            options,
            Map.of(
                "name",
                "bench-monitor",
                "kind",
                "streaming",
                "workers",
                WORKERS,
                "workerCores",
                settings.slotsPerWorker(),
                "workerMemoryMb",
                WORKER_HEAP_MB),
            serverArguments,
            project -> {
              Map<String, Long> nodes = project.nodePids();
              ClusterReadyBench.say("nodes " + nodes + ", control plane " + project.serverPid());
              Map<String, Long> watched = new LinkedHashMap<>();
              watched.put("control plane", project.serverPid());
              watched.put("JobManager", pid(nodes, "jobmanager-0"));
              for (int i = 0; i < WORKERS; i++) {
                watched.put("TaskManager " + i, pid(nodes, "taskmanager-" + i));
              }
              watched.put("benchmark client", ProcessHandle.current().pid());
              new StreamMonitorBench(
                      project.tenant(), project.path(), project.flink(), settings, watched)
                  .run();
            }));
  }

  private static Duration seconds(Map<String, String> options, String name, String otherwise) {
    return Duration.ofSeconds(Long.parseLong(options.getOrDefault(name, otherwise)));
  }

  private static long pid(Map<String, Long> nodes, String name) {
    Long pid = nodes.get(name);
    if (pid == null) {
      throw new IllegalStateException("the cluster has no node " + name + ": " + nodes);
    }
    return pid;
  }

  /** REFRESH_MS of the checkout's streaming.js: how often an application's page polls. */
  private static long pageRefreshMillis(Path repo) throws IOException {
    Path script =
        repo.resolve("bdpaas-server/src/main/resources/static/js/streaming.js").toAbsolutePath();
    Matcher matcher = REFRESH_MS.matcher(Files.readString(script));
    if (!matcher.find()) {
      throw new IllegalStateException("no 'const REFRESH_MS = <n>;' in " + script);
    }
    return Long.parseLong(matcher.group(1));
  }

  private void run() {
    List<Window> windows = new ArrayList<>();
    List<Freshness> freshness = new ArrayList<>();
    windows.add(cpu("project ready, no application", Phase.IDLE, settings.idle()));

    List<App> apps = new ArrayList<>();
    apps.add(launch());
    awaitRunning(apps);
    freshness.add(freshness(apps.get(0), apps.size()));

    while (apps.size() < settings.apps()) {
      apps.add(launch());
    }
    awaitRunning(apps);
    long start = System.nanoTime();
    awaitUntil(
        "a rate in the overview of each of " + apps.size() + " applications",
        () ->
            apps.stream()
                .allMatch(
                    app ->
                        !tenant.get(app.path() + "/overview").get("processedPerSecond").isNull()));
    ClusterReadyBench.say(
        String.format(
            Locale.ROOT,
            "the platform's sampler follows all %d applications (%.1f s after the last RUNNING)",
            apps.size(),
            (System.nanoTime() - start) / 1e9));
    // Not counted: what still settles after the launches (deployments, first checkpoints, the
    // JIT of every process, the monitor's request paths in the control plane).
    try (MonitorPages pages = MonitorPages.open(tenant, apps, settings.pageRefreshMillis())) {
      Processes.sleep(settings.warmUp().toMillis());
    }
    ClusterReadyBench.say(
        "warm-up: "
            + apps.size()
            + " monitor pages open for "
            + settings.warmUp().toSeconds()
            + " s (not counted)");

    // Unwatched and watched alternate, the order swapped every round (ABBA...), so that what
    // still settles after the launches weighs on both alike.
    for (int round = 1; round <= settings.rounds(); round++) {
      List<Boolean> order = round % 2 == 1 ? List.of(false, true) : List.of(true, false);
      for (boolean pages : order) {
        windows.add(pages ? watched(apps, round) : unwatched(apps, round));
      }
    }
    freshness.add(freshness(apps.get(0), apps.size()));
    report(freshness, windows);
  }

  private Window unwatched(List<App> apps, int round) {
    return cpu(
        "round " + round + ": " + apps.size() + " applications, nobody watching",
        Phase.UNWATCHED,
        settings.measure());
  }

  private Window watched(List<App> apps, int round) {
    try (MonitorPages pages = MonitorPages.open(tenant, apps, settings.pageRefreshMillis())) {
      // Every page opened and polling at its pace before the window starts.
      Processes.sleep(2 * settings.pageRefreshMillis());
      pages.count(true);
      Window window =
          cpu(
              "round "
                  + round
                  + ": "
                  + apps.size()
                  + " applications, "
                  + apps.size()
                  + " monitor pages open",
              Phase.WATCHED,
              settings.measure());
      pages.count(false);
      ClusterReadyBench.say("  " + pages.describe());
      return window;
    }
  }

  private App launch() {
    JsonNode launched = WordCountDemo.launch(tenant, projectPath, settings.rate());
    return new App(
        projectPath + "/applications/" + launched.get("id").asString(),
        launched.get("flinkJobId").asString());
  }

  /** Until the platform says every one of {@code apps} runs; fails at once when one failed. */
  private void awaitRunning(List<App> apps) {
    long start = System.nanoTime();
    awaitUntil(
        apps.size() + " applications running",
        () -> {
          if (count("failed") > 0) {
            throw new IllegalStateException(
                "an application failed: "
                    + tenant.get(projectPath + "/applications?state=failed&size=1"));
          }
          return count("running") == apps.size();
        });
    ClusterReadyBench.say(
        String.format(
            Locale.ROOT,
            "running: %d of %d applications (%.1f s)",
            apps.size(),
            apps.size(),
            (System.nanoTime() - start) / 1e9));
  }

  private long count(String state) {
    return tenant
        .get(projectPath + "/applications?state=" + state + "&size=1")
        .get("totalItems")
        .asLong();
  }

  private Window cpu(String label, Phase phase, Duration length) {
    CpuWindow window = CpuWindow.start(watched);
    Processes.sleep(length.toMillis());
    Map<String, Double> percent = window.percent();
    Window measured =
        new Window(
            label,
            phase,
            window.seconds(),
            percent,
            window.compilerPercent(percent),
            Machine.loadAverage());
    ClusterReadyBench.say(
        String.format(
            Locale.ROOT,
            "CPU, %s, over %.1f s%s; of which JIT compiler threads%s; load average %s",
            label,
            measured.seconds(),
            CpuWindow.describe(measured.percent()),
            CpuWindow.describe(measured.compilerPercent()),
            measured.loadAverage()));
    return measured;
  }

  /**
   * Reads the source's counter on Flink and the platform's overview every {@code --poll-ms} for
   * {@code --freshness-seconds}, then the platform alone until it shows Flink's last value, then
   * the platform alone for {@code --alone-seconds} more (nobody but the platform reading Flink).
   */
  private Freshness freshness(App app, int applications) {
    OperatorMetric processed =
        Processes.await(
            "the source's " + PROCESSED_SUFFIX + " of job " + app.jobId(),
            STATE_TIMEOUT,
            () -> OperatorMetric.find(flink, app.jobId(), PROCESSED_SUFFIX));
    String overview = app.path() + "/overview";
    awaitUntil("a sample of " + app.path(), () -> !tenant.get(overview).get("sampledAt").isNull());
    List<Seen> engine = new ArrayList<>();
    List<Seen> platform = new ArrayList<>();
    List<Sample> samples = new ArrayList<>();
    long poll = Duration.ofMillis(settings.pollMillis()).toNanos();
    long start = System.nanoTime();
    long end = start + settings.freshness().toNanos();
    long next = start;
    int polls = 0;
    while (System.nanoTime() - end < 0) {
      note(engine, processed.sum(flink));
      readPlatform(overview, platform, samples);
      polls++;
      next += poll;
      Processes.sleepUntil(next);
    }
    double pollMillis = (System.nanoTime() - start) / 1e6 / polls;
    long last = engine.get(engine.size() - 1).value();
    long deadline =
        System.nanoTime() + 3 * Duration.ofMillis(settings.pageRefreshMillis()).toNanos();
    while (platform.get(platform.size() - 1).value() < last && System.nanoTime() - deadline < 0) {
      readPlatform(overview, platform, samples);
      next += poll;
      Processes.sleepUntil(next);
    }
    // Then nobody but the platform reads Flink: its samples are compared with the ones above.
    List<Sample> alone = new ArrayList<>();
    long aloneEnd = System.nanoTime() + settings.alone().toNanos();
    while (System.nanoTime() - aloneEnd < 0) {
      readPlatform(overview, new ArrayList<>(), alone);
      next += poll;
      Processes.sleepUntil(next);
    }

    // The first value was there before the first read: when it appeared is unknown.
    List<Double> lags = new ArrayList<>();
    List<Double> refreshes = new ArrayList<>();
    int unseen = 0;
    for (int i = 1; i < engine.size(); i++) {
      Seen value = engine.get(i);
      if (i + 1 < engine.size()) {
        refreshes.add((engine.get(i + 1).nanos() - value.nanos()) / 1e6);
      }
      Seen shown =
          platform.stream().filter(seen -> seen.value() >= value.value()).findFirst().orElse(null);
      if (shown == null) {
        unseen++;
      } else {
        lags.add((shown.nanos() - value.nanos()) / 1e6);
      }
    }
    List<Double> sampleMillis = new ArrayList<>();
    for (int i = 2; i < samples.size(); i++) {
      sampleMillis.add(
          Duration.between(samples.get(i - 1).sampledAt(), samples.get(i).sampledAt()).toNanos()
              / 1e6);
    }
    Seen first = engine.get(1);
    double rate =
        (last - first.value()) / ((engine.get(engine.size() - 1).nanos() - first.nanos()) / 1e9);
    // The first sample of each list may come from before the list's conditions held.
    Ageing ageing =
        new Ageing(
            rate,
            Sample.rate(alone.subList(2, alone.size())),
            Sample.offsetMillis(alone.subList(2, alone.size()), rate)
                - Sample.offsetMillis(samples.subList(1, samples.size()), rate));
    if (lags.size() < 5) {
      throw new IllegalStateException(
          "only "
              + lags.size()
              + " new values of the counter seen on Flink and the platform: "
              + engine
              + " / "
              + platform);
    }
    Freshness measured =
        new Freshness(applications, lags, refreshes, sampleMillis, pollMillis, unseen, ageing);
    ClusterReadyBench.say(
        String.format(
            Locale.ROOT,
            "freshness, %d application(s) running, %s: %d new values on Flink (%d to %d);"
                + " engine refresh p50 %.0f ms; platform lag p50 %.0f / p95 %.0f / max %.0f ms;"
                + " platform samples every %.0f ms (p50); polled every %.1f ms; %d not shown by"
                + " the end. Then only the platform reading Flink for %d s: its samples %.0f ms"
                + " older (counter rate %.2f/s on Flink, %.2f/s in those samples)",
            applications,
            app.path(),
            engine.size() - 1,
            engine.get(1).value(),
            last,
            percentile(refreshes, 50),
            percentile(lags, 50),
            percentile(lags, 95),
            percentile(lags, 100),
            percentile(sampleMillis, 50),
            pollMillis,
            unseen,
            settings.alone().toSeconds(),
            ageing.olderMillis(),
            ageing.engineRate(),
            ageing.aloneRate()));
    return measured;
  }

  private void readPlatform(String overview, List<Seen> platform, List<Sample> samples) {
    JsonNode numbers = tenant.get(overview);
    long processed = numbers.get("processedTotal").asLong();
    note(platform, processed);
    Instant sampledAt = Instant.parse(numbers.get("sampledAt").asString());
    if (samples.isEmpty() || !samples.get(samples.size() - 1).sampledAt().equals(sampledAt)) {
      samples.add(new Sample(sampledAt, processed));
    }
  }

  /** Adds the value, read now, when it differs from the last one. */
  private static void note(List<Seen> seen, long value) {
    if (seen.isEmpty() || seen.get(seen.size() - 1).value() != value) {
      seen.add(new Seen(System.nanoTime(), value));
    }
  }

  private void report(List<Freshness> freshness, List<Window> windows) {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "%nFreshness of processedTotal (GET .../overview) against the source's numRecordsOut"
                + " on Flink's REST API, ms:%n%n"
                + "| running applications | new values | engine refresh period p50 / p95 / max"
                + " | platform lag p50 / p95 / max | lag / refresh period, p50 | p95 |"
                + " platform sample period p50 | samples older when only the platform reads"
                + " Flink |%n"
                + "|---|---|---|---|---|---|---|---|%n"));
    for (Freshness measured : freshness) {
      double lag50 = percentile(measured.lagMillis(), 50);
      double lag95 = percentile(measured.lagMillis(), 95);
      double refresh50 = percentile(measured.refreshMillis(), 50);
      double refresh95 = percentile(measured.refreshMillis(), 95);
      text.append(
          String.format(
              Locale.ROOT,
              "| %d | %d | %.0f / %.0f / %.0f | %.0f / %.0f / %.0f | %.2f | %.2f | %.0f | %.0f"
                  + " |%n",
              measured.applications(),
              measured.lagMillis().size(),
              refresh50,
              refresh95,
              percentile(measured.refreshMillis(), 100),
              lag50,
              lag95,
              percentile(measured.lagMillis(), 100),
              lag50 / refresh50,
              lag95 / refresh95,
              percentile(measured.sampleMillis(), 50),
              measured.ageing().olderMillis()));
    }
    text.append(
        String.format(
            Locale.ROOT,
            "%nAn open page polls every %d ms (REFRESH_MS of streaming.js) after the answers of its"
                + " previous poll: in the worst case it shows a value up to %d ms + its requests'"
                + " time later than the lag above.%n",
            settings.pageRefreshMillis(),
            settings.pageRefreshMillis()));
    text.append(
        String.format(
            Locale.ROOT,
            "%nCPU, %% of one core (in brackets: without the JIT compiler threads):%n%n"
                + "| window | seconds | control plane | JobManager | control plane / JobManager"
                + " | TaskManagers | benchmark client | load average |%n"
                + "|---|---|---|---|---|---|---|---|%n"));
    for (Window window : windows) {
      text.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %.1f (%.1f) | %.1f (%.1f) | %s (%s) | %.1f | %.1f | %s |%n",
              window.label(),
              window.seconds(),
              window.controlPlane(),
              window.controlPlaneCompiled(),
              window.jobManager(),
              window.jobManagerCompiled(),
              ratio(window.controlPlane(), window.jobManager()),
              ratio(window.controlPlaneCompiled(), window.jobManagerCompiled()),
              window.taskManagers(),
              window.client(),
              window.loadAverage()));
    }
    text.append(String.format(Locale.ROOT, "%nMeans over the rounds:%n"));
    means(text, "all threads", windows, Window::controlPlane, Window::jobManager);
    means(text, "without JIT", windows, Window::controlPlaneCompiled, Window::jobManagerCompiled);
    ClusterReadyBench.say(text.toString());
  }

  private void means(
      StringBuilder text,
      String label,
      List<Window> windows,
      ToDoubleFunction<Window> control,
      ToDoubleFunction<Window> engine) {
    double unwatchedControl = mean(windows, Phase.UNWATCHED, control);
    double unwatchedEngine = mean(windows, Phase.UNWATCHED, engine);
    double watchedControl = mean(windows, Phase.WATCHED, control);
    double watchedEngine = mean(windows, Phase.WATCHED, engine);
    text.append(
        String.format(
            Locale.ROOT,
            "- %s: nobody watching, control plane %.1f %%, JobManager %.1f %% (control plane /"
                + " JobManager %s); %d monitor pages open, control plane %.1f %%, JobManager"
                + " %.1f %% (%s). The open pages add %.1f points to the control plane and %.1f to"
                + " the JobManager.%n",
            label,
            unwatchedControl,
            unwatchedEngine,
            ratio(unwatchedControl, unwatchedEngine),
            settings.apps(),
            watchedControl,
            watchedEngine,
            ratio(watchedControl, watchedEngine),
            watchedControl - unwatchedControl,
            watchedEngine - unwatchedEngine));
  }

  private static double mean(List<Window> windows, Phase phase, ToDoubleFunction<Window> value) {
    return windows.stream()
        .filter(window -> window.phase() == phase)
        .mapToDouble(value)
        .average()
        .orElse(Double.NaN);
  }

  private static String ratio(double numerator, double denominator) {
    return denominator < 0.05 ? "n/a" : String.format(Locale.ROOT, "%.2f", numerator / denominator);
  }

  private static double percentile(List<Double> values, double percent) {
    return NotebookSqlBench.percentile(values, percent);
  }

  private static void awaitUntil(String what, BooleanSupplier done) {
    Processes.awaitUntil(what, STATE_TIMEOUT, done);
  }
}
