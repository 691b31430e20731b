package io.bdpaas.backend;

/**
 * Receives node events from a backend. Called on the backend's own threads: implementations must be
 * quick and thread-safe, and must not throw (exceptions are logged and dropped).
 */
@FunctionalInterface
public interface NodeEventListener {
  /** A listener that ignores every event. */
  NodeEventListener NONE = event -> {};

  void onEvent(NodeEvent event);
}
