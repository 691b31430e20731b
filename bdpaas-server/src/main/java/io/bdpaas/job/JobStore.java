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
import java.util.List;
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
                + " schedule, run_policy, next_fire_at, created_at, updated_at) VALUES (?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            job.id().value(),
            job.projectId().value(),
            job.ownerId().value(),
            job.name(),
            job.definition().kindValue().name(),
            JSON.writeValueAsString(job.definition()),
            job.version(),
            job.enabled(),
            job.schedule().map(JSON::writeValueAsString).orElse(null),
            JSON.writeValueAsString(job.policy()),
            job.nextFireAt().map(Timestamps::toDatabase).orElse(null),
            Timestamps.toDatabase(job.createdAt()),
            Timestamps.toDatabase(job.updatedAt()))
        .update();
  }

  /**
   * Saves a new name and definition over version {@code version}; false when the job is gone or was
   * edited meanwhile.
   */
  public boolean save(Caller caller, JobId id, long version, Job edited) {
    return updateIf(
        caller,
        id.value(),
        "version = ?",
        "name = ?, kind = ?, definition = ?, schedule = ?, run_policy = ?, next_fire_at = ?,"
            + " schedule_note = NULL, version = version + 1, updated_at = ?",
        edited.name(),
        edited.definition().kindValue().name(),
        JSON.writeValueAsString(edited.definition()),
        edited.schedule().map(JSON::writeValueAsString).orElse(null),
        JSON.writeValueAsString(edited.policy()),
        edited.nextFireAt().map(Timestamps::toDatabase).orElse(null),
        Timestamps.toDatabase(Timestamps.now()),
        version);
  }

  /** Enabled jobs of enabled owners whose next fire time has come (for the scheduler). */
  public List<Job> dueForScheduler(Instant now) {
    return jdbc.sql(
            "SELECT * FROM jobs WHERE enabled = TRUE AND next_fire_at IS NOT NULL AND"
                + " next_fire_at <= ? AND owner_id IN (SELECT id FROM users WHERE enabled = TRUE)"
                + " ORDER BY next_fire_at")
        .param(Timestamps.toDatabase(now))
        .query(JobStore::map)
        .list();
  }

  public Optional<Job> findForScheduler(JobId id) {
    return jdbc.sql("SELECT * FROM jobs WHERE id = ?")
        .param(id.value())
        .query(JobStore::map)
        .optional();
  }

  /**
   * Moves the job's next fire time on from {@code fired} (compare-and-set: false when someone else
   * moved it, or the job was edited), with what the scheduler decided.
   */
  public boolean firedForScheduler(
      JobId id, Instant fired, Optional<Instant> next, Optional<String> note) {
    return jdbc.sql(
                "UPDATE jobs SET next_fire_at = ?, schedule_note = COALESCE(?, schedule_note)"
                    + " WHERE id = ? AND next_fire_at = ?")
            .params(
                next.map(Timestamps::toDatabase).orElse(null),
                note.orElse(null),
                id.value(),
                Timestamps.toDatabase(fired))
            .update()
        == 1;
  }

  /** Enables or disables the job; enabling sets when its schedule fires next. */
  public boolean enable(Caller caller, JobId id, boolean enabled, Optional<Instant> nextFireAt) {
    return update(
        caller,
        id.value(),
        "enabled = ?, next_fire_at = ?, updated_at = ?",
        enabled,
        nextFireAt.map(Timestamps::toDatabase).orElse(null),
        Timestamps.toDatabase(Timestamps.now()));
  }

  public boolean delete(Caller caller, JobId id) {
    return delete(caller, id.value());
  }

  private static Job map(ResultSet row, int rowNumber) throws SQLException {
    Instant created = Timestamps.fromDatabase(row, "created_at");
    String schedule = row.getString("schedule");
    return new Job(
        new JobId(row.getString("id")),
        new ProjectId(row.getString("project_id")),
        new UserId(row.getLong("owner_id")),
        row.getString("name"),
        JSON.readValue(row.getString("definition"), JobDefinition.class),
        row.getLong("version"),
        row.getBoolean("enabled"),
        Optional.ofNullable(schedule).map(text -> JSON.readValue(text, JobSchedule.class)),
        JSON.readValue(row.getString("run_policy"), RunPolicy.class),
        row.getObject("next_fire_at") == null
            ? Optional.empty()
            : Optional.of(Timestamps.fromDatabase(row, "next_fire_at")),
        Optional.ofNullable(row.getString("schedule_note")),
        created,
        Timestamps.fromDatabase(row, "updated_at"));
  }
}
