package io.bdpaas.cluster;

import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.Caller;
import io.bdpaas.tenancy.TenantScopedStore;
import io.bdpaas.tenancy.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The event stream of clusters: status transitions and node events, owned like their cluster. */
@Repository
public class ClusterEventStore extends TenantScopedStore<ClusterEvent> {

  public ClusterEventStore(JdbcClient jdbc) {
    super(jdbc, "cluster_events", ClusterEventStore::map, "id DESC");
  }

  public void append(ClusterId cluster, UserId owner, String type, String node, String message) {
    jdbc.sql(
            "INSERT INTO cluster_events (cluster_id, owner_id, created_at, type, node, message)"
                + " VALUES (?, ?, ?, ?, ?, ?)")
        .params(
            cluster.value(),
            owner.value(),
            Timestamps.toDatabase(Timestamps.now()),
            type,
            node,
            message.length() > 2000 ? message.substring(0, 2000) : message)
        .update();
  }

  /** A cluster's events, newest first. */
  public Page<ClusterEvent> list(Caller caller, ClusterId cluster, PageRequest page) {
    Map<String, Object> filters = new LinkedHashMap<>();
    filters.put("cluster_id", cluster.value());
    return list(caller, filters, page);
  }

  /** A cluster's status transitions, newest first. */
  public Page<ClusterEvent> transitions(Caller caller, ClusterId cluster, PageRequest page) {
    Map<String, Object> filters = new LinkedHashMap<>();
    filters.put("cluster_id", cluster.value());
    filters.put("type", "STATUS");
    return list(caller, filters, page);
  }

  private static ClusterEvent map(ResultSet row, int rowNumber) throws SQLException {
    return new ClusterEvent(
        row.getLong("id"),
        row.getString("cluster_id"),
        Timestamps.fromDatabase(row, "created_at"),
        row.getString("type"),
        row.getString("node"),
        row.getString("message"));
  }
}
