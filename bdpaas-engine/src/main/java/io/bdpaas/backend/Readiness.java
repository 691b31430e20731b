package io.bdpaas.backend;

/**
 * How to tell that a node group is ready: an HTTP GET that answers 2xx and, optionally, whose JSON
 * has {@code equals} at {@code jsonPointer}, or a number of at least {@code atLeast} there.
 *
 * @param timeoutSeconds how long the group may take to become ready before the cluster fails
 */
public record Readiness(
    String http, String jsonPointer, String equals, Integer atLeast, Integer timeoutSeconds) {
  /** The readiness timeout when a template gives none. */
  public static final int DEFAULT_TIMEOUT_SECONDS = 300;

  public int timeoutOrDefault() {
    return timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
  }
}
