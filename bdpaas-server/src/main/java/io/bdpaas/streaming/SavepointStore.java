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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The catalog of savepoints; reads are scoped to the caller (admins see all). */
@Repository
public class SavepointStore extends TenantScopedStore<Savepoint> {
  public SavepointStore(JdbcClient jdbc) {
    super(jdbc, "stream_savepoints", SavepointStore::map, "created_at DESC, id DESC");
  }

  public Optional<Savepoint> find(Caller caller, ProjectId project, SavepointId id) {
    return find(caller, id.value()).filter(found -> found.projectId().equals(project));
  }

  /**
   * A project's savepoints, newest first: of one application of a package when both are given, of
   * one launched instance when {@code app} is.
   */
  public Page<Savepoint> list(
      Caller caller,
      ProjectId project,
      Optional<String> packageName,
      Optional<String> application,
      Optional<StreamAppId> app,
      PageRequest page) {
    Map<String, Object> filters = new LinkedHashMap<>();
    filters.put("project_id", project.value());
    packageName.ifPresent(name -> filters.put("package_name", name));
    application.ifPresent(name -> filters.put("application", name));
    app.ifPresent(id -> filters.put("app_id", id.value()));
    return list(caller, filters, page);
  }

  public void insert(Savepoint savepoint) {
    jdbc.sql(
            "INSERT INTO stream_savepoints (id, app_id, project_id, owner_id, package_name,"
                + " application, path, kind, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            savepoint.id().value(),
            savepoint.appId().value(),
            savepoint.projectId().value(),
            savepoint.ownerId().value(),
            savepoint.packageName(),
            savepoint.application(),
            savepoint.path(),
            savepoint.kind().name(),
            Timestamps.toDatabase(savepoint.createdAt()))
        .update();
  }

  private static Savepoint map(ResultSet row, int rowNumber) throws SQLException {
    return new Savepoint(
        new SavepointId(row.getString("id")),
        new StreamAppId(row.getString("app_id")),
        new ProjectId(row.getString("project_id")),
        new UserId(row.getLong("owner_id")),
        row.getString("package_name"),
        row.getString("application"),
        row.getString("path"),
        Savepoint.Kind.valueOf(row.getString("kind")),
        Timestamps.fromDatabase(row, "created_at"));
  }
}
