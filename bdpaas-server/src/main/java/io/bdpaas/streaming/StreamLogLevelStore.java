package io.bdpaas.streaming;

import io.bdpaas.cluster.ClusterId;
import io.bdpaas.engine.flink.FlinkLogLevels;
import io.bdpaas.store.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The log levels set on applications. Not scoped to a caller: {@link StreamLogLevelService} reads
 * an application's only after its owner (or an admin) was found to see it.
 */
@Repository
public class StreamLogLevelStore {
  private final JdbcClient jdbc;

  public StreamLogLevelStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** An application's levels, by logger name. */
  public List<LogLevelSetting> of(StreamAppId app) {
    return jdbc.sql("SELECT * FROM stream_log_levels WHERE app_id = ? ORDER BY logger")
        .param(app.value())
        .query(StreamLogLevelStore::map)
        .list();
  }

  /** Takes all of an application's levels away (it ended); answers how many it had. */
  public int removeAll(StreamAppId app) {
    return jdbc.sql("DELETE FROM stream_log_levels WHERE app_id = ?").param(app.value()).update();
  }

  /**
   * The levels in force on a cluster: those of every application active on it, the most verbose
   * where two name the same logger.
   */
  public FlinkLogLevels inForceOn(ClusterId cluster) {
    FlinkLogLevels inForce = FlinkLogLevels.NONE;
    List<Map.Entry<String, FlinkLogLevels.Level>> rows =
        jdbc.sql(
                "SELECT l.logger, l.level FROM stream_log_levels l JOIN stream_apps a ON a.id ="
                    + " l.app_id WHERE a.cluster_id = ? AND a.state IN "
                    + StreamAppStore.ACTIVE)
            .param(cluster.value())
            .query(
                (row, number) ->
                    Map.entry(
                        row.getString("logger"),
                        FlinkLogLevels.Level.valueOf(row.getString("level"))))
            .list();
    for (Map.Entry<String, FlinkLogLevels.Level> row : rows) {
      inForce = inForce.with(new FlinkLogLevels(Map.of(row.getKey(), row.getValue())));
    }
    return inForce;
  }

  /** Sets (or changes) one logger's level. */
  public void set(StreamAppId app, LogLevelSetting setting) {
    if (update(app, setting)) {
      return;
    }
    try {
      jdbc.sql(
              "INSERT INTO stream_log_levels (app_id, logger, level, set_by, set_at) VALUES (?, ?,"
                  + " ?, ?, ?)")
          .params(
              app.value(),
              setting.logger(),
              setting.level().name(),
              setting.setBy(),
              Timestamps.toDatabase(setting.setAt()))
          .update();
    } catch (DuplicateKeyException setMeanwhile) {
      update(app, setting);
    }
  }

  private boolean update(StreamAppId app, LogLevelSetting setting) {
    return jdbc.sql(
                "UPDATE stream_log_levels SET level = ?, set_by = ?, set_at = ? WHERE app_id = ?"
                    + " AND logger = ?")
            .params(
                setting.level().name(),
                setting.setBy(),
                Timestamps.toDatabase(setting.setAt()),
                app.value(),
                setting.logger())
            .update()
        > 0;
  }

  /** Takes one logger's level away; false when the application had none for it. */
  public boolean remove(StreamAppId app, String logger) {
    return jdbc.sql("DELETE FROM stream_log_levels WHERE app_id = ? AND logger = ?")
            .params(app.value(), logger)
            .update()
        > 0;
  }

  private static LogLevelSetting map(ResultSet row, int rowNumber) throws SQLException {
    return new LogLevelSetting(
        row.getString("logger"),
        FlinkLogLevels.Level.valueOf(row.getString("level")),
        row.getString("set_by"),
        Timestamps.fromDatabase(row, "set_at"));
  }
}
