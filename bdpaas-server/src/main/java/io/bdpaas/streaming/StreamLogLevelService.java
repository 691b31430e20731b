package io.bdpaas.streaming;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.api.Problem;
import io.bdpaas.engine.flink.FlinkLogLevels;
import io.bdpaas.event.EventKind;
import io.bdpaas.event.EventStore;
import io.bdpaas.event.ResourceKind;
import io.bdpaas.project.ProjectId;
import io.bdpaas.tenancy.Caller;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Setting the level of a running application's loggers, as the seed's "set logging level": the
 * level is kept with the application and put into force on every node of its cluster while it runs
 * (Flink's log4j reads it within {@value StreamLogConfig#RELOAD_SECONDS} seconds), and again on a
 * node that restarts. The application's events say who changed what.
 */
@Service
public class StreamLogLevelService {
  private static final Logger log = LoggerFactory.getLogger(StreamLogLevelService.class);
  static final int MAX_PER_APPLICATION = 50;

  private final StreamAppService apps;
  private final StreamLogLevelStore levels;
  private final StreamLogConfig logConfig;
  private final EventStore events;

  public StreamLogLevelService(
      StreamAppService apps,
      StreamLogLevelStore levels,
      StreamLogConfig logConfig,
      EventStore events) {
    this.apps = apps;
    this.levels = levels;
    this.logConfig = logConfig;
    this.events = events;
  }

  /** A level to set: a logger ({@value FlinkLogLevels#ROOT} or a dotted name) and its level. */
  public record LevelRequest(String logger, String level) {}

  /** The application's levels now, and the nodes whose configuration was just written. */
  public record LogLevels(List<LogLevelSetting> levels, List<String> appliedTo) {}

  public List<LogLevelSetting> list(Caller caller, ProjectId project, StreamAppId id) {
    apps.get(caller, project, id);
    return levels.of(id);
  }

  public LogLevels set(Caller caller, ProjectId project, StreamAppId id, LevelRequest request) {
    StreamApp app = apps.get(caller, project, id);
    List<Problem> problems = new ArrayList<>();
    String logger = request == null ? null : request.logger();
    FlinkLogLevels.problemWithLogger(logger)
        .ifPresent(problem -> problems.add(Problem.of("logger", problem)));
    Optional<FlinkLogLevels.Level> level =
        FlinkLogLevels.Level.parse(request == null ? null : request.level());
    if (level.isEmpty()) {
      problems.add(Problem.of("level", "the level is one of " + levelNames()));
    }
    BdpaasException.throwIfAny(problems);
    requireRunning(app);
    List<LogLevelSetting> current = levels.of(id);
    boolean known = current.stream().anyMatch(setting -> setting.logger().equals(logger));
    if (!known && current.size() >= MAX_PER_APPLICATION) {
      throw new BdpaasException(
          ErrorCode.CONFLICT,
          "application "
              + id
              + " has "
              + MAX_PER_APPLICATION
              + " log levels set already: reset one first");
    }
    levels.set(id, new LogLevelSetting(logger, level.get(), caller.username(), Instant.now()));
    return applied(caller, app, logger + " set to " + level.get() + " by " + caller.username());
  }

  /** Gives a logger back the level the cluster's configuration has. */
  public LogLevels reset(Caller caller, ProjectId project, StreamAppId id, String logger) {
    StreamApp app = apps.get(caller, project, id);
    if (!levels.remove(id, logger)) {
      throw BdpaasException.notFound("Log level", logger + " of application " + id);
    }
    return applied(caller, app, logger + " reset by " + caller.username());
  }

  private LogLevels applied(Caller caller, StreamApp app, String change) {
    List<String> nodes =
        app.clusterId().map(cluster -> logConfig.apply(caller, cluster)).orElse(List.of());
    String message =
        nodes.isEmpty()
            ? change + " (in force when its cluster's nodes run)"
            : change + " (on " + String.join(", ", nodes) + ")";
    events.append(
        ResourceKind.STREAM_APP,
        app.id().value(),
        app.ownerId(),
        EventKind.LOG_LEVEL,
        Optional.empty(),
        "log level: " + message);
    log.info("[app {}] log level: {}", app.id(), message);
    return new LogLevels(levels.of(app.id()), nodes);
  }

  private static void requireRunning(StreamApp app) {
    if (!app.state().isActive() || app.desired() != StreamApp.Desired.RUNNING) {
      throw new BdpaasException(
          ErrorCode.CONFLICT,
          "application "
              + app.id()
              + " is "
              + (app.state().isActive() ? "stopping" : app.state().wireName())
              + ": log levels are set on running applications");
    }
  }

  private static String levelNames() {
    return Arrays.stream(FlinkLogLevels.Level.values())
        .map(Enum::name)
        .collect(Collectors.joining(", "));
  }
}
