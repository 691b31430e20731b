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
    SPARK;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Its cluster's size: workers with their cores and memory, and how many of those cores the Spark
   * Connect server's executors hold (the rest is left for batch jobs).
   */
  public record Size(int workers, int workerCores, int workerMemoryMb, int connectCores) {
    /**
     * What a project gets when its request leaves a part out: a core and 512 MB for the Connect
     * server's executor, and a core and 512 MB each for a batch job's driver and executor (a job's
     * default size), so that the sample jobs run beside the notebooks.
     */
    public static final Size DEFAULT = new Size(1, 3, 1536, 1);
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
