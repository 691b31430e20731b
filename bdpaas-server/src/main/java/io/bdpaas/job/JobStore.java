package io.bdpaas.job;

import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.project.ProjectId;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.Caller;
import io.bdpaas.tenancy.TenantScopedStore;
import io.bdpaas.tenancy.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Persists jobs; every read and write is scoped to the caller (admins see all). */
@Repository
public class JobStore extends TenantScopedStore<Job> {
  static final JsonMapper JSON = JsonMapper.builder().build();

  public JobStore(JdbcClient jdbc) {
    super(jdbc, "jobs", JobStore::map, "updated_at DESC, id DESC");
  }

  public Optional<Job> find(Caller caller, ProjectId project, JobId id) {
    return find(caller, id.value()).filter(job -> job.projectId().equals(project));
  }

  public Page<Job> list(Caller caller, ProjectId project, PageRequest page) {
    return list(caller, Map.of("project_id", project.value()), page);
  }

  public boolean nameTaken(ProjectId project, String name) {
    return jdbc.sql("SELECT COUNT(*) FROM jobs WHERE project_id = ? AND name = ?")
            .params(project.value(), name)
            .query(Long.class)
            .single()
        > 0;
  }

  public long countInProject(ProjectId project) {
    return jdbc.sql("SELECT COUNT(*) FROM jobs WHERE project_id = ?")
        .param(project.value())
        .query(Long.class)
        .single();
  }

  public void insert(Job job) {
    jdbc.sql(
            "INSERT INTO jobs (id, project_id, owner_id, name, kind, definition, version, enabled,"
                + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            job.id().value(),
            job.projectId().value(),
            job.ownerId().value(),
            job.name(),
            job.definition().kindValue().name(),
            JSON.writeValueAsString(job.definition()),
            job.version(),
            job.enabled(),
            Timestamps.toDatabase(job.createdAt()),
            Timestamps.toDatabase(job.updatedAt()))
        .update();
  }

  /**
   * Saves a new name and definition over version {@code version}; false when the job is gone or was
   * edited meanwhile.
   */
  public boolean save(
      Caller caller, JobId id, long version, String name, JobDefinition definition) {
    return updateIf(
        caller,
        id.value(),
        "version = ?",
        "name = ?, kind = ?, definition = ?, version = version + 1, updated_at = ?",
        name,
        definition.kindValue().name(),
        JSON.writeValueAsString(definition),
        Timestamps.toDatabase(Timestamps.now()),
        version);
  }

  public boolean enable(Caller caller, JobId id, boolean enabled) {
    return update(
        caller,
        id.value(),
        "enabled = ?, updated_at = ?",
        enabled,
        Timestamps.toDatabase(Timestamps.now()));
  }

  public boolean delete(Caller caller, JobId id) {
    return delete(caller, id.value());
  }

  private static Job map(ResultSet row, int rowNumber) throws SQLException {
    Instant created = Timestamps.fromDatabase(row, "created_at");
    return new Job(
        new JobId(row.getString("id")),
        new ProjectId(row.getString("project_id")),
        new UserId(row.getLong("owner_id")),
        row.getString("name"),
        JSON.readValue(row.getString("definition"), JobDefinition.class),
        row.getLong("version"),
        row.getBoolean("enabled"),
        created,
        Timestamps.fromDatabase(row, "updated_at"));
  }
}
