package io.bdpaas.project;

import io.bdpaas.cluster.ClusterStatus;
import io.bdpaas.cluster.ClusterSummary;
import java.util.Optional;

/**
 * How a project reads to its owner, the same in the API and the console: its status and the address
 * of its Spark Connect server, both from the cluster that runs it now.
 */
public final class ProjectViews {
  /** The status of a project with no cluster running it. */
  static final String STOPPED = "stopped";

  private ProjectViews() {}

  /** Its cluster's status, or {@link #STOPPED}. */
  public static String status(Optional<ClusterSummary> cluster) {
    return cluster.map(c -> c.status().wireName()).orElse(STOPPED);
  }

  /**
   * The Connect address clients use, once its cluster has one (not while it is destroyed): where
   * clients outside the cluster reach it when the backend exposes it there, else its own.
   */
  static Optional<String> connectUrl(Optional<ClusterSummary> cluster) {
    return cluster
        .filter(c -> c.status() != ClusterStatus.DESTROYED)
        .map(
            c ->
                Optional.ofNullable(c.endpoints().get("connectExternal"))
                    .orElse(c.endpoints().get("connect")))
        .map(ProjectViews::clientAddress);
  }

  /**
   * The address as clients should write it: the JVM client switches to TLS whenever a token is
   * given and the host is not literally {@code localhost}, so a loopback address is written that
   * way.
   */
  public static String clientAddress(String endpoint) {
    return endpoint.replace("sc://127.0.0.1:", "sc://localhost:");
  }
}
