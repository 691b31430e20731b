package io.bdpaas.job;

import static java.util.Objects.requireNonNull;

import io.bdpaas.project.ProjectId;
import io.bdpaas.tenancy.UserId;
import java.time.Instant;

/**
 * A batch job of a Spark project: its definition, at a version each edit increments, and whether it
 * may be run.
 */
public record Job(
    JobId id,
    ProjectId projectId,
    UserId ownerId,
    String name,
    JobDefinition definition,
    long version,
    boolean enabled,
    Instant createdAt,
    Instant updatedAt) {
  public Job {
    requireNonNull(id, "id is null");
    requireNonNull(projectId, "projectId is null");
    requireNonNull(ownerId, "ownerId is null");
    requireNonNull(name, "name is null");
    requireNonNull(definition, "definition is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(updatedAt, "updatedAt is null");
  }
}
