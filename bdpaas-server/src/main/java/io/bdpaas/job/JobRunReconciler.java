package io.bdpaas.job;

import io.bdpaas.account.User;
import io.bdpaas.account.UserStore;
import io.bdpaas.backend.StorageFileName;
import io.bdpaas.cluster.ClusterId;
import io.bdpaas.cluster.ClusterService;
import io.bdpaas.cluster.ClusterStatus;
import io.bdpaas.cluster.ClusterSummary;
import io.bdpaas.engine.EngineAddresses;
import io.bdpaas.engine.EngineClientException;
import io.bdpaas.engine.EngineHttp;
import io.bdpaas.engine.spark.SparkDriverInfo;
import io.bdpaas.engine.spark.SparkMasterClient;
import io.bdpaas.engine.spark.SparkSubmissionClient;
import io.bdpaas.engine.spark.SparkSubmissionClient.DriverState;
import io.bdpaas.engine.spark.SparkSubmissionClient.DriverStatus;
import io.bdpaas.engine.spark.SparkWorkerInfo;
import io.bdpaas.engine.spark.SparkWorkerLogs;
import io.bdpaas.notebook.ConnectSessions;
import io.bdpaas.notebook.NotebookId;
import io.bdpaas.notebook.NotebookService;
import io.bdpaas.project.Project;
import io.bdpaas.project.ProjectService;
import io.bdpaas.reconcile.ReconcileKernel;
import io.bdpaas.reconcile.StepResult;
import io.bdpaas.storage.ProjectFilesService;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.Caller;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Takes job runs through the engine: submits a waiting run's driver to its project's Spark master
 * (the REST submission server, cluster mode), follows the driver's state there, copies its output
 * into the platform's {@link JobRunLogs} as it grows, kills it when asked, and records how it
 * ended. Runs are resources of a {@link ReconcileKernel}, like clusters: each step is idempotent,
 * and a control plane that restarts picks every unfinished run up where the database says it is.
 *
 * <p>A jar job's driver needs the cluster's secret to join the cluster. The master's worker hands
 * {@code spark.authenticate.secret} to the driver through its environment, never its command line,
 * but Spark's driver still insists that its configuration holds the key: {@code JAVA_TOOL_OPTIONS}
 * gives it a placeholder, and the secret itself is taken from the environment.
 */
