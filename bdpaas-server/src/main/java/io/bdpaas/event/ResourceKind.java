package io.bdpaas.event;

/** The kinds of resources the reconcilers drive, whose events share one table. */
public enum ResourceKind {
  CLUSTER,
  /** A launched streaming application. */
  STREAM_APP
}
