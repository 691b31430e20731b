package io.bdpaas.streaming;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.api.Problem;
import io.bdpaas.event.Event;
import io.bdpaas.event.EventStore;
import io.bdpaas.event.ResourceKind;
import io.bdpaas.project.Project;
import io.bdpaas.project.ProjectId;
import io.bdpaas.project.ProjectService;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.Caller;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Launching streaming applications — from a package's application with settings, from a saved
 * launch configuration, again from an earlier instance — and shutting them down (with a savepoint)
 * or killing them; the saved configurations and the savepoint catalog.
 */
@Service
public class StreamAppService {
  private static final Logger log = LoggerFactory.getLogger(StreamAppService.class);
  static final int MAX_ACTIVE_PER_PROJECT = 20;
  static final int MAX_CONFIGS_PER_PROJECT = 200;
  private static final String WHAT = "streaming applications";
  private static final Pattern CONFIG_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Launch from no savepoint, from the application's newest one, or from a chosen one. */
  public static final String NO_SAVEPOINT = "none";

  public static final String LATEST_SAVEPOINT = "latest";

  private final StreamAppStore apps;
  private final LaunchConfigStore configs;
  private final SavepointStore savepoints;
  private final PackageService packages;
  private final ProjectService projects;
  private final EventStore events;
  private final StreamAppReconciler reconciler;

  public StreamAppService(
      StreamAppStore apps,
      LaunchConfigStore configs,
      SavepointStore savepoints,
      PackageService packages,
      ProjectService projects,
      EventStore events,
      StreamAppReconciler reconciler) {
    this.apps = apps;
    this.configs = configs;
    this.savepoints = savepoints;
    this.packages = packages;
    this.projects = projects;
    this.events = events;
    this.reconciler = reconciler;
  }

  /**
   * What to launch: an application of a package (its newest version unless one is named), with
   * settings that default to the application's own (given properties override its defaults), from a
   * savepoint ({@value #LATEST_SAVEPOINT}, a savepoint's id, or {@value #NO_SAVEPOINT}, the
   * default).
   */
  public record LaunchRequest(
      String packageName,
      String packageVersion,
      String application,
      Integer parallelism,
      List<String> arguments,
      Map<String, String> properties,
      String savepoint) {}

  /** A launch configuration to save: a name, and what {@link LaunchRequest} says bar savepoints. */
  public record ConfigRequest(
      String name,
      String packageName,
      String packageVersion,
      String application,
      Integer parallelism,
      List<String> arguments,
      Map<String, String> properties) {}

  public StreamApp launch(Caller caller, ProjectId projectId, LaunchRequest request) {
    Project project = projects.get(caller, projectId, Project.Kind.STREAMING, WHAT);
    List<Problem> problems = new ArrayList<>();
    Optional<Target> target =
        target(
            caller,
            project,
            request.packageName(),
            Optional.ofNullable(request.packageVersion()).filter(v -> !v.isEmpty()),
            request.application(),
            problems);
    Optional<LaunchSettings> settings =
        target.map(
            found ->
                settings(
                    project,
                    found.application(),
                    request.parallelism(),
                    request.arguments(),
                    request.properties(),
                    problems));
    Optional<String> restoreFrom =
        restoreFrom(caller, project, target, request.savepoint(), problems);
    BdpaasException.throwIfAny(problems);
    return start(caller, project, target.orElseThrow(), settings.orElseThrow(), restoreFrom, null);
  }

  /** Launches a saved configuration, from the savepoint asked for (none by default). */
  public StreamApp launch(
      Caller caller, ProjectId projectId, LaunchConfigId id, Optional<String> savepoint) {
    Project project = projects.get(caller, projectId, Project.Kind.STREAMING, WHAT);
    LaunchConfig config = config(caller, projectId, id);
    List<Problem> problems = new ArrayList<>();
    Optional<Target> target =
        target(
            caller,
            project,
            config.packageName(),
            config.packageVersion(),
            config.application(),
            problems);
    target.ifPresent(
        found -> problems.addAll(slotProblems(project, config.settings().parallelism())));
    Optional<String> restoreFrom =
        restoreFrom(caller, project, target, savepoint.orElse(null), problems);
    BdpaasException.throwIfAny(problems);
    return start(
        caller, project, target.orElseThrow(), config.settings(), restoreFrom, config.name());
  }

