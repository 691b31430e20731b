package io.bdpaas.backend;

/**
 * Lifecycle of a supervised node process, as the supervisor sees it (readiness is probed
 * separately).
 */
public enum NodeState {
  /** Configuration is being written and the process launched. */
  STARTING,
  /** The process is alive. It may not serve requests yet: see {@code ReadinessProbe}. */
  RUNNING,
  /**
   * The process died unexpectedly and is waiting for its back-off delay before being started again.
   */
  BACKING_OFF,
  /** A stop was requested and the process (with its descendants) is being terminated. */
  STOPPING,
  /** Stopped on request; nothing of it runs. */
  STOPPED,
  /** Died too often in a row: the supervisor gave up restarting it. */
  FAILED;

  /** Whether a process of the node may be alive in this state. */
  public boolean isActive() {
    return this == STARTING || this == RUNNING || this == BACKING_OFF || this == STOPPING;
  }
}
