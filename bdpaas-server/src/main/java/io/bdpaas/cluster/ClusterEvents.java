package io.bdpaas.cluster;

import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.event.Event;
import io.bdpaas.event.EventKind;
import io.bdpaas.event.EventStore;
import io.bdpaas.event.ResourceKind;
import io.bdpaas.tenancy.Caller;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** A cluster's event stream, kept in the shared event table. */
@Component
public class ClusterEvents {
  private final EventStore store;
  private final ClusterWatch watch;

  public ClusterEvents(EventStore store, ClusterWatch watch) {
    this.store = store;
    this.watch = watch;
  }

  public void record(Cluster cluster, EventKind kind, Optional<String> node, String message) {
    store.append(
        ResourceKind.CLUSTER, cluster.id().value(), cluster.ownerId(), kind, node, message);
    watch.changed(cluster.id());
  }

  public void record(Cluster cluster, EventKind kind, String message) {
    record(cluster, kind, Optional.empty(), message);
  }

  /** A cluster's events, newest first. */
  public Page<ClusterEvent> list(Caller caller, ClusterId cluster, PageRequest page) {
    return store
        .list(caller, ResourceKind.CLUSTER, cluster.value(), Optional.empty(), page)
        .map(ClusterEvents::view);
  }

  /** A cluster's status transitions, newest first. */
  public Page<ClusterEvent> transitions(Caller caller, ClusterId cluster, PageRequest page) {
    return store
        .list(caller, ResourceKind.CLUSTER, cluster.value(), Optional.of(EventKind.STATUS), page)
        .map(ClusterEvents::view);
  }

  private static ClusterEvent view(Event event) {
    return new ClusterEvent(
        event.id(),
        event.resourceId(),
        event.time(),
        event.kind().name(),
        event.node().orElse(null),
        event.message());
  }
}
