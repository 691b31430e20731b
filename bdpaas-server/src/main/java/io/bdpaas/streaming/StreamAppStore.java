package io.bdpaas.streaming;

import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.cluster.ClusterId;
import io.bdpaas.project.ProjectId;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.Caller;
import io.bdpaas.tenancy.TenantScopedStore;
import io.bdpaas.tenancy.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Persists launched applications. Reads and writes on a user's behalf are scoped to the caller
 * (admins see all); the reconciler's ({@code ...ForReconciler}) are not.
 */
@Repository
public class StreamAppStore extends TenantScopedStore<StreamApp> {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final String ACTIVE =
      Arrays.stream(StreamApp.State.values())
          .filter(StreamApp.State::isActive)
          .map(state -> "'" + state.name() + "'")
          .collect(Collectors.joining(", ", "(", ")"));

  public StreamAppStore(JdbcClient jdbc) {
    super(jdbc, "stream_apps", StreamAppStore::map, "created_at DESC, id DESC");
  }

  public Optional<StreamApp> find(Caller caller, ProjectId project, StreamAppId id) {
    return find(caller, id.value()).filter(app -> app.projectId().equals(project));
  }

  /** A project's applications, newest first; only active ones when asked. */
  public Page<StreamApp> list(
      Caller caller, ProjectId project, Optional<StreamApp.State> state, PageRequest page) {
    Map<String, Object> filters = new LinkedHashMap<>();
    filters.put("project_id", project.value());
    state.ifPresent(s -> filters.put("state", s.name()));
    return list(caller, filters, page);
  }

  /** The active applications of the project, newest first. */
  public List<StreamApp> activeOfProject(Caller caller, ProjectId project) {
    return list(caller, Map.of("project_id", project.value()), new PageRequest(0, 500))
        .items()
        .stream()
        .filter(app -> app.state().isActive())
        .toList();
  }

  public void insert(StreamApp app) {
    jdbc.sql(
            "INSERT INTO stream_apps (id, project_id, owner_id, package_id, package_name,"
                + " package_version, application, entry_class, settings, config_name,"
                + " restore_from, state, desired, flink_job_id, created_at, updated_at) VALUES (?,"
                + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            app.id().value(),
            app.projectId().value(),
            app.ownerId().value(),
            app.packageId().map(PackageId::value).orElse(null),
            app.packageName(),
            app.packageVersion(),
            app.application(),
            app.entryClass(),
            JSON.writeValueAsString(app.settings()),
            app.configName().orElse(null),
            app.restoreFrom().orElse(null),
            app.state().name(),
            app.desired().name(),
            app.flinkJobId(),
            Timestamps.toDatabase(app.createdAt()),
            Timestamps.toDatabase(app.updatedAt()))
        .update();
  }

  /**
   * Asks an active application to become {@code desired}; false when it is not active (any more). A
   * kill overrides a shutdown under way; a shutdown does not override a kill.
   */
  public boolean requestDesired(Caller caller, StreamAppId id, StreamApp.Desired desired) {
    return updateIf(
        caller,
        id.value(),
        "state IN " + ACTIVE + " AND (desired = 'RUNNING' OR ? = 'KILLED')",
        "desired = ?, updated_at = ?",
        desired.name(),
        Timestamps.toDatabase(Timestamps.now()),
        desired.name());
  }

  public Optional<StreamApp> findForReconciler(StreamAppId id) {
    return jdbc.sql("SELECT * FROM stream_apps WHERE id = ?")
        .param(id.value())
        .query(StreamAppStore::map)
        .optional();
  }

  public List<StreamAppId> activeForReconciler() {
    return jdbc.sql("SELECT id FROM stream_apps WHERE state IN " + ACTIVE)
        .query((row, n) -> new StreamAppId(row.getString("id")))
        .list();
  }

  /** The applications whose jobs run or recover now (RUNNING or RESTARTING), for the monitor. */
  public List<StreamApp> runningForReconciler() {
    return jdbc.sql("SELECT * FROM stream_apps WHERE state IN ('RUNNING', 'RESTARTING')")
        .query(StreamAppStore::map)
        .list();
  }

  public List<StreamAppId> activeOfProjectForReconciler(ProjectId project) {
    return jdbc.sql("SELECT id FROM stream_apps WHERE project_id = ? AND state IN " + ACTIVE)
        .param(project.value())
        .query((row, n) -> new StreamAppId(row.getString("id")))
        .list();
  }

