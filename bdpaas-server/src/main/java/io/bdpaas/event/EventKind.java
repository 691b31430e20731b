package io.bdpaas.event;

import io.bdpaas.backend.NodeEvent;

/** What an event says happened; the names are the stable {@code type} of the events API. */
public enum EventKind {
  /** The resource's status changed: {@code "scheduling → scheduled: 3 nodes planned"}. */
  STATUS,
  /** A step of the orchestrator ran or its wait ended. */
  STEP,
  /** The resource is waiting for something (capacity, quota), with the reason. */
  SCHEDULING,
  /** A change of the resource's size was asked for or applied. */
  RESIZE,
  /** Processes left behind by an earlier control plane were stopped. */
  ORPHANS_STOPPED,
  NODE_STARTED,
  NODE_ADOPTED,
  NODE_START_FAILED,
  NODE_EXITED,
  NODE_RESTART_SCHEDULED,
  NODE_RESTARTED,
  NODE_GAVE_UP,
  NODE_STOPPED,
  /** The backend reported a problem with a node: an image pull failure, a quota refusal. */
  NODE_WARNING,
  /** A streaming application's job failed, with the cause its engine gave. */
  FAILURE,
  /** A streaming application's job restarts (from its last checkpoint). */
  RESTART,
  /** A savepoint of a streaming application was taken, or taking it failed. */
  SAVEPOINT,
  /** A checkpoint of a streaming application's job failed, with Flink's reason. */
  CHECKPOINT,
  /** A TaskManager joined the cluster a streaming application runs on. */
  CONTAINER_STARTED,
  /** A TaskManager the cluster of a streaming application had is gone. */
  CONTAINER_LOST,
  /** An operator chain of a streaming application's job (all its subtasks) runs. */
  OPERATOR_STARTED,
  /** The level of a streaming application's loggers was set or reset, by whom, on which nodes. */
  LOG_LEVEL;

  /** The kind of a backend's node event. */
  public static EventKind of(NodeEvent.Type type) {
    return valueOf("NODE_" + type.name());
  }
}
