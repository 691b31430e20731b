package io.bdpaas.project;

import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.cluster.ClusterId;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.Caller;
import io.bdpaas.tenancy.TenantScopedStore;
import io.bdpaas.tenancy.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Persists projects; every read and write is scoped to the caller (admins see all). */
@Repository
public class ProjectStore extends TenantScopedStore<Project> {

  public ProjectStore(JdbcClient jdbc) {
    super(jdbc, "projects", ProjectStore::map, "created_at DESC, id DESC");
  }

  public Optional<Project> find(Caller caller, ProjectId id) {
    return find(caller, id.value());
  }

  public Page<Project> list(Caller caller, PageRequest page) {
    return list(caller, Optional.empty(), page);
  }

  public void insert(Project project) {
    Project.Size size = project.size();
    jdbc.sql(
            "INSERT INTO projects (id, owner_id, name, kind, description, workers, worker_cores,"
                + " worker_memory_mb, connect_cores, client_token, cluster_id, desired_state,"
                + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            project.id().value(),
            project.ownerId().value(),
            project.name(),
            project.kind().name(),
            project.description(),
            size.workers(),
            size.workerCores(),
            size.workerMemoryMb(),
            size.connectCores(),
            project.clientToken(),
            project.clusterId().map(ClusterId::value).orElse(null),
            project.running() ? "RUNNING" : "STOPPED",
            Timestamps.toDatabase(project.createdAt()),
            Timestamps.toDatabase(project.updatedAt()))
        .update();
  }

  /** How many projects the owner has, for the projects quota. */
  public long countOwnedBy(UserId owner) {
    return jdbc.sql("SELECT COUNT(*) FROM projects WHERE owner_id = ?")
        .param(owner.value())
        .query(Long.class)
        .single();
  }

  public boolean nameTaken(UserId owner, String name) {
    return jdbc.sql("SELECT COUNT(*) FROM projects WHERE owner_id = ? AND name = ?")
            .params(owner.value(), name)
            .query(Long.class)
            .single()
        > 0;
  }

  public boolean updateDescription(Caller caller, ProjectId id, String description) {
    return update(
        caller,
        id.value(),
        "description = ?, updated_at = ?",
        description,
        Timestamps.toDatabase(Timestamps.now()));
  }

  /**
   * Records the cluster that runs the project now, or that it is stopped (cluster kept for its
   * history).
   */
  public boolean setCluster(
      Caller caller, ProjectId id, Optional<ClusterId> cluster, boolean running) {
    return update(
        caller,
        id.value(),
        "cluster_id = ?, desired_state = ?, updated_at = ?",
        cluster.map(ClusterId::value).orElse(null),
        running ? "RUNNING" : "STOPPED",
        Timestamps.toDatabase(Timestamps.now()));
  }

  public boolean setClientToken(Caller caller, ProjectId id, String token) {
    return update(
        caller,
        id.value(),
        "client_token = ?, updated_at = ?",
        token,
        Timestamps.toDatabase(Timestamps.now()));
  }

  public boolean delete(Caller caller, ProjectId id) {
    return delete(caller, id.value());
  }

  private static Project map(ResultSet row, int rowNumber) throws SQLException {
    return new Project(
        new ProjectId(row.getString("id")),
        new UserId(row.getLong("owner_id")),
        row.getString("name"),
        Project.Kind.valueOf(row.getString("kind").toUpperCase(Locale.ROOT)),
        row.getString("description"),
        new Project.Size(
            row.getInt("workers"),
            row.getInt("worker_cores"),
            row.getInt("worker_memory_mb"),
            row.getInt("connect_cores")),
        row.getString("client_token"),
        Optional.ofNullable(row.getString("cluster_id")).map(ClusterId::new),
        "RUNNING".equals(row.getString("desired_state")),
        Timestamps.fromDatabase(row, "created_at"),
        Timestamps.fromDatabase(row, "updated_at"));
  }
}
