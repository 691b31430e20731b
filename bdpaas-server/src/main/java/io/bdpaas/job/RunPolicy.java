package io.bdpaas.job;

import io.bdpaas.api.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How each run of a job is looked after: a run that fails is tried again up to {@code retries}
 * times, after {@code retryBackoffSeconds}, doubled for each further attempt (at most an hour); a
 * run still going after {@code timeoutMinutes} is killed and fails. A killed run is not retried.
 */
public record RunPolicy(Integer retries, Integer retryBackoffSeconds, Integer timeoutMinutes) {
  private static final int MAX_RETRIES = 10;
  private static final Duration MAX_BACKOFF = Duration.ofHours(1);

  public static RunPolicy defaults() {
    return new RunPolicy(null, null, null);
  }

  @Override
  public Integer retries() {
    return retries == null ? 0 : retries;
  }

  @Override
  public Integer retryBackoffSeconds() {
    return retryBackoffSeconds == null ? 30 : retryBackoffSeconds;
  }

  /** No timeout when absent or 0. */
  @Override
  public Integer timeoutMinutes() {
    return timeoutMinutes == null ? 0 : timeoutMinutes;
  }

  public Optional<Duration> timeout() {
    return timeoutMinutes() == 0
        ? Optional.empty()
        : Optional.of(Duration.ofMinutes(timeoutMinutes()));
  }

  /** How long attempt {@code attempt + 1} waits after attempt {@code attempt} failed. */
  public Duration backoffAfter(int attempt) {
    Duration backoff = Duration.ofSeconds(retryBackoffSeconds());
    for (int i = 1; i < attempt && backoff.compareTo(MAX_BACKOFF) < 0; i++) {
      backoff = backoff.multipliedBy(2);
    }
    return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
  }

  public List<Problem> problems(String prefix) {
    List<Problem> problems = new ArrayList<>();
    if (retries() < 0 || retries() > MAX_RETRIES) {
      problems.add(Problem.of(prefix + "retries", "must be between 0 and " + MAX_RETRIES));
    }
    if (retryBackoffSeconds() < 1 || retryBackoffSeconds() > 3600) {
      problems.add(Problem.of(prefix + "retryBackoffSeconds", "must be between 1 and 3600"));
    }
    if (timeoutMinutes() < 0 || timeoutMinutes() > 7 * 24 * 60) {
      problems.add(
          Problem.of(prefix + "timeoutMinutes", "must be between 0 (none) and " + 7 * 24 * 60));
    }
    return problems;
  }
}
