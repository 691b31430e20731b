package io.bdpaas.cluster;

import io.bdpaas.account.Quota;
import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.settings.BdpaasSettings;
import io.bdpaas.settings.SettingsCatalog;
import io.bdpaas.tenancy.UserId;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * The one place where clusters are admitted against the machine's capacity and their owner's quota:
 * a new cluster when it is scheduled, a larger size when its owner asks for one. Decisions are made
 * one at a time, and what a decision leads to is written before the next one is made, so two
 * clusters never both take the last free cores.
 */
@Component
public class ClusterAdmission {
  /** Statuses whose clusters hold what they asked for (see {@link ClusterStore#usage}). */
  static final Set<ClusterStatus> ADMITTED =
      EnumSet.of(
          ClusterStatus.SCHEDULED,
          ClusterStatus.CONFIGURING,
          ClusterStatus.CONFIGURED,
          ClusterStatus.READY);

  private final ClusterStore clusters;
  private final BdpaasSettings settings;

  public ClusterAdmission(ClusterStore clusters, BdpaasSettings settings) {
    this.clusters = clusters;
    this.settings = settings;
  }

  /**
   * Refuses a new cluster of {@code owner} when they already have as many clusters waiting for
   * admission as a user may: waiting costs the platform nothing, so without a bound one user could
   * queue clusters without end.
   */
  public void requireRoomToWait(UserId owner) {
    long waiting = clusters.countWaiting(owner);
    int limit = settings.userLimits().maxWaitingClusters();
    if (waiting >= limit) {
      throw new BdpaasException(
          ErrorCode.QUOTA_EXCEEDED,
          "you have "
              + waiting
              + " clusters waiting for admission, the most a user may have (setting "
              + SettingsCatalog.MAX_WAITING_CLUSTERS.key()
              + "); destroy some or wait until they are admitted");
    }
  }

  /**
   * Decides whether {@code cluster} may hold {@code milliCores} and {@code memoryMb} (its own
   * share, if it already holds one, does not count against it), then hands the decision to {@code
   * then} while no other decision can be made.
   */
  public synchronized <T> T decide(
      Cluster cluster,
      int milliCores,
      int memoryMb,
      Quota quota,
      Function<ClusterScheduler.Decision, T> then) {
    ClusterStore.Usage platform = clusters.usage(Optional.empty());
    ClusterStore.Usage owner = clusters.usage(Optional.of(cluster.ownerId()));
    if (ADMITTED.contains(cluster.status())) {
      platform = platform.without(cluster.spec());
      owner = owner.without(cluster.spec());
    }
    ClusterScheduler.Decision decision =
        ClusterScheduler.decide(
            milliCores,
            memoryMb,
            settings.localCapacity().milliCores(),
            settings.localCapacity().memoryMb(),
            quota,
            platform,
            owner);
    return then.apply(decision);
  }
}
