package io.bdpaas.notebook;

import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the last run of each paragraph. Runs are reached only through their notebook, which the
 * {@link NotebookStore} finds for callers who may see it; this store is not asked by anyone else.
 */
@Repository
public class ParagraphRunStore {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<Map<String, String>> ARGUMENTS = new TypeReference<>() {};
  private static final TypeReference<List<ParagraphRun.Column>> COLUMNS = new TypeReference<>() {};

  private final JdbcClient jdbc;

  public ParagraphRunStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The notebook's last runs, by paragraph. */
  public Map<ParagraphId, ParagraphRun> ofNotebook(NotebookId notebook) {
    return jdbc
        .sql("SELECT * FROM paragraph_runs WHERE notebook_id = ?")
        .param(notebook.value())
        .query(ParagraphRunStore::map)
        .list()
        .stream()
        .collect(
            java.util.stream.Collectors.toMap(ParagraphRun::paragraphId, run -> run, (a, b) -> a));
  }

  public Optional<ParagraphRun> find(NotebookId notebook, ParagraphId paragraph) {
    return jdbc.sql("SELECT * FROM paragraph_runs WHERE notebook_id = ? AND paragraph_id = ?")
        .params(notebook.value(), paragraph.value())
        .query(ParagraphRunStore::map)
        .optional();
  }

  /**
   * Records the run as the paragraph's last, in place of any earlier one. The runner puts one run
   * of a paragraph at a time, so the row is updated, or inserted for a paragraph's first run.
   */
  public void put(ParagraphRun run) {
    int replaced =
        jdbc.sql(
                "UPDATE paragraph_runs SET run_id = ?, owner_id = ?, status = ?, arguments = ?,"
                    + " error = ?, columns = ?, row_count = ?, truncated = ?, queued_at = ?,"
                    + " started_at = ?, finished_at = ? WHERE notebook_id = ? AND paragraph_id = ?")
            .params(
                run.runId(),
                run.ownerId().value(),
                run.status().name(),
                JSON.writeValueAsString(run.arguments()),
                run.error().map(JSON::writeValueAsString).orElse(null),
                JSON.writeValueAsString(run.columns()),
                run.rowCount(),
                run.truncated(),
                Timestamps.toDatabase(run.queuedAt()),
                run.startedAt().map(Timestamps::toDatabase).orElse(null),
                run.finishedAt().map(Timestamps::toDatabase).orElse(null),
                run.notebookId().value(),
                run.paragraphId().value())
            .update();
    if (replaced == 1) {
      return;
    }
    jdbc.sql(
            "INSERT INTO paragraph_runs (notebook_id, paragraph_id, run_id, owner_id, status,"
                + " arguments, error, columns, row_count, truncated, queued_at, started_at,"
                + " finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            run.notebookId().value(),
            run.paragraphId().value(),
            run.runId(),
            run.ownerId().value(),
            run.status().name(),
            JSON.writeValueAsString(run.arguments()),
            run.error().map(JSON::writeValueAsString).orElse(null),
            JSON.writeValueAsString(run.columns()),
            run.rowCount(),
            run.truncated(),
            Timestamps.toDatabase(run.queuedAt()),
            run.startedAt().map(Timestamps::toDatabase).orElse(null),
            run.finishedAt().map(Timestamps::toDatabase).orElse(null))
        .update();
  }

  /**
   * Updates the run if it is still the paragraph's last (a newer run replaces it); false if not.
   */
  public boolean update(ParagraphRun run) {
    return jdbc.sql(
                "UPDATE paragraph_runs SET status = ?, error = ?, columns = ?, row_count = ?,"
                    + " truncated = ?, started_at = ?, finished_at = ? WHERE notebook_id = ?"
                    + " AND paragraph_id = ? AND run_id = ?")
            .params(
                run.status().name(),
                run.error().map(JSON::writeValueAsString).orElse(null),
                JSON.writeValueAsString(run.columns()),
                run.rowCount(),
                run.truncated(),
                run.startedAt().map(Timestamps::toDatabase).orElse(null),
                run.finishedAt().map(Timestamps::toDatabase).orElse(null),
                run.notebookId().value(),
                run.paragraphId().value(),
                run.runId())
            .update()
        == 1;
  }

  /**
   * Runs that were queued or running when the platform stopped end as failed, saying so: their
   * Spark session went with the platform.
   */
  public int failInterrupted(Instant now) {
    String error =
        JSON.writeValueAsString(
            ParagraphRun.EngineError.of(
                "the platform restarted while this paragraph was queued or running; run it"
                    + " again"));
    return jdbc.sql(
            "UPDATE paragraph_runs SET status = 'FAILED', error = ?, finished_at = ? WHERE status"
                + " IN ('QUEUED', 'RUNNING')")
        .params(error, Timestamps.toDatabase(now))
        .update();
  }

  private static ParagraphRun map(ResultSet row, int rowNumber) throws SQLException {
    String error = row.getString("error");
    String columns = row.getString("columns");
    return new ParagraphRun(
        new NotebookId(row.getString("notebook_id")),
        new ParagraphId(row.getString("paragraph_id")),
        row.getString("run_id"),
        new UserId(row.getLong("owner_id")),
        ParagraphRun.Status.valueOf(row.getString("status")),
        JSON.readValue(row.getString("arguments"), ARGUMENTS),
        Optional.ofNullable(error)
            .map(text -> JSON.readValue(text, ParagraphRun.EngineError.class)),
        columns == null ? List.of() : JSON.readValue(columns, COLUMNS),
        row.getLong("row_count"),
        row.getBoolean("truncated"),
        Timestamps.fromDatabase(row, "queued_at"),
        Optional.ofNullable(row.getObject("started_at"))
            .map(ignored -> timestamp(row, "started_at")),
        Optional.ofNullable(row.getObject("finished_at"))
            .map(ignored -> timestamp(row, "finished_at")));
  }

  private static Instant timestamp(ResultSet row, String column) {
    try {
      return Timestamps.fromDatabase(row, column);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read " + column, e);
    }
  }
}
