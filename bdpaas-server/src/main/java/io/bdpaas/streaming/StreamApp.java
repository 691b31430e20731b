package io.bdpaas.streaming;

import static java.util.Objects.requireNonNull;

import io.bdpaas.cluster.ClusterId;
import io.bdpaas.project.ProjectId;
import io.bdpaas.tenancy.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A launched streaming application: an application of a package version, launched with its settings
 * (from a saved configuration or not, from a savepoint or not) as a job on its project's Flink
 * cluster, under a job id chosen before it was submitted. {@code desired} is what its owner asked
 * for; {@code state} what it is, from the engine.
 */
public record StreamApp(
    StreamAppId id,
    ProjectId projectId,
    UserId ownerId,
    Optional<PackageId> packageId,
    String packageName,
    String packageVersion,
    String application,
    String entryClass,
    LaunchSettings settings,
    Optional<String> configName,
    Optional<String> restoreFrom,
    State state,
    Desired desired,
    Optional<String> engineState,
    Optional<String> message,
    Optional<ClusterId> clusterId,
    String flinkJobId,
    Optional<String> flinkJarId,
    Optional<String> stopRequest,
    Instant createdAt,
    Optional<Instant> startedAt,
    Optional<Instant> endedAt,
    Instant updatedAt) {
  public StreamApp {
    requireNonNull(id, "id is null");
    requireNonNull(projectId, "projectId is null");
    requireNonNull(ownerId, "ownerId is null");
    requireNonNull(packageId, "packageId is null");
    requireNonNull(packageName, "packageName is null");
    requireNonNull(packageVersion, "packageVersion is null");
    requireNonNull(application, "application is null");
    requireNonNull(entryClass, "entryClass is null");
    requireNonNull(settings, "settings is null");
    requireNonNull(configName, "configName is null");
    requireNonNull(restoreFrom, "restoreFrom is null");
    requireNonNull(state, "state is null");
    requireNonNull(desired, "desired is null");
    requireNonNull(engineState, "engineState is null");
    requireNonNull(message, "message is null");
    requireNonNull(clusterId, "clusterId is null");
    requireNonNull(flinkJobId, "flinkJobId is null");
    requireNonNull(flinkJarId, "flinkJarId is null");
    requireNonNull(stopRequest, "stopRequest is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(endedAt, "endedAt is null");
    requireNonNull(updatedAt, "updatedAt is null");
  }

  /** Where an application is in its life. */
  public enum State {
    /** Waiting for its cluster, or being submitted. */
    LAUNCHING,
    /** Its job runs. */
    RUNNING,
    /** Its job recovers from a failure (from its last checkpoint). */
    RESTARTING,
    /** Being shut down with a savepoint, or killed. */
    STOPPING,
    /** Shut down with a savepoint, which its next launch can start from. */
    SHUTDOWN,
    /** Cancelled without a savepoint. */
    KILLED,
    /** Its job failed for good, or it could not be launched. */
    FAILED,
    /** Its job ended by itself (a bounded source ran out). */
    FINISHED;

    public boolean isActive() {
      return this == LAUNCHING || this == RUNNING || this == RESTARTING || this == STOPPING;
    }

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What its owner asked for. */
  public enum Desired {
    RUNNING,
    SHUTDOWN,
    KILLED;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** How long it has run: until it ended, or until now. */
  public Optional<Duration> uptime(Instant now) {
    return startedAt.map(start -> Duration.between(start, endedAt.orElse(now)));
  }
}
