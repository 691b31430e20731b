package io.bdpaas.streaming;

import static java.util.Objects.requireNonNull;

import io.bdpaas.project.ProjectId;
import io.bdpaas.tenancy.UserId;
import java.time.Instant;

/**
 * One version of an application package of a streaming project: its jar (kept by {@link
 * PackageFiles}) and what it says it contains. Preinstalled packages are the demos every streaming
 * project starts with.
 */
public record StreamPackage(
    PackageId id,
    ProjectId projectId,
    UserId ownerId,
    PackageDescriptor descriptor,
    long sizeBytes,
    String sha256,
    boolean preinstalled,
    Instant createdAt) {
  public StreamPackage {
    requireNonNull(id, "id is null");
    requireNonNull(projectId, "projectId is null");
    requireNonNull(ownerId, "ownerId is null");
    requireNonNull(descriptor, "descriptor is null");
    requireNonNull(sha256, "sha256 is null");
    requireNonNull(createdAt, "createdAt is null");
  }

  public String name() {
    return descriptor.name();
  }

  public String version() {
    return descriptor.version();
  }
}
