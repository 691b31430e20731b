package io.bdpaas.notebook;

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

/** Persists notebooks; every read and write is scoped to the caller (admins see all). */
@Repository
public class NotebookStore extends TenantScopedStore<SavedNotebook> {

  public NotebookStore(JdbcClient jdbc) {
    super(jdbc, "notebooks", NotebookStore::map, "updated_at DESC, id DESC");
  }

  public Optional<SavedNotebook> find(Caller caller, ProjectId project, NotebookId id) {
    return find(caller, id.value()).filter(saved -> saved.projectId().equals(project));
  }

  public Page<SavedNotebook> list(Caller caller, ProjectId project, PageRequest page) {
    return list(caller, Map.of("project_id", project.value()), page);
  }

  /** Every notebook of the project, whoever asks (for the platform's own clean-up). */
  public List<NotebookId> idsOfProject(ProjectId project) {
    return jdbc.sql("SELECT id FROM notebooks WHERE project_id = ?")
        .param(project.value())
        .query((row, number) -> new NotebookId(row.getString("id")))
        .list();
  }

  public boolean nameTaken(ProjectId project, String name) {
    return jdbc.sql("SELECT COUNT(*) FROM notebooks WHERE project_id = ? AND name = ?")
            .params(project.value(), name)
            .query(Long.class)
            .single()
        > 0;
  }

  public void insert(SavedNotebook saved) {
    jdbc.sql(
            "INSERT INTO notebooks (id, project_id, owner_id, name, document, revision, created_at,"
                + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            saved.id().value(),
            saved.projectId().value(),
            saved.ownerId().value(),
            saved.notebook().name(),
            NotebookJson.write(saved.notebook()),
            saved.revision(),
            Timestamps.toDatabase(saved.createdAt()),
            Timestamps.toDatabase(saved.updatedAt()))
        .update();
  }

  /**
   * Saves a new document over revision {@code revision}; false when the notebook is gone or was
   * saved meanwhile (its revision moved on).
   */
  public boolean save(Caller caller, NotebookId id, long revision, Notebook notebook) {
    Instant now = Timestamps.now();
    return updateIf(
        caller,
        id.value(),
        "revision = ?",
        "name = ?, document = ?, revision = revision + 1, updated_at = ?",
        notebook.name(),
        NotebookJson.write(notebook),
        Timestamps.toDatabase(now),
        revision);
  }

  public boolean delete(Caller caller, NotebookId id) {
    return delete(caller, id.value());
  }

  private static SavedNotebook map(ResultSet row, int rowNumber) throws SQLException {
    return new SavedNotebook(
        new NotebookId(row.getString("id")),
        new ProjectId(row.getString("project_id")),
        new UserId(row.getLong("owner_id")),
        NotebookJson.read(row.getString("document")),
        row.getLong("revision"),
        Timestamps.fromDatabase(row, "created_at"),
        Timestamps.fromDatabase(row, "updated_at"));
  }
}
