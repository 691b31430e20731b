package io.bdpaas.engine.flink;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Levels of named loggers, written into the log4j2 properties file of a Flink node. Flink has no
 * REST call for log levels; its nodes' log4j reads its file again every {@code monitorInterval}
 * seconds, so rewriting the file changes the levels of a running job's loggers (see ENGINES.md).
 * The levels are appended to the node's own configuration: java.util.Properties keeps the last
 * value of a key, so a logger the configuration already names gets its level replaced, and any
 * other gets a new {@code logger.<id>} entry.
 *
 * @param levels by logger name ({@value #ROOT} for the root logger), sorted
 */
public record FlinkLogLevels(Map<String, Level> levels) {
  /** The name of the root logger. */
  public static final String ROOT = "root";

  /** The longest logger name accepted. */
  public static final int MAX_LOGGER_LENGTH = 200;

  private static final Pattern LOGGER_NAME =
      Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*(\\.[A-Za-z_$][A-Za-z0-9_$-]*)*");
  private static final Pattern LOGGER_NAME_KEY = Pattern.compile("logger\\.([^.]+)\\.name");
  private static final String MARK = "# ---- log levels set through BDPaaS";

  /** Log4j's levels, from the most verbose to none at all. */
  public enum Level {
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR,
    OFF;

    /** The level of this name in any case; empty when there is none. */
    public static Optional<Level> parse(String name) {
      if (name == null) {
        return Optional.empty();
      }
      try {
        return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }

    Level moreVerbose(Level other) {
      return compareTo(other) <= 0 ? this : other;
    }
  }

  public static final FlinkLogLevels NONE = new FlinkLogLevels(Map.of());

  public FlinkLogLevels {
    requireNonNull(levels, "levels is null");
    for (Map.Entry<String, Level> entry : levels.entrySet()) {
      Optional<String> problem = problemWithLogger(entry.getKey());
      if (problem.isPresent()) {
        throw new IllegalArgumentException(problem.get());
      }
      requireNonNull(entry.getValue(), "the level of " + entry.getKey() + " is null");
    }
    levels = Collections.unmodifiableSortedMap(new TreeMap<>(levels));
  }

  /**
   * What is wrong with a logger name, if anything: {@value #ROOT}, or a dotted name such as {@code
   * org.apache.flink.runtime.checkpoint} (a class or a package), at most {@value
   * #MAX_LOGGER_LENGTH} characters.
   */
  public static Optional<String> problemWithLogger(String logger) {
    if (logger == null || logger.isBlank()) {
      return Optional.of("a logger is named: 'root' or a dotted name such as 'org.apache.flink'");
    }
    if (logger.length() > MAX_LOGGER_LENGTH) {
      return Optional.of("a logger name is at most " + MAX_LOGGER_LENGTH + " characters");
    }
    if (!logger.equals(ROOT) && !LOGGER_NAME.matcher(logger).matches()) {
      return Optional.of(
          "'"
              + logger
              + "' is not a logger name: 'root' or a dotted name of letters, digits, '_', '$' and"
              + " '-', such as 'org.apache.flink'");
    }
    return Optional.empty();
  }

  /** These levels and the other's: where both name a logger, the more verbose level. */
  public FlinkLogLevels with(FlinkLogLevels other) {
    Map<String, Level> merged = new TreeMap<>(levels);
    other.levels.forEach((logger, level) -> merged.merge(logger, level, Level::moreVerbose));
    return new FlinkLogLevels(merged);
  }

  /**
   * A node's log4j2 properties with these levels in force: the configuration as it is, then one
   * entry per level. With no levels, the configuration unchanged.
   */
  public String applyTo(String log4jProperties) {
    if (levels.isEmpty()) {
      return log4jProperties;
    }
    Map<String, String> idsByLogger = loggerIds(log4jProperties);
    StringBuilder text = new StringBuilder(log4jProperties);
    if (!log4jProperties.isEmpty() && !log4jProperties.endsWith("\n")) {
      text.append('\n');
    }
    text.append(MARK).append('\n');
    int added = 0;
    for (Map.Entry<String, Level> entry : levels.entrySet()) {
      String logger = entry.getKey();
      String level = entry.getValue().name();
      if (logger.equals(ROOT)) {
        text.append("rootLogger.level = ").append(level).append('\n');
        continue;
      }
      String id = idsByLogger.get(logger);
      if (id == null) {
        id = "bdpaas_level_" + added++;
        text.append("logger.").append(id).append(".name = ").append(logger).append('\n');
      }
      text.append("logger.").append(id).append(".level = ").append(level).append('\n');
    }
    return text.toString();
  }

  /** The ids of the loggers a configuration names ({@code logger.<id>.name = <logger>}). */
  private static Map<String, String> loggerIds(String log4jProperties) {
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(log4jProperties));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> ids = new TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      Matcher matcher = LOGGER_NAME_KEY.matcher(key);
      if (matcher.matches()) {
        ids.put(properties.getProperty(key).trim(), matcher.group(1));
      }
    }
    return ids;
  }
}
