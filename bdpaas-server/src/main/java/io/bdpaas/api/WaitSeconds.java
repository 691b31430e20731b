package io.bdpaas.api;

import java.util.Optional;

/**
 * The {@code wait} parameter of a request that waits for something done elsewhere (a cluster to be
 * ready, a job run to start, a notebook paragraph to end): 1 to {@value #MAX} seconds, the same for
 * every such request.
 */
public final class WaitSeconds {
  public static final int MAX = 60;

  private WaitSeconds() {}

  /** What is wrong with {@code seconds} as a {@code wait}; empty when nothing is. */
  public static Optional<Problem> problem(int seconds) {
    if (seconds >= 1 && seconds <= MAX) {
      return Optional.empty();
    }
    return Optional.of(Problem.of("wait", "must be between 1 and " + MAX + " seconds"));
  }
}