  /**
   * Launches an application again as it was launched (same package version and settings), from the
   * savepoint asked for: its newest by default when it has one.
   */
  public StreamApp relaunch(
      Caller caller, ProjectId projectId, StreamAppId id, Optional<String> savepoint) {
    Project project = projects.get(caller, projectId, Project.Kind.STREAMING, WHAT);
    StreamApp previous = get(caller, projectId, id);
    List<Problem> problems = new ArrayList<>();
    Optional<Target> target =
        target(
            caller,
            project,
            previous.packageName(),
            Optional.of(previous.packageVersion()),
            previous.application(),
            problems);
    String asked =
        savepoint.orElseGet(
            () ->
                newestSavepoint(caller, project, previous.packageName(), previous.application())
                        .isPresent()
                    ? LATEST_SAVEPOINT
                    : NO_SAVEPOINT);
    Optional<String> restoreFrom = restoreFrom(caller, project, target, asked, problems);
    BdpaasException.throwIfAny(problems);
    return start(
        caller,
        project,
        target.orElseThrow(),
        previous.settings(),
        restoreFrom,
        previous.configName().orElse(null));
  }

  private StreamApp start(
      Caller caller,
      Project project,
      Target target,
      LaunchSettings settings,
      Optional<String> restoreFrom,
      String configName) {
    long active = apps.activeOfProject(caller, project.id()).size();
    if (active >= MAX_ACTIVE_PER_PROJECT) {
      throw new BdpaasException(
          ErrorCode.QUOTA_EXCEEDED,
          "a project runs at most "
              + MAX_ACTIVE_PER_PROJECT
              + " applications at once: shut one down first");
    }
    Instant now = Timestamps.now();
    StreamApp app =
        new StreamApp(
            StreamAppId.random(),
            project.id(),
            project.ownerId(),
            Optional.of(target.version().id()),
            target.version().name(),
            target.version().version(),
            target.application().name(),
            target.application().entryClass(),
            settings,
            Optional.ofNullable(configName),
            restoreFrom,
            StreamApp.State.LAUNCHING,
            StreamApp.Desired.RUNNING,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            newFlinkJobId(),
            Optional.empty(),
            Optional.empty(),
            now,
            Optional.empty(),
            Optional.empty(),
            now);
    apps.insert(app);
    log.info(
        "[app {}] {} of {} {} launched by {} in project {}",
        app.id(),
        app.application(),
        app.packageName(),
        app.packageVersion(),
        caller.username(),
        project.id());
    reconciler.wakeUp(app.id());
    return app;
  }

  public Page<StreamApp> list(
      Caller caller, ProjectId projectId, Optional<StreamApp.State> state, PageRequest page) {
    projects.get(caller, projectId);
    return apps.list(caller, projectId, state, page);
  }

  public StreamApp get(Caller caller, ProjectId projectId, StreamAppId id) {
    projects.get(caller, projectId);
    return apps.find(caller, projectId, id)
        .orElseThrow(() -> BdpaasException.notFound("Application", id));
  }

  /** Stops the application with a savepoint, which its next launch can start from. */
  public StreamApp shutdown(Caller caller, ProjectId projectId, StreamAppId id) {
    return ask(caller, projectId, id, StreamApp.Desired.SHUTDOWN);
  }

  /** Cancels the application's job without a savepoint. */
  public StreamApp kill(Caller caller, ProjectId projectId, StreamAppId id) {
    return ask(caller, projectId, id, StreamApp.Desired.KILLED);
  }

  private StreamApp ask(
      Caller caller, ProjectId projectId, StreamAppId id, StreamApp.Desired desired) {
    StreamApp app = get(caller, projectId, id);
    if (app.state().isActive() && app.desired() == desired) {
      return app; // asked already: the same answer again
    }
    if (!apps.requestDesired(caller, id, desired)) {
      StreamApp now = get(caller, projectId, id);
      throw new BdpaasException(
          ErrorCode.CONFLICT,
          now.state().isActive()
              ? "application " + id + " is being killed already"
              : "application " + id + " has ended (" + now.state().wireName() + ")");
    }
    log.info("[app {}] {} asked by {}", id, desired.wireName(), caller.username());
    reconciler.wakeUp(id);
    return get(caller, projectId, id);
  }

  /** The application's events, newest first. */
  public Page<Event> events(Caller caller, ProjectId projectId, StreamAppId id, PageRequest page) {
    get(caller, projectId, id);
    return events.list(caller, ResourceKind.STREAM_APP, id.value(), Optional.empty(), page);
  }

