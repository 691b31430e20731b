package io.bdpaas.streaming;

import static java.util.Objects.requireNonNull;

import io.bdpaas.engine.flink.FlinkLogLevels;
import java.time.Instant;

/** A level its owner set on one logger of a running application, and who set it when. */
public record LogLevelSetting(
    String logger, FlinkLogLevels.Level level, String setBy, Instant setAt) {
  public LogLevelSetting {
    requireNonNull(logger, "logger is null");
    requireNonNull(level, "level is null");
    requireNonNull(setBy, "setBy is null");
    requireNonNull(setAt, "setAt is null");
  }
}
