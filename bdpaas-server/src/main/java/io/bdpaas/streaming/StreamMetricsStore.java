package io.bdpaas.streaming;

import io.bdpaas.store.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Keeps the monitor's samples of running applications ({@code stream_metrics}) for a while. Rows
 * belong to an application and carry no owner of their own: reads take an application that was
 * already resolved on the caller's behalf ({@link StreamAppService#get}).
 */
@Repository
public class StreamMetricsStore {
  private final JdbcClient jdbc;

  public StreamMetricsStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(StreamAppId app, MetricPoint point) {
    jdbc.sql(
            "INSERT INTO stream_metrics (app_id, sampled_at, processed_total, emitted_total,"
                + " processed_per_second, emitted_per_second, latency_ms, backpressure_percent,"
                + " busy_percent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            app.value(),
            Timestamps.toDatabase(point.sampledAt()),
            point.processedTotal(),
            point.emittedTotal(),
            point.processedPerSecond(),
            point.emittedPerSecond(),
            point.latencyMs().orElse(null),
            point.backpressurePercent().orElse(null),
            point.busyPercent().orElse(null))
        .update();
  }

  /** The application's samples taken at or after {@code since}, oldest first. */
  public List<MetricPoint> since(StreamApp app, Instant since) {
    return jdbc.sql(
            "SELECT * FROM stream_metrics WHERE app_id = ? AND sampled_at >= ? ORDER BY"
                + " sampled_at")
        .params(app.id().value(), Timestamps.toDatabase(since))
        .query(StreamMetricsStore::map)
        .list();
  }

  /** The application's newest kept sample. */
  public Optional<MetricPoint> latest(StreamApp app) {
    return jdbc.sql(
            "SELECT * FROM stream_metrics WHERE app_id = ? ORDER BY sampled_at DESC LIMIT 1")
        .param(app.id().value())
        .query(StreamMetricsStore::map)
        .optional();
  }

  /** Deletes the samples taken before {@code before}; answers how many. */
  public int deleteBefore(Instant before) {
    return jdbc.sql("DELETE FROM stream_metrics WHERE sampled_at < ?")
        .param(Timestamps.toDatabase(before))
        .update();
  }

  private static MetricPoint map(ResultSet row, int rowNumber) throws SQLException {
    return new MetricPoint(
        Timestamps.fromDatabase(row, "sampled_at"),
        row.getLong("processed_total"),
        row.getLong("emitted_total"),
        row.getDouble("processed_per_second"),
        row.getDouble("emitted_per_second"),
        optionalDouble(row, "latency_ms"),
        optionalDouble(row, "backpressure_percent"),
        optionalDouble(row, "busy_percent"));
  }

  private static Optional<Double> optionalDouble(ResultSet row, String column) throws SQLException {
    double value = row.getDouble(column);
    return row.wasNull() ? Optional.empty() : Optional.of(value);
  }
}
