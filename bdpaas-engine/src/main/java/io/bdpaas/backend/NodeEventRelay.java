package io.bdpaas.backend;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Hands a backend's node events to listeners that subscribe after the backend was made (the
 * reconciler that uses a backend also listens to it).
 */
public final class NodeEventRelay implements NodeEventListener {
  private static final System.Logger LOG = System.getLogger(NodeEventRelay.class.getName());
  private final List<NodeEventListener> listeners = new CopyOnWriteArrayList<>();

  public void subscribe(NodeEventListener listener) {
    listeners.add(listener);
  }

  public void unsubscribe(NodeEventListener listener) {
    listeners.remove(listener);
  }

  @Override
  public void onEvent(NodeEvent event) {
    for (NodeEventListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING, "[" + event.id() + "] a node event listener failed", e);
      }
    }
  }
}
