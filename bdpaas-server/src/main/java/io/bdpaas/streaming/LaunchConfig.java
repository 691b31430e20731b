package io.bdpaas.streaming;

import static java.util.Objects.requireNonNull;

import io.bdpaas.project.ProjectId;
import io.bdpaas.tenancy.UserId;
import java.time.Instant;
import java.util.Optional;

/**
 * A saved launch configuration: an application of a package — of one version, or of the newest when
 * {@code packageVersion} is empty — with the settings to launch it with.
 */
public record LaunchConfig(
    LaunchConfigId id,
    ProjectId projectId,
    UserId ownerId,
    String name,
    String packageName,
    Optional<String> packageVersion,
    String application,
    LaunchSettings settings,
    Instant createdAt,
    Instant updatedAt) {
  public LaunchConfig {
    requireNonNull(id, "id is null");
    requireNonNull(projectId, "projectId is null");
    requireNonNull(ownerId, "ownerId is null");
    requireNonNull(name, "name is null");
    requireNonNull(packageName, "packageName is null");
    requireNonNull(packageVersion, "packageVersion is null");
    requireNonNull(application, "application is null");
    requireNonNull(settings, "settings is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(updatedAt, "updatedAt is null");
  }
}
