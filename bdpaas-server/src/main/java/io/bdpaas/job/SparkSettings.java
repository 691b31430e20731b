package io.bdpaas.job;

import io.bdpaas.api.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A job's Spark resources and extra configuration. Absent sizes take their defaults (one core and
 * 512 MB for the driver and for each executor). The configuration may not touch what the platform
 * owns: where the job runs, how it authenticates, and its web UI's protection.
 */
public record SparkSettings(
    Integer driverCores,
    Integer driverMemoryMb,
    Integer executorCores,
    Integer executorMemoryMb,
    Integer maxCores,
    Map<String, String> conf) {
  static final int DEFAULT_CORES = 1;
  static final int DEFAULT_MEMORY_MB = 512;
  private static final int MAX_CORES = 64;
  private static final int MIN_MEMORY_MB = 256;
  private static final int MAX_MEMORY_MB = 65_536;
  private static final int MAX_CONF = 100;
  private static final int MAX_VALUE = 4000;
  // The platform sets these; a job that changed them would run elsewhere, unauthenticated, or with
  // its web UI open.
  private static final List<String> PLATFORM_KEYS =
      List.of(
          "spark.master",
          "spark.submit.",
          "spark.authenticate",
          "spark.network.crypto.",
          "spark.ui.filters",
          "spark.org.apache.spark.ui.",
          "spark.ui.port",
          "spark.ui.killEnabled",
          "spark.driver.supervise",
          "spark.driver.host",
          "spark.driver.bindAddress",
          "spark.jars",
          "spark.app.name",
          "spark.driver.cores",
          "spark.driver.memory",
          "spark.executor.cores",
          "spark.executor.memory",
          "spark.cores.max",
          "spark.executorEnv.",
          "spark.driverEnv.",
          "spark.driver.extraJavaOptions",
          "spark.executor.extraJavaOptions",
          "spark.driver.extraClassPath",
          "spark.executor.extraClassPath",
          "spark.driver.extraLibraryPath",
          "spark.executor.extraLibraryPath");

  public SparkSettings {
    conf = conf == null ? Map.of() : Map.copyOf(new TreeMap<>(conf));
  }

  public static SparkSettings defaults() {
    return new SparkSettings(null, null, null, null, null, Map.of());
  }

  /** The same settings with every absent size at its default. */
  public SparkSettings resolved() {
    return new SparkSettings(
        driverCores(), driverMemoryMb(), executorCores(), executorMemoryMb(), maxCores(), conf);
  }

  @Override
  public Integer driverCores() {
    return driverCores == null ? DEFAULT_CORES : driverCores;
  }

  @Override
  public Integer driverMemoryMb() {
    return driverMemoryMb == null ? DEFAULT_MEMORY_MB : driverMemoryMb;
  }

  @Override
  public Integer executorCores() {
    return executorCores == null ? DEFAULT_CORES : executorCores;
  }

  @Override
  public Integer executorMemoryMb() {
    return executorMemoryMb == null ? DEFAULT_MEMORY_MB : executorMemoryMb;
  }

  /** The most cores the job's executors hold together (spark.cores.max). */
  @Override
  public Integer maxCores() {
    return maxCores == null ? executorCores() : maxCores;
  }

  /** Every problem, each named by its field under {@code prefix}. */
  public List<Problem> problems(String prefix) {
    List<Problem> problems = new ArrayList<>();
    range(problems, prefix + "driverCores", driverCores(), 1, MAX_CORES);
    range(problems, prefix + "executorCores", executorCores(), 1, MAX_CORES);
    range(problems, prefix + "maxCores", maxCores(), 1, MAX_CORES);
    range(problems, prefix + "driverMemoryMb", driverMemoryMb(), MIN_MEMORY_MB, MAX_MEMORY_MB);
    range(problems, prefix + "executorMemoryMb", executorMemoryMb(), MIN_MEMORY_MB, MAX_MEMORY_MB);
    if (maxCores() < executorCores()) {
      problems.add(
          Problem.of(
              prefix + "maxCores", "must be at least executorCores (" + executorCores() + ")"));
    }
    if (conf.size() > MAX_CONF) {
      problems.add(Problem.of(prefix + "conf", "may hold at most " + MAX_CONF + " settings"));
    }
    conf.forEach(
        (key, value) -> {
          String field = prefix + "conf." + key;
          if (!key.startsWith("spark.") || key.length() > 200 || !key.matches("[A-Za-z0-9._-]+")) {
            problems.add(
                Problem.of(
                    field, "must be a Spark setting: spark. and letters, digits, '.', '_' or '-'"));
          } else if (isPlatformKey(key)) {
            problems.add(
                Problem.of(field, "is set by the platform; use the job's own fields for sizes"));
          }
          if (value == null || value.length() > MAX_VALUE || value.indexOf('\n') >= 0) {
            problems.add(
                Problem.of(field, "must be one line of at most " + MAX_VALUE + " characters"));
          }
        });
    return problems;
  }

  private static boolean isPlatformKey(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return PLATFORM_KEYS.stream()
        .map(owned -> owned.toLowerCase(Locale.ROOT))
        .anyMatch(
            owned ->
                owned.endsWith(".")
                    ? lower.startsWith(owned)
                    : lower.equals(owned) || lower.startsWith(owned + "."));
  }

  private static void range(List<Problem> problems, String field, int value, int min, int max) {
    if (value < min || value > max) {
      problems.add(Problem.of(field, "must be between " + min + " and " + max));
    }
  }
}
