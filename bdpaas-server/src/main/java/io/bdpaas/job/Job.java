package io.bdpaas.job;

import static java.util.Objects.requireNonNull;

import io.bdpaas.project.ProjectId;
import io.bdpaas.tenancy.UserId;
import java.time.Instant;
import java.util.Optional;

/**
 * A batch job of a Spark project: its definition, at a version each edit increments, whether it may
 * be run, when it runs by itself (its schedule and the next fire time) and how its runs are looked
 * after (retries, timeout).
 */
public record Job(
    JobId id,
    ProjectId projectId,
    UserId ownerId,
    String name,
    JobDefinition definition,
    long version,
    boolean enabled,
    Optional<JobSchedule> schedule,
    RunPolicy policy,
    Optional<Instant> nextFireAt,
    Optional<String> scheduleNote,
    Instant createdAt,
    Instant updatedAt) {
  public Job {
    requireNonNull(id, "id is null");
    requireNonNull(projectId, "projectId is null");
    requireNonNull(ownerId, "ownerId is null");
    requireNonNull(name, "name is null");
    requireNonNull(definition, "definition is null");
    requireNonNull(schedule, "schedule is null");
    requireNonNull(policy, "policy is null");
    requireNonNull(nextFireAt, "nextFireAt is null");
    requireNonNull(scheduleNote, "scheduleNote is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(updatedAt, "updatedAt is null");
  }
}
