package io.bdpaas.backend.local;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a node that dies unexpectedly is restarted: exponential back-off from {@code initialBackoff},
 * doubling up to {@code maxBackoff}, at most {@code maxConsecutiveRestarts} times in a row. A
 * process that stayed up for {@code stableAfter} resets the count, so a node that crashes once a
 * day is never given up on.
 */
public record RestartPolicy(
    int maxConsecutiveRestarts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration stableAfter) {

  /** 5 restarts in a row, 1 s doubling up to 30 s, reset after 60 s of uptime. */
  public static final RestartPolicy DEFAULT =
      new RestartPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60));

  /** Never restart: an unexpected exit fails the node at once. */
  public static final RestartPolicy NEVER =
      new RestartPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));

  public RestartPolicy {
    if (maxConsecutiveRestarts < 0) {
      throw new IllegalArgumentException(
          "maxConsecutiveRestarts must not be negative: " + maxConsecutiveRestarts);
    }
    requireNonNull(initialBackoff, "initialBackoff is null");
    requireNonNull(maxBackoff, "maxBackoff is null");
    requireNonNull(stableAfter, "stableAfter is null");
    if (initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("initialBackoff must be positive: " + initialBackoff);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff " + maxBackoff + " is shorter than initialBackoff " + initialBackoff);
    }
    if (stableAfter.isNegative()) {
      throw new IllegalArgumentException("stableAfter must not be negative: " + stableAfter);
    }
  }

  /** The delay before the {@code attempt}-th consecutive restart (1-based). */
  public Duration backoff(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be positive: " + attempt);
    }
    Duration delay = initialBackoff;
    for (int i = 1; i < attempt && delay.compareTo(maxBackoff) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
  }
}
