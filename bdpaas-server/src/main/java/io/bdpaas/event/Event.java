package io.bdpaas.event;

import static java.util.Objects.requireNonNull;

import io.bdpaas.tenancy.UserId;
import java.time.Instant;
import java.util.Optional;

/** Something that happened to a resource or to one of its nodes, shown in its event stream. */
public record Event(
    long id,
    ResourceKind resourceKind,
    String resourceId,
    UserId ownerId,
    Instant time,
    EventKind kind,
    Optional<String> node,
    String message) {
  public Event {
    requireNonNull(resourceKind, "resourceKind is null");
    requireNonNull(resourceId, "resourceId is null");
    requireNonNull(ownerId, "ownerId is null");
    requireNonNull(time, "time is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(node, "node is null");
    requireNonNull(message, "message is null");
  }
}
