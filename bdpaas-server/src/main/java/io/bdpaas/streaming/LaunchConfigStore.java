package io.bdpaas.streaming;

import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.project.ProjectId;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.Caller;
import io.bdpaas.tenancy.TenantScopedStore;
import io.bdpaas.tenancy.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Persists saved launch configurations, scoped to the caller (admins see all). */
@Repository
public class LaunchConfigStore extends TenantScopedStore<LaunchConfig> {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  public LaunchConfigStore(JdbcClient jdbc) {
    super(jdbc, "stream_launch_configs", LaunchConfigStore::map, "name ASC, id ASC");
  }

  public Optional<LaunchConfig> find(Caller caller, ProjectId project, LaunchConfigId id) {
    return find(caller, id.value()).filter(found -> found.projectId().equals(project));
  }

  public Page<LaunchConfig> list(Caller caller, ProjectId project, PageRequest page) {
    return list(caller, Map.of("project_id", project.value()), page);
  }

  public boolean nameTaken(ProjectId project, String name) {
    return jdbc.sql("SELECT COUNT(*) FROM stream_launch_configs WHERE project_id = ? AND name = ?")
            .params(project.value(), name)
            .query(Long.class)
            .single()
        > 0;
  }

  public long countInProject(ProjectId project) {
    return jdbc.sql("SELECT COUNT(*) FROM stream_launch_configs WHERE project_id = ?")
        .param(project.value())
        .query(Long.class)
        .single();
  }

  public void insert(LaunchConfig config) {
    jdbc.sql(
            "INSERT INTO stream_launch_configs (id, project_id, owner_id, name, package_name,"
                + " package_version, application, settings, created_at, updated_at) VALUES (?, ?,"
                + " ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            config.id().value(),
            config.projectId().value(),
            config.ownerId().value(),
            config.name(),
            config.packageName(),
            config.packageVersion().orElse(null),
            config.application(),
            JSON.writeValueAsString(config.settings()),
            Timestamps.toDatabase(config.createdAt()),
            Timestamps.toDatabase(config.updatedAt()))
        .update();
  }

  /** Saves an edited configuration; false when it is gone. */
  public boolean save(Caller caller, LaunchConfig config) {
    return update(
        caller,
        config.id().value(),
        "name = ?, package_name = ?, package_version = ?, application = ?, settings = ?,"
            + " updated_at = ?",
        config.name(),
        config.packageName(),
        config.packageVersion().orElse(null),
        config.application(),
        JSON.writeValueAsString(config.settings()),
        Timestamps.toDatabase(config.updatedAt()));
  }

  public boolean delete(Caller caller, LaunchConfigId id) {
    return delete(caller, id.value());
  }

  private static LaunchConfig map(ResultSet row, int rowNumber) throws SQLException {
    return new LaunchConfig(
        new LaunchConfigId(row.getString("id")),
        new ProjectId(row.getString("project_id")),
        new UserId(row.getLong("owner_id")),
        row.getString("name"),
        row.getString("package_name"),
        Optional.ofNullable(row.getString("package_version")),
        row.getString("application"),
        JSON.readValue(row.getString("settings"), LaunchSettings.class),
        Timestamps.fromDatabase(row, "created_at"),
        Timestamps.fromDatabase(row, "updated_at"));
  }
}