  /** The project's savepoints, newest first, optionally of one application of a package. */
  public Page<Savepoint> savepoints(
      Caller caller,
      ProjectId projectId,
      Optional<String> packageName,
      Optional<String> application,
      PageRequest page) {
    projects.get(caller, projectId);
    return savepoints.list(caller, projectId, packageName, application, Optional.empty(), page);
  }

  // Launch configurations

  public LaunchConfig createConfig(Caller caller, ProjectId projectId, ConfigRequest request) {
    Project project = projects.get(caller, projectId, Project.Kind.STREAMING, WHAT);
    if (configs.countInProject(project.id()) >= MAX_CONFIGS_PER_PROJECT) {
      throw new BdpaasException(
          ErrorCode.QUOTA_EXCEEDED,
          "a project holds at most " + MAX_CONFIGS_PER_PROJECT + " launch configurations");
    }
    Instant now = Timestamps.now();
    LaunchConfig config = checked(caller, project, LaunchConfigId.random(), request, now, now);
    if (configs.nameTaken(project.id(), config.name())) {
      throw new BdpaasException(
          ErrorCode.ALREADY_EXISTS,
          "a launch configuration named '" + config.name() + "' exists in this project");
    }
    configs.insert(config);
    return config;
  }

  public LaunchConfig updateConfig(
      Caller caller, ProjectId projectId, LaunchConfigId id, ConfigRequest request) {
    Project project = projects.get(caller, projectId, Project.Kind.STREAMING, WHAT);
    LaunchConfig current = config(caller, projectId, id);
    LaunchConfig edited =
        checked(caller, project, id, request, current.createdAt(), Timestamps.now());
    if (!edited.name().equals(current.name()) && configs.nameTaken(project.id(), edited.name())) {
      throw new BdpaasException(
          ErrorCode.ALREADY_EXISTS,
          "a launch configuration named '" + edited.name() + "' exists in this project");
    }
    if (!configs.save(caller, edited)) {
      throw BdpaasException.notFound("Launch configuration", id);
    }
    return edited;
  }

  public Page<LaunchConfig> configs(Caller caller, ProjectId projectId, PageRequest page) {
    projects.get(caller, projectId);
    return configs.list(caller, projectId, page);
  }

  public LaunchConfig config(Caller caller, ProjectId projectId, LaunchConfigId id) {
    projects.get(caller, projectId);
    return configs
        .find(caller, projectId, id)
        .orElseThrow(() -> BdpaasException.notFound("Launch configuration", id));
  }

  public void deleteConfig(Caller caller, ProjectId projectId, LaunchConfigId id) {
    config(caller, projectId, id);
    configs.delete(caller, id);
  }

  private LaunchConfig checked(
      Caller caller,
      Project project,
      LaunchConfigId id,
      ConfigRequest request,
      Instant created,
      Instant updated) {
    List<Problem> problems = new ArrayList<>();
    if (request.name() == null || !CONFIG_NAME.matcher(request.name()).matches()) {
      problems.add(
          Problem.of(
              "name",
              "must be 1 to 100 letters, digits, spaces, '.', '_' or '-', starting with a letter"
                  + " or digit"));
    }
    Optional<String> version =
        Optional.ofNullable(request.packageVersion()).filter(v -> !v.isEmpty());
    Optional<Target> target =
        target(caller, project, request.packageName(), version, request.application(), problems);
    Optional<LaunchSettings> settings =
        target.map(
            found ->
                settings(
                    project,
                    found.application(),
                    request.parallelism(),
                    request.arguments(),
                    request.properties(),
                    problems));
    BdpaasException.throwIfAny(problems);
    return new LaunchConfig(
        id,
        project.id(),
        project.ownerId(),
        request.name(),
        request.packageName(),
        version,
        target.orElseThrow().application().name(),
        settings.orElseThrow(),
        created,
        updated);
  }

  // Resolution of what a request names

  /** A package version and one of its applications. */
  record Target(StreamPackage version, PackageDescriptor.Application application) {}

