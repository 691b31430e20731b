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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Persists job runs. Reads for people are scoped to the caller (admins see all); the reconciler,
 * which acts for the platform, reads and writes by id ({@code ...ForReconciler}). Each write of a
 * run's state, or of why it waits, wakes the clients waiting for the run ({@link JobRunWatch}).
 */
@Repository
public class JobRunStore extends TenantScopedStore<JobRun> {
  private final JobRunWatch watch;

  public JobRunStore(JdbcClient jdbc, JobRunWatch watch) {
    super(jdbc, "job_runs", JobRunStore::map, "created_at DESC, id DESC");
    this.watch = watch;
  }

  /** What a list of runs is narrowed to; absent parts do not narrow it. */
  public record Filter(
      Optional<ProjectId> project,
      Optional<JobId> job,
      Optional<JobRun.State> state,
      Optional<Instant> since,
      Optional<Instant> until) {
    public static Filter none() {
      return new Filter(
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
  }

  public Optional<JobRun> find(Caller caller, ProjectId project, JobRunId id) {
    return find(caller, id.value()).filter(run -> run.projectId().equals(project));
  }

  public Page<JobRun> list(Caller caller, Filter filter, PageRequest page) {
    Map<String, Object> filters = new java.util.LinkedHashMap<>();
    filter.project().ifPresent(project -> filters.put("project_id", project.value()));
    filter.job().ifPresent(job -> filters.put("job_id", job.value()));
    filter.state().ifPresent(state -> filters.put("state", state.name()));
    filter.since().ifPresent(since -> filters.put("created_at >=", Timestamps.toDatabase(since)));
    filter.until().ifPresent(until -> filters.put("created_at <", Timestamps.toDatabase(until)));
    return list(caller, filters, page);
  }

  public void insert(JobRun run) {
    jdbc.sql(
            "INSERT INTO job_runs (id, job_id, project_id, owner_id, job_name, job_version,"
                + " definition, attempt, run_trigger, state, kill_requested, not_before,"
                + " timeout_seconds, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?)")
        .params(
            run.id().value(),
            run.jobId().value(),
            run.projectId().value(),
            run.ownerId().value(),
            run.jobName(),
            run.jobVersion(),
            JobStore.JSON.writeValueAsString(run.definition()),
            run.attempt(),
            run.trigger().name(),
            run.state().name(),
            run.killRequested(),
            run.notBefore().map(Timestamps::toDatabase).orElse(null),
            run.timeout().map(Duration::toSeconds).orElse(null),
            Timestamps.toDatabase(run.createdAt()),
            Timestamps.toDatabase(run.updatedAt()))
        .update();
  }

  /** Asks for the run to be killed; false when the caller may not or it has ended. */
  public boolean requestKill(Caller caller, JobRunId id) {
    return updateIf(
        caller,
        id.value(),
        "state NOT IN ('FINISHED', 'FAILED', 'KILLED')",
        "kill_requested = TRUE, updated_at = ?",
        Timestamps.toDatabase(Timestamps.now()));
  }

  /** Asks for the run to be killed, for the platform (a replacing schedule, a timeout). */
  public void requestKillForReconciler(JobRunId id) {
    jdbc.sql(
            "UPDATE job_runs SET kill_requested = TRUE, updated_at = ? WHERE id = ? AND state NOT"
                + " IN ('FINISHED', 'FAILED', 'KILLED')")
        .params(Timestamps.toDatabase(Timestamps.now()), id.value())
        .update();
  }

  /** The runs that have not ended, of any owner. */
  public List<JobRunId> activeForReconciler() {
    return jdbc.sql(
            "SELECT id FROM job_runs WHERE state NOT IN ('FINISHED', 'FAILED', 'KILLED')"
                + " ORDER BY created_at")
        .query((row, number) -> new JobRunId(row.getString("id")))
        .list();
  }

  /** Active runs of one project, of any owner (to kill them with the project). */
  public List<JobRunId> activeOfProjectForReconciler(ProjectId project) {
    return jdbc.sql(
            "SELECT id FROM job_runs WHERE project_id = ? AND state NOT IN ('FINISHED', 'FAILED',"
                + " 'KILLED')")
        .param(project.value())
        .query((row, number) -> new JobRunId(row.getString("id")))
        .list();
  }

  /** Active runs of one job. */
  public List<JobRunId> activeOfJobForReconciler(JobId job) {
    return jdbc.sql(
            "SELECT id FROM job_runs WHERE job_id = ? AND state NOT IN ('FINISHED', 'FAILED',"
                + " 'KILLED')")
        .param(job.value())
        .query((row, number) -> new JobRunId(row.getString("id")))
        .list();
  }

  /** Every run of a project (for its logs' clean-up when it is deleted). */
  public List<JobRunId> idsOfProjectForReconciler(ProjectId project) {
    return jdbc.sql("SELECT id FROM job_runs WHERE project_id = ?")
        .param(project.value())
        .query((row, number) -> new JobRunId(row.getString("id")))
        .list();
  }

  /** Runs that ended before {@code before} and still have their kept log, of any owner. */
  public List<JobRunId> logsToPurgeForRetention(Instant before) {
    return jdbc.sql(
            "SELECT id FROM job_runs WHERE ended_at < ? AND logs_purged_at IS NULL ORDER BY"
                + " ended_at")
        .param(Timestamps.toDatabase(before))
        .query((row, number) -> new JobRunId(row.getString("id")))
        .list();
  }

  public void logsPurgedForRetention(JobRunId id, Instant at) {
    jdbc.sql("UPDATE job_runs SET logs_purged_at = ? WHERE id = ?")
        .params(Timestamps.toDatabase(at), id.value())
        .update();
  }

  /** Whether a run of the project already follows this driver. */
  public boolean driverClaimedForReconciler(ProjectId project, String driverId) {
    return jdbc.sql("SELECT COUNT(*) FROM job_runs WHERE project_id = ? AND driver_id = ?")
            .params(project.value(), driverId)
            .query(Long.class)
            .single()
        > 0;
  }

  public Optional<JobRun> findForReconciler(JobRunId id) {
    return jdbc.sql("SELECT * FROM job_runs WHERE id = ?")
        .param(id.value())
        .query(JobRunStore::map)
        .optional();
  }

  /** Marks that the driver is about to be submitted (so that a restart knows it may have been). */
  public void submittingForReconciler(JobRunId id, Instant at, String driverUiKey) {
    jdbc.sql(
            "UPDATE job_runs SET submitting_at = ?, driver_ui_key = ?, updated_at = ? WHERE id = ?")
        .params(Timestamps.toDatabase(at), driverUiKey, Timestamps.toDatabase(at), id.value())
        .update();
  }

  /** The engine took the driver: its id, at once, before anything else. */
  public void acceptedForReconciler(JobRunId id, String driverId, Instant at) {
    jdbc.sql(
            "UPDATE job_runs SET state = 'ACCEPTED', driver_id = ?, waiting = NULL,"
                + " accepted_at = ?, updated_at = ? WHERE id = ? AND state = 'SUBMITTED'")
        .params(driverId, Timestamps.toDatabase(at), Timestamps.toDatabase(at), id.value())
        .update();
    watch.changed(id);
  }

  /** Why the run waits (null: it no longer waits for anything in particular). */
  public void waitingForReconciler(JobRunId id, String why) {
    int changed =
        jdbc.sql(
                "UPDATE job_runs SET waiting = ?, updated_at = ? WHERE id = ? AND (waiting IS NULL"
                    + " OR waiting <> ?)")
            .params(why, Timestamps.toDatabase(Timestamps.now()), id.value(), why)
            .update();
    if (changed > 0) {
      watch.changed(id);
    }
  }

  public void runningForReconciler(JobRunId id, Instant at, Optional<String> workerUi) {
    jdbc.sql(
            "UPDATE job_runs SET state = 'RUNNING', waiting = NULL, started_at = ?,"
                + " worker_ui = COALESCE(?, worker_ui),"
                + " updated_at = ? WHERE id = ? AND state IN ('SUBMITTED', 'ACCEPTED')")
        .params(
            Timestamps.toDatabase(at), workerUi.orElse(null), Timestamps.toDatabase(at), id.value())
        .update();
    watch.changed(id);
  }

  public void workerUiForReconciler(JobRunId id, String workerUi) {
    jdbc.sql("UPDATE job_runs SET worker_ui = ? WHERE id = ?")
        .params(workerUi, id.value())
        .update();
  }

  public void driverUiForReconciler(JobRunId id, String driverUi) {
    jdbc.sql("UPDATE job_runs SET driver_ui = ? WHERE id = ?")
        .params(driverUi, id.value())
        .update();
  }

  /** The run ended; false if it had ended already. */
  public boolean endedForReconciler(
      JobRunId id, JobRun.State state, Optional<String> error, Instant at) {
    boolean ended =
        jdbc.sql(
                    "UPDATE job_runs SET state = ?, error = ?, waiting = NULL, ended_at = ?,"
                        + " updated_at = ? WHERE id = ? AND state NOT IN ('FINISHED', 'FAILED',"
                        + " 'KILLED')")
                .params(
                    state.name(),
                    error.orElse(null),
                    Timestamps.toDatabase(at),
                    Timestamps.toDatabase(at),
                    id.value())
                .update()
            == 1;
    if (ended) {
      watch.changed(id);
    }
    return ended;
  }

  private static JobRun map(ResultSet row, int rowNumber) throws SQLException {
    return new JobRun(
        new JobRunId(row.getString("id")),
        new JobId(row.getString("job_id")),
        new ProjectId(row.getString("project_id")),
        new UserId(row.getLong("owner_id")),
        row.getString("job_name"),
        row.getLong("job_version"),
        JobStore.JSON.readValue(row.getString("definition"), JobDefinition.class),
        row.getInt("attempt"),
        JobRun.Trigger.valueOf(row.getString("run_trigger")),
        JobRun.State.valueOf(row.getString("state")),
        Optional.ofNullable(row.getString("waiting")),
        Optional.ofNullable(row.getString("driver_id")),
        optionalTime(row, "submitting_at"),
        Optional.ofNullable(row.getString("worker_ui")),
        Optional.ofNullable(row.getString("driver_ui")),
        Optional.ofNullable(row.getString("driver_ui_key")),
        Optional.ofNullable(row.getString("error")),
        row.getBoolean("kill_requested"),
        optionalTime(row, "not_before"),
        optionalTime(row, "logs_purged_at"),
        row.getObject("timeout_seconds") == null
            ? Optional.empty()
            : Optional.of(Duration.ofSeconds(row.getLong("timeout_seconds"))),
        Timestamps.fromDatabase(row, "created_at"),
        optionalTime(row, "accepted_at"),
        optionalTime(row, "started_at"),
        optionalTime(row, "ended_at"),
        Timestamps.fromDatabase(row, "updated_at"));
  }

  private static Optional<Instant> optionalTime(ResultSet row, String column) throws SQLException {
    return row.getObject(column) == null
        ? Optional.empty()
        : Optional.of(Timestamps.fromDatabase(row, column));
  }
}
