package io.bdpaas.event;

import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.Caller;
import io.bdpaas.tenancy.TenantScopedStore;
import io.bdpaas.tenancy.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The one event table of every reconciled resource (clusters now; job runs and streaming
 * applications next). Events are owned like their resource and read through the tenant scope.
 */
@Repository
public class EventStore extends TenantScopedStore<Event> {
  static final int MAX_MESSAGE_LENGTH = 2000;

  public EventStore(JdbcClient jdbc) {
    super(jdbc, "events", EventStore::map, "id DESC");
  }

  public void append(
      ResourceKind resourceKind,
      String resourceId,
      UserId owner,
      EventKind kind,
      Optional<String> node,
      String message) {
    jdbc.sql(
            "INSERT INTO events (resource_kind, resource_id, owner_id, created_at, kind, node,"
                + " message) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .params(
            resourceKind.name(),
            resourceId,
            owner.value(),
            Timestamps.toDatabase(Timestamps.now()),
            kind.name(),
            node.orElse(null),
            message.length() > MAX_MESSAGE_LENGTH
                ? message.substring(0, MAX_MESSAGE_LENGTH)
                : message)
        .update();
  }

  /** A resource's events, newest first, optionally of one kind only. */
  public Page<Event> list(
      Caller caller,
      ResourceKind resourceKind,
      String resourceId,
      Optional<EventKind> kind,
      PageRequest page) {
    Map<String, Object> filters = new LinkedHashMap<>();
    filters.put("resource_kind", resourceKind.name());
    filters.put("resource_id", resourceId);
    kind.ifPresent(k -> filters.put("kind", k.name()));
    return list(caller, filters, page);
  }

  /** The newest events of these kinds, of any resource the caller may see. */
  public Page<Event> newestOfKinds(Caller caller, Collection<EventKind> kinds, PageRequest page) {
    Map<String, Object> filters = new LinkedHashMap<>();
    filters.put("kind IN", kinds.stream().map(EventKind::name).toList());
    return list(caller, filters, page);
  }

  private static Event map(ResultSet row, int rowNumber) throws SQLException {
    return new Event(
        row.getLong("id"),
        ResourceKind.valueOf(row.getString("resource_kind")),
        row.getString("resource_id"),
        new UserId(row.getLong("owner_id")),
        Timestamps.fromDatabase(row, "created_at"),
        EventKind.valueOf(row.getString("kind")),
        Optional.ofNullable(row.getString("node")),
        row.getString("message"));
  }
}