  /** The active applications that were submitted to this cluster. */
  public List<StreamApp> activeOnClusterForReconciler(ClusterId cluster) {
    return jdbc.sql("SELECT * FROM stream_apps WHERE cluster_id = ? AND state IN " + ACTIVE)
        .param(cluster.value())
        .query(StreamAppStore::map)
        .list();
  }

  public long countActiveOfPackage(PackageId id) {
    return jdbc.sql("SELECT COUNT(*) FROM stream_apps WHERE package_id = ? AND state IN " + ACTIVE)
        .param(id.value())
        .query(Long.class)
        .single();
  }

  /** The jar is on the cluster; the job is about to be submitted. */
  public void jarUploadedForReconciler(StreamAppId id, ClusterId cluster, String jarId) {
    jdbc.sql("UPDATE stream_apps SET cluster_id = ?, flink_jar_id = ?, updated_at = ? WHERE id = ?")
        .params(cluster.value(), jarId, Timestamps.toDatabase(Timestamps.now()), id.value())
        .update();
  }

  /** What the engine says the job is doing now, and the state that follows from it. */
  public void stateForReconciler(
      StreamAppId id,
      StreamApp.State state,
      Optional<String> engineState,
      Optional<String> message,
      Optional<Instant> startedAt) {
    jdbc.sql(
            "UPDATE stream_apps SET state = ?, engine_state = ?, message = ?, started_at ="
                + " COALESCE(started_at, ?), updated_at = ? WHERE id = ?")
        .params(
            state.name(),
            engineState.orElse(null),
            message.orElse(null),
            startedAt.map(Timestamps::toDatabase).orElse(null),
            Timestamps.toDatabase(Timestamps.now()),
            id.value())
        .update();
  }

  /** A stop with a savepoint was asked of the engine (or is no longer under way: empty). */
  public void stopRequestForReconciler(StreamAppId id, Optional<String> request) {
    jdbc.sql("UPDATE stream_apps SET stop_request = ?, updated_at = ? WHERE id = ?")
        .params(request.orElse(null), Timestamps.toDatabase(Timestamps.now()), id.value())
        .update();
  }

  /** Back to running as asked before (a shutdown that failed leaves the job running). */
  public void desiredForReconciler(StreamAppId id, StreamApp.Desired desired) {
    jdbc.sql("UPDATE stream_apps SET desired = ?, updated_at = ? WHERE id = ?")
        .params(desired.name(), Timestamps.toDatabase(Timestamps.now()), id.value())
        .update();
  }

  /** The application ended in {@code state}; false when it had ended already. */
  public boolean endForReconciler(
      StreamAppId id,
      StreamApp.State state,
      Optional<String> engineState,
      Optional<String> message) {
    Instant now = Timestamps.now();
    return jdbc.sql(
                "UPDATE stream_apps SET state = ?, engine_state = COALESCE(?, engine_state),"
                    + " message = ?, stop_request = NULL, ended_at = ?, updated_at = ? WHERE id ="
                    + " ? AND state IN "
                    + ACTIVE)
            .params(
                state.name(),
                engineState.orElse(null),
                message.orElse(null),
                Timestamps.toDatabase(now),
                Timestamps.toDatabase(now),
                id.value())
            .update()
        == 1;
  }

  private static StreamApp map(ResultSet row, int rowNumber) throws SQLException {
    return new StreamApp(
        new StreamAppId(row.getString("id")),
        new ProjectId(row.getString("project_id")),
        new UserId(row.getLong("owner_id")),
        Optional.ofNullable(row.getString("package_id")).map(PackageId::new),
        row.getString("package_name"),
        row.getString("package_version"),
        row.getString("application"),
        row.getString("entry_class"),
        JSON.readValue(row.getString("settings"), LaunchSettings.class),
        Optional.ofNullable(row.getString("config_name")),
        Optional.ofNullable(row.getString("restore_from")),
        StreamApp.State.valueOf(row.getString("state")),
        StreamApp.Desired.valueOf(row.getString("desired")),
        Optional.ofNullable(row.getString("engine_state")),
        Optional.ofNullable(row.getString("message")),
        Optional.ofNullable(row.getString("cluster_id")).map(ClusterId::new),
        row.getString("flink_job_id"),
        Optional.ofNullable(row.getString("flink_jar_id")),
        Optional.ofNullable(row.getString("stop_request")),
        Timestamps.fromDatabase(row, "created_at"),
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