@Component
public class JobRunReconciler implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(JobRunReconciler.class);
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration WAIT = Duration.ofSeconds(3);
  private static final Duration CLOCK_SLACK = Duration.ofSeconds(2);
  private static final Duration LAUNCH_WATCH = Duration.ofSeconds(2);
  private static final Duration LAUNCH_POLL = Duration.ofMillis(5);
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
  private static final int MAX_ERROR = 4000;
  private static final Pattern UI_PORT =
      Pattern.compile("Successfully started service 'SparkUI' on port (\\d+)");
  private static final Pattern FAILURE =
      Pattern.compile(
          "^(Exception in thread .*|Caused by: .*|[A-Za-z_$][\\w.$]*(Exception|Error)(: .*)?)$");

  private final JobRunStore runs;
  private final JobStore jobs;
  private final JobRunLogs logs;
  private final ProjectService projects;
  private final ClusterService clusters;
  private final ProjectFilesService files;
  private final UserStore users;
  private final ConnectSessions sessions;
  private final ConnectJobRunner connectJobs;
  private final NotebookService notebooks;
  private final EngineHttp http;
  private final ReconcileKernel<JobRunId> kernel;
  private volatile boolean running;

  public JobRunReconciler(
      JobRunStore runs,
      JobStore jobs,
      JobRunLogs logs,
      ProjectService projects,
      ClusterService clusters,
      ProjectFilesService files,
      UserStore users,
      ConnectSessions sessions,
      ConnectJobRunner connectJobs,
      NotebookService notebooks,
      EngineAddresses addresses,
      ReconcileKernel.Settings kernelSettings) {
    this.http = EngineHttp.create().reaching(addresses);
    this.runs = runs;
    this.jobs = jobs;
    this.logs = logs;
    this.projects = projects;
    this.clusters = clusters;
    this.files = files;
    this.users = users;
    this.sessions = sessions;
    this.connectJobs = connectJobs;
    this.notebooks = notebooks;
    this.kernel =
        new ReconcileKernel<>(
            "job-run", this::reconcile, runs::activeForReconciler, kernelSettings);
  }

  @Override
  public void start() {
    kernel.start();
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    kernel.close();
  }

  /** What its reconcile kernel does now, for the platform's health. */
  public ReconcileKernel.Stats kernelStats() {
    return kernel.stats();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Asks for the run's next step now (it was created, or someone asked to kill it). */
  public void wakeUp(JobRunId run) {
    kernel.wake(run);
  }

  /**
   * Kills the runs' drivers now and records them as killed, for a job or project that is about to
   * go with its runs' rows (the kernel could not find them afterwards). Best effort: a driver that
   * cannot be reached dies with its project's cluster.
   */
  public void killNow(List<JobRunId> ids) {
    for (JobRunId id : ids) {
      Optional<JobRun> run = runs.findForReconciler(id);
      if (run.isEmpty() || run.get().state().isFinal()) {
        continue;
      }
      run.get()
          .driverId()
          .ifPresent(
              driver -> {
                try {
                  Caller caller = users.findById(run.get().ownerId()).orElseThrow().asCaller();
                  Project project = projects.get(caller, run.get().projectId());
                  projects
                      .clusterSummary(caller, project)
                      .filter(cluster -> cluster.endpoints().containsKey("restSubmission"))
                      .ifPresent(
                          cluster ->
                              client(caller, cluster, cluster.endpoints().get("restSubmission"))
                                  .kill(driver));
                } catch (RuntimeException e) {
                  log.info("[run {}] driver {} not killed: {}", id, driver, e.toString());
                }
              });
      end(run.get(), JobRun.State.KILLED, Optional.of("its job or project was deleted"));
    }
  }

  StepResult reconcile(JobRunId id) {
    Optional<JobRun> found = runs.findForReconciler(id);
    if (found.isEmpty() || found.get().state().isFinal()) {
      return StepResult.idle();
    }
    JobRun run = found.get();
    Optional<User> owner = users.findById(run.ownerId());
    if (owner.isEmpty()) {
      end(run, JobRun.State.FAILED, Optional.of("its owner's account is gone"));
      return StepResult.idle();
    }
    Caller caller = owner.get().asCaller();
    Optional<Project> project = find(caller, run);
    if (project.isEmpty()) {
      end(run, JobRun.State.KILLED, Optional.of("its project was deleted"));
      return StepResult.idle();
    }
    if (run.definition().kindValue() != JobDefinition.Kind.JAR) {
      return onConnect(caller, project.get(), run);
    }
    if (run.driverId().isEmpty()) {
      return submit(caller, project.get(), run);
    }
    return follow(caller, project.get(), run);
  }

  private Optional<Project> find(Caller caller, JobRun run) {
    try {
      return Optional.of(projects.get(caller, run.projectId()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** A run the engine does not have yet: submitted once its project's cluster is ready. */
  private StepResult submit(Caller caller, Project project, JobRun run) {
    if (run.killRequested()) {
      end(run, JobRun.State.KILLED, Optional.of("killed before it was submitted"));
      return StepResult.idle();
    }
    Instant now = Timestamps.now();
    Optional<StepResult> backOff = backOff(run, now);
    if (backOff.isPresent()) {
      return backOff.get();
    }
    if (!project.running()) {
      return waiting(run, "the project " + project.name() + " is stopped: start it to run this");
    }
    Optional<ClusterSummary> cluster = projects.clusterSummary(caller, project);
    if (cluster.isEmpty() || cluster.get().status() != ClusterStatus.READY) {
      return waiting(
          run,
          "waiting for the project's cluster"
              + cluster.map(c -> " " + c.id() + " (" + c.status().wireName() + ")").orElse(""));
    }
    Map<String, String> endpoints = cluster.get().endpoints();
    String master = endpoints.get("master");
    String rest = endpoints.get("restSubmission");
    String secret = clusters.engineSecret(caller, cluster.get().id()).orElse(null);
    if (master == null || rest == null || secret == null) {
      return waiting(run, "the project's cluster has no submission server yet");
    }
    if (run.submittingAt().isPresent()) {
      // Submitted by a control plane that stopped before it wrote the driver's id: the master may
      // have it. Adopt it rather than launch the job twice.
      Optional<String> adopted = adoptable(caller, cluster.get(), run);
      if (adopted.isPresent()) {
        runs.acceptedForReconciler(run.id(), adopted.get(), Timestamps.now());
        log.info("[run {}] re-attached to driver {}", run.id(), adopted.get());
        return StepResult.advance();
      }
    }
    String uiKey = run.driverUiKey().orElseGet(JobRunReconciler::newUiKey);
    SparkSubmissionClient.Submission submission =
        submission(caller, project, run, master, secret, uiKey, cluster.get().id());
    runs.submittingForReconciler(run.id(), now, uiKey);
    String driverId;
    SparkSubmissionClient client = client(caller, cluster.get(), rest);
    try {
      driverId = client.create(submission);
    } catch (EngineClientException e) {
      if (e.getMessage().startsWith("the master refused")) {
        end(run, JobRun.State.FAILED, Optional.of(e.getMessage()));
        return StepResult.idle();
      }
      return waiting(run, "the project's Spark master cannot be reached: " + e.getMessage());
    }
    runs.acceptedForReconciler(run.id(), driverId, Timestamps.now());
    log.info("[run {}] submitted as {} to {}", run.id(), driverId, cluster.get().id());
    awaitLaunch(client, run.id(), driverId);
    return StepResult.advance();
  }

  private Optional<String> adoptable(Caller caller, ClusterSummary cluster, JobRun run) {
    String masterUi = cluster.endpoints().get("masterUi");
    if (masterUi == null) {
      return Optional.empty();
    }
    List<SparkDriverInfo> drivers =
        new SparkMasterClient(authorized(caller, cluster), URI.create(masterUi)).drivers();
    return adoptable(
        drivers,
        run.definition().mainClass(),
        run.submittingAt().orElseThrow(),
        driver -> runs.driverClaimedForReconciler(run.projectId(), driver));
  }

  /**
   * Of the master's drivers, the one a run submitted at {@code submittingAt} would be: the same
   * main class, submitted then or after (the master's clock is this machine's, to the second), and
   * no other run's. The earliest such driver, as submissions of one project's runs are made one
   * after another.
   */
  static Optional<String> adoptable(
      List<SparkDriverInfo> drivers,
      String mainClass,
      Instant submittingAt,
      java.util.function.Predicate<String> claimed) {
    long from = submittingAt.toEpochMilli() - CLOCK_SLACK.toMillis();
    return drivers.stream()
        .filter(driver -> driver.mainClass().equals(mainClass))
        .filter(driver -> driver.submittedEpochMillis() >= from)
        .filter(driver -> !claimed.test(driver.id()))
        .min(java.util.Comparator.comparingLong(SparkDriverInfo::submittedEpochMillis))
        .map(SparkDriverInfo::id);
  }

  /**
   * A key of the driver's own web UI, one per run: the JWS its reader presents is signed with it.
   */
  private static String newUiKey() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private SparkSubmissionClient.Submission submission(
      Caller caller,
      Project project,
      JobRun run,
      String master,
      String secret,
      String uiKey,
      ClusterId cluster) {
    JobDefinition definition = run.definition();
    SparkSettings spark = definition.spark();
    String location = files.location(caller, project.id(), new StorageFileName(definition.jar()));
    String jar = location.startsWith("/") ? "file:" + location : location;
    Map<String, String> properties = new LinkedHashMap<>(spark.conf());
    properties.put("spark.master", master);
    properties.put("spark.submit.deployMode", "cluster");
    properties.put("spark.app.name", run.jobName() + " (" + run.id() + ")");
    properties.put("spark.jars", jar);
    properties.put("spark.driver.cores", String.valueOf(spark.driverCores()));
    properties.put("spark.driver.memory", spark.driverMemoryMb() + "m");
    properties.put("spark.executor.cores", String.valueOf(spark.executorCores()));
    properties.put("spark.executor.memory", spark.executorMemoryMb() + "m");
    properties.put("spark.cores.max", String.valueOf(spark.maxCores()));
    properties.put("spark.driver.supervise", "false");
    properties.put("spark.authenticate", "true");
    properties.put("spark.authenticate.secret", secret);
    properties.put("spark.ui.port", "0");
    properties.put("spark.ui.killEnabled", "false");
    // Its UI is reached through the master's, which the platform serves under this path.
    properties.put("spark.ui.reverseProxy", "true");
    properties.put("spark.ui.reverseProxyUrl", "/clusters/" + cluster.value() + "/ui");
    String mainClass = definition.mainClass();
    return new SparkSubmissionClient.Submission(
        jar,
        mainClass,
        definition.arguments(),
        properties,
        // In the environment, which only the driver's own account can read; a command line is
        // visible to every account of the machine. The JVM prints it to the driver's stderr, which
        // only the run's owner reads.
        Map.of(
            "JAVA_TOOL_OPTIONS",
            "-Dspark.authenticate.secret=taken-from-the-environment"
                + " -Dspark.ui.filters=org.apache.spark.ui.JWSFilter"
                + " -Dspark.org.apache.spark.ui.JWSFilter.param.secretKey="
                + uiKey));
  }

  /**
   * A SQL or notebook run: the platform runs its statements on the project's Connect server once it
   * is ready ({@link ConnectJobRunner}), and hears how they ended. One left running by a control
   * plane that stopped has lost its session with it, and fails saying so.
   */
  private StepResult onConnect(Caller caller, Project project, JobRun run) {
    if (run.state() == JobRun.State.RUNNING) {
      if (!connectJobs.has(run.id())) {
        end(
            run,
            JobRun.State.FAILED,
            Optional.of("the platform restarted while this run ran; run it again"));
        return StepResult.idle();
      }
      Optional<String> timedOut = timedOut(run);
      if (run.killRequested() || timedOut.isPresent()) {
        connectJobs.kill(run.id());
      }
      if (timedOut.isPresent()) {
        end(run, JobRun.State.FAILED, timedOut);
        return StepResult.idle();
      }
      return StepResult.waitFor("running on the Connect server", POLL);
    }
    if (run.killRequested()) {
      end(run, JobRun.State.KILLED, Optional.of("killed before it started"));
      return StepResult.idle();
    }
    Instant now = Timestamps.now();
    Optional<StepResult> backOff = backOff(run, now);
    if (backOff.isPresent()) {
      return backOff.get();
    }
    ConnectSessions.Availability availability = sessions.availability(caller, project.id());
    if (!(availability instanceof ConnectSessions.Availability.Ready ready)) {
      String why =
          availability instanceof ConnectSessions.Availability.Starting starting
              ? starting.why()
              : ((ConnectSessions.Availability.Unavailable) availability).why();
      return waiting(run, why);
    }
    List<ConnectJobRunner.Script> scripts;
    JobDefinition definition = run.definition();
    if (definition.kindValue() == JobDefinition.Kind.SQL) {
      scripts = ConnectJobRunner.scripts(definition.sql());
    } else {
      try {
        scripts =
            ConnectJobRunner.scripts(
                notebooks
                    .get(caller, project.id(), new NotebookId(definition.notebookId()))
                    .notebook()
                    .paragraphs());
      } catch (RuntimeException e) {
        end(
            run,
            JobRun.State.FAILED,
            Optional.of("its notebook " + definition.notebookId() + " is gone"));
        return StepResult.idle();
      }
    }
    runs.acceptedForReconciler(run.id(), null, now);
    runs.runningForReconciler(run.id(), now, Optional.empty());
    JobRun started = runs.findForReconciler(run.id()).orElse(run);
    connectJobs.start(
        run.id(),
        ready.target(),
        scripts,
        outcome -> {
          end(started, outcome.state(), outcome.error());
          kernel.wake(run.id());
        });
    return StepResult.waitFor("running on the Connect server", POLL);
  }

  /** A retry waits for its back-off before anything else, saying until when. */
  private Optional<StepResult> backOff(JobRun run, Instant now) {
    Optional<Instant> until = run.notBefore().filter(now::isBefore);
    until.ifPresent(
        at ->
            runs.waitingForReconciler(
                run.id(), "attempt " + run.attempt() + " waits for its back-off, until " + at));
    return until.map(
        at -> StepResult.waitFor("back-off", Duration.between(now, at).plusMillis(10)));
  }

  private static Optional<String> timedOut(JobRun run) {
    return run.timeout()
        .filter(
            timeout ->
                run.startedAt()
                    .filter(start -> start.plus(timeout).isBefore(Timestamps.now()))
                    .isPresent())
        .map(timeout -> "timed out: it ran longer than " + timeout.toMinutes() + " minutes");
  }

  /** A run the engine has: its state there, its output copied, a kill passed on. */
  private StepResult follow(Caller caller, Project project, JobRun run) {
    String driverId = run.driverId().orElseThrow();
    Optional<ClusterSummary> cluster = projects.clusterSummary(caller, project);
    String rest = cluster.map(c -> c.endpoints().get("restSubmission")).orElse(null);
    if (!project.running()
        || cluster.isEmpty()
        || rest == null
        || cluster.get().status() == ClusterStatus.DESTROYED
        || cluster.get().status() == ClusterStatus.FAILED) {
      end(
          run,
          JobRun.State.KILLED,
          Optional.of(
              "the project's cluster was stopped while the run was " + run.state().wireName()));
      return StepResult.idle();
    }
    SparkSubmissionClient client = client(caller, cluster.get(), rest);
    DriverStatus status;
    Optional<String> timedOut = timedOut(run);
    try {
      if (run.killRequested() || timedOut.isPresent()) {
        client.kill(driverId);
      }
      if (timedOut.isPresent()) {
        end(run, JobRun.State.FAILED, timedOut);
        return StepResult.idle();
      }
      status = client.status(driverId);
    } catch (EngineClientException e) {
      return waiting(run, "the project's Spark master cannot be reached: " + e.getMessage());
    }
    if (status.state() == DriverState.RUNNING && run.state() != JobRun.State.RUNNING) {
      // Said at once: what the driver's worker is, and its output, are looked up after.
      runs.runningForReconciler(run.id(), Timestamps.now(), Optional.empty());
    }
    Optional<URI> workerUi = run.workerUi().map(URI::create);
    if (workerUi.isEmpty()) {
      workerUi = workerUi(caller, cluster.get(), status);
      workerUi.ifPresent(ui -> runs.workerUiForReconciler(run.id(), ui.toString()));
    }
    SparkWorkerLogs workerLogs = new SparkWorkerLogs(authorized(caller, cluster.get()));
    Optional<URI> worker = workerUi;
    worker.ifPresent(ui -> copyLogs(workerLogs, run, ui, driverId));
    if (run.driverUi().isEmpty() && workerUi.isPresent()) {
      driverUi(run, workerUi.get()).ifPresent(ui -> runs.driverUiForReconciler(run.id(), ui));
    }
    if (status.state().isFinal()) {
      switch (status.state()) {
        case FINISHED -> end(run, JobRun.State.FINISHED, Optional.empty());
        case KILLED ->
            end(
                run,
                JobRun.State.KILLED,
                Optional.of(run.killRequested() ? "killed on request" : "killed on the cluster"));
        case NOT_FOUND ->
            end(
                run,
                JobRun.State.FAILED,
                Optional.of(
                    "the project's Spark master no longer knows this run's driver "
                        + driverId
                        + " (the cluster restarted)"));
        default -> end(run, JobRun.State.FAILED, Optional.of(failure(run, status)));
      }
      return StepResult.idle();
    }
    if (status.state() == DriverState.SUBMITTED) {
      SparkSettings spark = run.definition().spark();
      runs.waitingForReconciler(
          run.id(),
          "waiting for a worker with "
              + spark.driverCores()
              + " free core(s) and "
              + spark.driverMemoryMb()
              + " MB for the driver: the cluster is busy");
    }
    return StepResult.waitFor("following driver " + driverId, pollAfter(run));
  }

  /**
   * Watches a just-submitted driver closely for a moment, here, without the lookups of a whole
   * step: its launch is what its user waits for, and a free worker launches it within tens of
   * milliseconds. A driver still waiting afterwards is followed by the ordinary steps.
   */
  private void awaitLaunch(SparkSubmissionClient client, JobRunId run, String driverId) {
    long deadline = System.nanoTime() + LAUNCH_WATCH.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        DriverState state = client.status(driverId).state();
        if (state == DriverState.RUNNING) {
          runs.runningForReconciler(run, Timestamps.now(), Optional.empty());
          return;
        }
        if (state.isFinal()) {
          return;
        }
        Thread.sleep(LAUNCH_POLL.toMillis());
      }
    } catch (EngineClientException e) {
      log.debug("[run {}] launch not watched: {}", run, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * How soon to ask the master again: often while a just-accepted driver is being launched (its
   * start is what a user waits for), then every second.
   */
  static Duration pollAfter(JobRun run) {
    if (run.state() != JobRun.State.ACCEPTED || run.acceptedAt().isEmpty()) {
      return POLL;
    }
    Duration waited = Duration.between(run.acceptedAt().get(), Timestamps.now());
    if (waited.compareTo(Duration.ofSeconds(5)) < 0) {
      return Duration.ofMillis(10);
    }
    return waited.compareTo(Duration.ofSeconds(30)) < 0 ? Duration.ofMillis(250) : POLL;
  }

  private SparkSubmissionClient client(Caller caller, ClusterSummary cluster, String rest) {
    return new SparkSubmissionClient(authorized(caller, cluster), URI.create(rest));
  }

  private EngineHttp authorized(Caller caller, ClusterSummary cluster) {
    return clusters
        .engineBearer(caller, cluster.id())
        .map(bearer -> http.withHeaders(Map.of("Authorization", "Bearer " + bearer)))
        .orElse(http);
  }

  /** The web UI of the worker that runs the driver, from the master's list of workers. */
  private Optional<URI> workerUi(Caller caller, ClusterSummary cluster, DriverStatus status) {
    String masterUi = cluster.endpoints().get("masterUi");
    if (status.workerId().isEmpty() || masterUi == null) {
      return Optional.empty();
    }
    try {
      List<SparkWorkerInfo> workers =
          new SparkMasterClient(authorized(caller, cluster), URI.create(masterUi))
              .status()
              .workers();
      return workers.stream()
          .filter(worker -> worker.id().equals(status.workerId().get()))
          .map(worker -> URI.create(worker.webUiAddress()))
          .findFirst();
    } catch (EngineClientException e) {
      log.debug("[{}] no worker list: {}", cluster.id(), e.toString());
      return Optional.empty();
    }
  }

  /** Copies what the driver wrote since the last step (the worker keeps its files). */
  private void copyLogs(SparkWorkerLogs workerLogs, JobRun run, URI workerUi, String driverId) {
    for (SparkWorkerLogs.Stream stream : SparkWorkerLogs.Stream.values()) {
      try {
        while (true) {
          long kept = logs.size(run.id(), stream);
          if (kept >= JobRunLogs.MAX_BYTES) {
            break;
          }
          SparkWorkerLogs.Chunk chunk =
              workerLogs.read(workerUi, driverId, stream, kept, SparkWorkerLogs.MAX_CHUNK);
          if (chunk.text().isEmpty() || chunk.start() != kept) {
            break;
          }
          logs.append(run.id(), stream, chunk.text());
          if (!chunk.more()) {
            break;
          }
        }
      } catch (EngineClientException e) {
        log.debug("[run {}] cannot copy {}: {}", run.id(), stream, e.toString());
      }
    }
  }

  private Optional<String> driverUi(JobRun run, URI workerUi) {
    JobRunLogs.Chunk head = logs.read(run.id(), SparkWorkerLogs.Stream.STDERR, 0, 256 * 1024);
    Matcher port = UI_PORT.matcher(head.text());
    if (!port.find()) {
      return Optional.empty();
    }
    return Optional.of("http://" + workerUi.getHost() + ":" + port.group(1) + "/");
  }

  /** Why a driver failed: the exception lines at the end of its stderr, else the master's word. */
  private String failure(JobRun run, DriverStatus status) {
    long size = logs.size(run.id(), SparkWorkerLogs.Stream.STDERR);
    String tail =
        logs.read(run.id(), SparkWorkerLogs.Stream.STDERR, Math.max(0, size - 64 * 1024), 64 * 1024)
            .text();
    List<String> lines = new ArrayList<>();
    for (String line : tail.split("\n")) {
      if (FAILURE.matcher(line.strip()).matches()) {
        lines.add(line.strip());
      }
    }
    if (lines.isEmpty()) {
      // No exception: the driver said why on its own (a usage line), last before it exited.
      List<String> said =
          tail.lines()
              .map(String::strip)
              .filter(line -> !line.isEmpty())
              .filter(line -> !line.matches("^\\d{2}/\\d{2}/\\d{2} .*|^\\d{4}-\\d{2}-\\d{2}.*"))
              .filter(line -> !line.startsWith("at ") && !line.startsWith("Launch Command"))
              .filter(line -> !line.startsWith("Picked up JAVA_TOOL_OPTIONS"))
              .toList();
      lines = said.subList(Math.max(0, said.size() - 2), said.size());
    }
    String why =
        lines.isEmpty()
            ? status.message().orElse("the driver ended as " + status.state().name())
            : String.join("\n", lines.subList(Math.max(0, lines.size() - 4), lines.size()));
    return why.length() > MAX_ERROR ? why.substring(0, MAX_ERROR) + "…" : why;
  }

  private StepResult waiting(JobRun run, String why) {
    runs.waitingForReconciler(run.id(), why);
    return StepResult.waitFor(why, WAIT);
  }

  private void end(JobRun run, JobRun.State state, Optional<String> error) {
    Instant now = Timestamps.now();
    if (!runs.endedForReconciler(run.id(), state, error, now)) {
      return;
    }
    log.info("[run {}] {}{}", run.id(), state.wireName(), error.map(e -> ": " + e).orElse(""));
    if (state == JobRun.State.FAILED) {
      retry(run, now);
    }
  }

  /** A failed run is tried again while its job's policy allows (a killed one is not). */
  private void retry(JobRun failed, Instant now) {
    Optional<Job> job = jobs.findForScheduler(failed.jobId()).filter(Job::enabled);
    if (job.isEmpty() || failed.attempt() > job.get().policy().retries()) {
      return;
    }
    Instant notBefore = now.plus(job.get().policy().backoffAfter(failed.attempt()));
    JobRun retry = failed.retry(job.get(), notBefore, now);
    runs.insert(retry);
    log.info(
        "[run {}] attempt {} of {} follows at {}",
        failed.id(),
        retry.attempt(),
        failed.jobName(),
        notBefore);
    kernel.wake(retry.id());
  }
}
