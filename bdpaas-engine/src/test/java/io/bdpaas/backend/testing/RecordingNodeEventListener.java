package io.bdpaas.backend.testing;

import io.bdpaas.backend.NodeEvent;
import io.bdpaas.backend.NodeEventListener;
import io.bdpaas.backend.NodeId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that keeps every event, for assertions. */
public final class RecordingNodeEventListener implements NodeEventListener {
  private final List<NodeEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void onEvent(NodeEvent event) {
    events.add(event);
  }

  public List<NodeEvent> events(NodeId id) {
    return events.stream().filter(event -> event.id().equals(id)).toList();
  }

  public List<NodeEvent.Type> types(NodeId id) {
    return events(id).stream().map(NodeEvent::type).toList();
  }
}
