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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Persists package versions; every read and write is scoped to the caller (admins see all). */
@Repository
public class PackageStore extends TenantScopedStore<StreamPackage> {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<List<PackageDescriptor.Application>> APPLICATIONS =
      new TypeReference<>() {};

  public PackageStore(JdbcClient jdbc) {
    super(jdbc, "stream_packages", PackageStore::map, "name ASC, created_at DESC, id DESC");
  }

  public Optional<StreamPackage> find(Caller caller, ProjectId project, PackageId id) {
    return find(caller, id.value()).filter(found -> found.projectId().equals(project));
  }

  /** A project's package versions, by name and newest version first. */
  public Page<StreamPackage> list(Caller caller, ProjectId project, PageRequest page) {
    return list(caller, Map.of("project_id", project.value()), page);
  }

  /** The versions of one package, newest first. */
  public List<StreamPackage> versions(Caller caller, ProjectId project, String name) {
    return list(
            caller,
            Map.of("project_id", project.value(), "name", name),
            new PageRequest(0, PageRequest.MAX_SIZE))
        .items();
  }

  public Optional<StreamPackage> findVersion(
      Caller caller, ProjectId project, String name, String version) {
    return versions(caller, project, name).stream()
        .filter(found -> found.version().equals(version))
        .findFirst();
  }

  public long countInProject(ProjectId project) {
    return jdbc.sql("SELECT COUNT(*) FROM stream_packages WHERE project_id = ?")
        .param(project.value())
        .query(Long.class)
        .single();
  }

  /** Ids of every package version of the project, whatever the caller (for its deletion). */
  public List<PackageId> idsOfProjectForCleanup(ProjectId project) {
    return jdbc.sql("SELECT id FROM stream_packages WHERE project_id = ?")
        .param(project.value())
        .query((row, n) -> new PackageId(row.getString("id")))
        .list();
  }

  public void insert(StreamPackage version) {
    jdbc.sql(
            "INSERT INTO stream_packages (id, project_id, owner_id, name, version, description,"
                + " applications, size_bytes, sha256, preinstalled, created_at) VALUES (?, ?, ?,"
                + " ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            version.id().value(),
            version.projectId().value(),
            version.ownerId().value(),
            version.name(),
            version.version(),
            version.descriptor().description(),
            JSON.writeValueAsString(version.descriptor().applications()),
            version.sizeBytes(),
            version.sha256(),
            version.preinstalled(),
            Timestamps.toDatabase(version.createdAt()))
        .update();
  }

  public boolean delete(Caller caller, PackageId id) {
    return delete(caller, id.value());
  }

  private static StreamPackage map(ResultSet row, int rowNumber) throws SQLException {
    return new StreamPackage(
        new PackageId(row.getString("id")),
        new ProjectId(row.getString("project_id")),
        new UserId(row.getLong("owner_id")),
        new PackageDescriptor(
            row.getString("name"),
            row.getString("version"),
            row.getString("description"),
            JSON.readValue(row.getString("applications"), APPLICATIONS)),
        row.getLong("size_bytes"),
        row.getString("sha256"),
        row.getBoolean("preinstalled"),
        Timestamps.fromDatabase(row, "created_at"));
  }
}
