package io.bdpaas.project;

import static java.util.Objects.requireNonNull;

import io.bdpaas.cluster.ClusterId;
import io.bdpaas.tenancy.UserId;
import java.time.Instant;
import java.util.Optional;

/**
 * A user's workspace of a kind, with the size of the cluster it runs on, the token its clients
 * present, and the cluster that runs it now: none while it is stopped. Its storage (tables, files,
 * notebooks' data) outlives every cluster it had.
 */
public record Project(
    ProjectId id,
    UserId ownerId,
    String name,
    Kind kind,
    String description,
    Size size,
    String clientToken,
    Optional<ClusterId> clusterId,
    boolean running,
    Instant createdAt,
    Instant updatedAt) {
  public Project {
    requireNonNull(id, "id is null");
    requireNonNull(ownerId, "ownerId is null");
    requireNonNull(name, "name is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(description, "description is null");
    requireNonNull(size, "size is null");
    requireNonNull(clientToken, "clientToken is null");
    requireNonNull(clusterId, "clusterId is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(updatedAt, "updatedAt is null");
  }

  /** What a project is for. */
  public enum Kind {
    /** Notebooks and batch jobs on a Spark cluster with a Spark Connect server. */
    SPARK,
    /** Streaming applications on a Flink session cluster. */
    STREAMING;

    /** The kind a wire name (as clients send it) names, if any. */
    public static Optional<Kind> fromWireName(String name) {
      for (Kind kind : values()) {
        if (kind.wireName().equals(name)) {
          return Optional.of(kind);
        }
      }
      return Optional.empty();
    }

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Its cluster's size. For a Spark project: workers with their cores and memory, and how many of
   * those cores the Spark Connect server's executors hold (the rest is left for batch jobs). For a
   * streaming project: TaskManagers ({@code workers}) with their task slots ({@code workerCores}, a
   * core each) and JVM heap ({@code workerMemoryMb}); there is no Connect server ({@code
   * connectCores} is 0).
   */
  public record Size(int workers, int workerCores, int workerMemoryMb, int connectCores) {
    /**
     * What a Spark project gets when its request leaves a part out: a core and 512 MB for the
     * Connect server's executor, and a core and 512 MB each for a batch job's driver and executor
     * (a job's default size), so that the sample jobs run beside the notebooks.
     */
    public static final Size DEFAULT = new Size(1, 3, 1536, 1);

    /**
     * What a streaming project gets: one TaskManager with two slots and a 512 MB heap, so that both
     * demo applications run side by side at parallelism 1.
     */
    public static final Size STREAMING_DEFAULT = new Size(1, 2, 512, 0);

    /** The default size of a project of this kind. */
    public static Size defaultOf(Kind kind) {
      return kind == Kind.STREAMING ? STREAMING_DEFAULT : DEFAULT;
    }
  }

  /** The same project, running on {@code cluster}. */
  public Project runningOn(ClusterId cluster) {
    return new Project(
        id,
        ownerId,
        name,
        kind,
        description,
        size,
        clientToken,
        Optional.of(cluster),
        true,
        createdAt,
        updatedAt);
  }

  /** The name of its storage area: its id. */
  public String storage() {
    return id.value();
  }
}
