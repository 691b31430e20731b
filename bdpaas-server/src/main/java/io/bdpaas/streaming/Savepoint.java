package io.bdpaas.streaming;

import static java.util.Objects.requireNonNull;

import io.bdpaas.project.ProjectId;
import io.bdpaas.tenancy.UserId;
import java.time.Instant;
import java.util.Locale;

/**
 * A savepoint the platform took of an application, kept in its project's storage and offered at the
 * application's next launch.
 */
public record Savepoint(
    SavepointId id,
    StreamAppId appId,
    ProjectId projectId,
    UserId ownerId,
    String packageName,
    String application,
    String path,
    Kind kind,
    Instant createdAt) {
  public Savepoint {
    requireNonNull(id, "id is null");
    requireNonNull(appId, "appId is null");
    requireNonNull(projectId, "projectId is null");
    requireNonNull(ownerId, "ownerId is null");
    requireNonNull(packageName, "packageName is null");
    requireNonNull(application, "application is null");
    requireNonNull(path, "path is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(createdAt, "createdAt is null");
  }

  /** Why it was taken. */
  public enum Kind {
    /** When the application was shut down. */
    SHUTDOWN,
    /** Asked for while it ran. */
    MANUAL;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
