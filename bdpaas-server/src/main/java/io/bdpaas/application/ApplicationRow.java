package io.bdpaas.application;

import static java.util.Objects.requireNonNull;

import io.bdpaas.project.ProjectId;
import io.bdpaas.tenancy.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One application of any kind, as the all-applications list shows it: a Spark job run or a
 * streaming application, with its owner, its project and a phase common to both kinds.
 *
 * @param state the kind's own state ({@code RUNNING}, {@code SHUTDOWN}, ...)
 * @param detail what it runs: {@code job} for a Spark run, {@code package @ version} for a
 *     streaming application
 * @param clusterId the cluster its project runs on, if it runs
 * @param engineJobId the engine's id of it where the platform knows one (a Flink job's)
 */
public record ApplicationRow(
    String id,
    Kind kind,
    UserId ownerId,
    String ownerName,
    ProjectId projectId,
    String projectName,
    String name,
    String detail,
    String state,
    Phase phase,
    Optional<String> message,
    Instant createdAt,
    Optional<Instant> startedAt,
    Optional<Instant> endedAt,
    Optional<String> clusterId,
    Optional<String> engineJobId) {
  public ApplicationRow {
    requireNonNull(id, "id is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(ownerId, "ownerId is null");
    requireNonNull(ownerName, "ownerName is null");
    requireNonNull(projectId, "projectId is null");
    requireNonNull(projectName, "projectName is null");
    requireNonNull(name, "name is null");
    requireNonNull(detail, "detail is null");
    requireNonNull(state, "state is null");
    requireNonNull(phase, "phase is null");
    requireNonNull(message, "message is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(endedAt, "endedAt is null");
    requireNonNull(clusterId, "clusterId is null");
    requireNonNull(engineJobId, "engineJobId is null");
  }

  /** The kinds of application. */
  public enum Kind {
    /** A run of a Spark project's job. */
    SPARK,
    /** A streaming project's launched Flink application. */
    STREAMING;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Where an application of either kind is in its life. */
  public enum Phase {
    PENDING,
    RUNNING,
    FINISHED,
    FAILED,
    KILLED;

    public boolean isActive() {
      return this == PENDING || this == RUNNING;
    }

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** YARN's final status: {@code undefined} while it is active. */
    public String finalStatus() {
      return switch (this) {
        case PENDING, RUNNING -> "undefined";
        case FINISHED -> "succeeded";
        case FAILED -> "failed";
        case KILLED -> "killed";
      };
    }
  }

  /** How long it ran: from its start until it ended, or until now. */
  public Optional<Duration> lifetime(Instant now) {
    return startedAt.map(start -> Duration.between(start, endedAt.orElse(now)));
  }

  /** Its page in the console. */
  public String consolePath() {
    return "/projects/"
        + projectId.value()
        + (kind == Kind.SPARK ? "/runs/" : "/applications/")
        + id;
  }

  /**
   * Its page in the engine's own UI, served by the platform, while it runs: the Flink dashboard's
   * page of its job; for a Spark run, the master's UI, which lists it with its driver.
   */
  public Optional<String> engineUiPath() {
    if (phase != Phase.RUNNING || clusterId.isEmpty()) {
      return Optional.empty();
    }
    String ui = "/clusters/" + clusterId.get() + "/ui/";
    return Optional.of(
        kind == Kind.STREAMING
            ? engineJobId.map(job -> ui + "#/job/running/" + job + "/overview").orElse(ui)
            : ui);
  }
}
