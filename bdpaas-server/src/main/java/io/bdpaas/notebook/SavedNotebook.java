package io.bdpaas.notebook;

import static java.util.Objects.requireNonNull;

import io.bdpaas.project.ProjectId;
import io.bdpaas.tenancy.UserId;
import java.time.Instant;

/**
 * A notebook as it is kept: its document, the project it belongs to and the revision each save
 * increments.
 */
public record SavedNotebook(
    NotebookId id,
    ProjectId projectId,
    UserId ownerId,
    Notebook notebook,
    long revision,
    Instant createdAt,
    Instant updatedAt) {
  public SavedNotebook {
    requireNonNull(id, "id is null");
    requireNonNull(projectId, "projectId is null");
    requireNonNull(ownerId, "ownerId is null");
    requireNonNull(notebook, "notebook is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(updatedAt, "updatedAt is null");
  }
}
