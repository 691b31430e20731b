package io.bdpaas.streaming;

import io.bdpaas.project.ProjectId;
import io.bdpaas.tenancy.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The log levels of a running application's loggers: {@code
 * /api/v1/projects/{streamingProjectId}/applications/{appId}/log-levels}.
 */
@RestController
@RequestMapping("/api/v1/projects/{streamingProjectId}/applications/{appId}/log-levels")
@Tag(name = "Streaming")
public class StreamLogLevelController {
  private final StreamLogLevelService logLevels;

  public StreamLogLevelController(StreamLogLevelService logLevels) {
    this.logLevels = logLevels;
  }

  /** A level set on a logger. */
  public record LevelView(String logger, String level, String setBy, Instant setAt) {
    static LevelView of(LogLevelSetting setting) {
      return new LevelView(
          setting.logger(), setting.level().name(), setting.setBy(), setting.setAt());
    }
  }

  /**
   * The application's levels after a change, the nodes whose log configuration was written, and
   * within how many seconds their log4j reads it.
   */
  public record ChangeView(
      List<LevelView> levels, List<String> appliedTo, int takesEffectWithinSeconds) {
    static ChangeView of(StreamLogLevelService.LogLevels changed) {
      return new ChangeView(
          changed.levels().stream().map(LevelView::of).toList(),
          changed.appliedTo(),
          StreamLogConfig.RELOAD_SECONDS);
    }
  }

  @GetMapping
  @Operation(summary = "The levels set on an application's loggers")
  public List<LevelView> levels(
      Caller caller, @PathVariable("streamingProjectId") ProjectId id, @PathVariable String appId) {
    return logLevels.list(caller, id, StreamAppId.parse(appId)).stream()
        .map(LevelView::of)
        .toList();
  }

  @PutMapping
  @Operation(
      summary =
          "Set the level of a running application's logger ('root' or a dotted name such as"
              + " 'org.apache.flink'): TRACE, DEBUG, INFO, WARN, ERROR or OFF, on every node of"
              + " its cluster")
  public ChangeView set(
      Caller caller,
      @PathVariable("streamingProjectId") ProjectId id,
      @PathVariable String appId,
      @RequestBody StreamLogLevelService.LevelRequest request) {
    return ChangeView.of(logLevels.set(caller, id, StreamAppId.parse(appId), request));
  }

  @DeleteMapping("/{logger}")
  @Operation(summary = "Give a logger back the level its cluster's configuration has")
  public ChangeView reset(
      Caller caller,
      @PathVariable("streamingProjectId") ProjectId id,
      @PathVariable String appId,
      @PathVariable String logger) {
    return ChangeView.of(logLevels.reset(caller, id, StreamAppId.parse(appId), logger));
  }
}
