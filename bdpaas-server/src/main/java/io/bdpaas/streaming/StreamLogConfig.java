package io.bdpaas.streaming;

import io.bdpaas.cluster.ClusterId;
import io.bdpaas.cluster.ClusterService;
import io.bdpaas.tenancy.Caller;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Puts the log levels set on a cluster's running applications into force on its nodes: the Flink
 * product's log configuration, which its nodes read again every few seconds, is written again with
 * those levels (or as its template has it once there are none).
 */
@Component
public class StreamLogConfig {
  /** The log configuration file of a Flink node, as the Flink product's template writes it. */
  static final String FILE = "conf/log4j.properties";

  /** How often Flink's nodes read their log configuration (its {@code monitorInterval}). */
  static final int RELOAD_SECONDS = 10;

  private final StreamLogLevelStore levels;
  private final ClusterService clusters;

  public StreamLogConfig(StreamLogLevelStore levels, ClusterService clusters) {
    this.levels = levels;
    this.clusters = clusters;
  }

  /**
   * Writes the levels in force on the cluster into its running nodes' log configuration.
   *
   * @param caller who may see the cluster (its owner, or an admin)
   * @return the nodes written
   */
  public List<String> apply(Caller caller, ClusterId cluster) {
    return clusters.rewriteNodeFiles(caller, cluster, FILE, levels.inForceOn(cluster)::applyTo);
  }
}