  private Optional<Target> target(
      Caller caller,
      Project project,
      String packageName,
      Optional<String> version,
      String application,
      List<Problem> problems) {
    if (packageName == null || packageName.isEmpty()) {
      problems.add(Problem.of("packageName", "is required"));
      return Optional.empty();
    }
    StreamPackage found;
    try {
      found = packages.get(caller, project.id(), packageName, version);
    } catch (BdpaasException e) {
      problems.add(
          Problem.of(
              version.isPresent() ? "packageVersion" : "packageName",
              version.isPresent()
                  ? "package " + packageName + " has no version " + version.get()
                  : "this project has no package named " + packageName));
      return Optional.empty();
    }
    if (application == null || application.isEmpty()) {
      if (found.descriptor().applications().size() == 1) {
        return Optional.of(new Target(found, found.descriptor().applications().get(0)));
      }
      problems.add(
          Problem.of("application", "is required: the package has " + names(found.descriptor())));
      return Optional.empty();
    }
    Optional<PackageDescriptor.Application> app = found.descriptor().application(application);
    if (app.isEmpty()) {
      problems.add(
          Problem.of(
              "application",
              "package "
                  + found.name()
                  + " "
                  + found.version()
                  + " has no application "
                  + application
                  + " (it has "
                  + names(found.descriptor())
                  + ")"));
      return Optional.empty();
    }
    return Optional.of(new Target(found, app.get()));
  }

  private static String names(PackageDescriptor descriptor) {
    return String.join(
        ", ", descriptor.applications().stream().map(PackageDescriptor.Application::name).toList());
  }

  private LaunchSettings settings(
      Project project,
      PackageDescriptor.Application application,
      Integer parallelism,
      List<String> arguments,
      Map<String, String> properties,
      List<Problem> problems) {
    Map<String, String> merged = new LinkedHashMap<>(application.properties());
    if (properties != null) {
      merged.putAll(properties);
    }
    LaunchSettings settings =
        new LaunchSettings(
            parallelism == null ? application.parallelism() : parallelism,
            arguments == null
                ? List.of()
                : arguments.stream().map(a -> a == null ? "" : a).toList(),
            merged);
    problems.addAll(settings.problems());
    if (problems.stream().noneMatch(problem -> problem.field().equals("parallelism"))) {
      problems.addAll(slotProblems(project, settings.parallelism()));
    }
    return settings;
  }

  /** A job needs a slot per parallel instance: more than the project has can never run. */
  private static List<Problem> slotProblems(Project project, int parallelism) {
    int slots = project.size().workers() * project.size().workerCores();
    if (parallelism > slots) {
      return List.of(
          Problem.of(
              "parallelism",
              "must be at most the project's "
                  + slots
                  + " task slots ("
                  + project.size().workers()
                  + " TaskManagers × "
                  + project.size().workerCores()
                  + ")"));
    }
    return List.of();
  }

  private Optional<String> restoreFrom(
      Caller caller,
      Project project,
      Optional<Target> target,
      String asked,
      List<Problem> problems) {
    if (asked == null || asked.isEmpty() || asked.equals(NO_SAVEPOINT)) {
      return Optional.empty();
    }
    if (asked.equals(LATEST_SAVEPOINT)) {
      if (target.isEmpty()) {
        return Optional.empty();
      }
      Optional<Savepoint> newest =
          newestSavepoint(
              caller, project, target.get().version().name(), target.get().application().name());
      if (newest.isEmpty()) {
        problems.add(
            Problem.of(
                "savepoint",
                "application "
                    + target.get().application().name()
                    + " of "
                    + target.get().version().name()
                    + " has no savepoint yet: launch it without one"));
      }
      return newest.map(Savepoint::path);
    }
    if (!SavepointId.isValid(asked)) {
      problems.add(
          Problem.of(
              "savepoint",
              "must be '" + LATEST_SAVEPOINT + "', '" + NO_SAVEPOINT + "' or a savepoint's id"));
      return Optional.empty();
    }
    Optional<Savepoint> chosen = savepoints.find(caller, project.id(), new SavepointId(asked));
    if (chosen.isEmpty()) {
      problems.add(Problem.of("savepoint", "this project has no savepoint " + asked));
    }
    return chosen.map(Savepoint::path);
  }

  private Optional<Savepoint> newestSavepoint(
      Caller caller, Project project, String packageName, String application) {
    return savepoints
        .list(
            caller,
            project.id(),
            Optional.of(packageName),
            Optional.of(application),
            Optional.empty(),
            new PageRequest(0, 1))
        .items()
        .stream()
        .findFirst();
  }

  /** A Flink job id: 16 random bytes in hex. */
  private static String newFlinkJobId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
