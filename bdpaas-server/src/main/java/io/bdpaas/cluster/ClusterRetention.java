package io.bdpaas.cluster;

import io.bdpaas.settings.BdpaasSettings;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.IdempotencyKeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps the records of destroyed clusters (the cluster and its events) for the retention period,
 * then purges them, along with expired idempotency keys, once an hour; so the database does not
 * grow with every cluster ever created.
 */
@Component
public class ClusterRetention implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(ClusterRetention.class);
  private static final Duration EVERY = Duration.ofHours(1);

  private final ClusterStore clusters;
  private final IdempotencyKeyStore idempotencyKeys;
  private final Duration keep;
  private ScheduledExecutorService timer;

  @Autowired
  public ClusterRetention(
      ClusterStore clusters, IdempotencyKeyStore idempotencyKeys, BdpaasSettings settings) {
    this(clusters, idempotencyKeys, Duration.ofDays(settings.destroyedClusterRetentionDays()));
  }

  ClusterRetention(ClusterStore clusters, IdempotencyKeyStore idempotencyKeys, Duration keep) {
    this.clusters = clusters;
    this.idempotencyKeys = idempotencyKeys;
    this.keep = keep;
  }

  /** Purges what is past its retention at {@code now}; answers how many clusters. */
  public int purge(Instant now) {
    int purged = clusters.purgeDestroyedBefore(now.minus(keep));
    int keys = idempotencyKeys.purgeExpired(now);
    if (purged > 0 || keys > 0) {
      log.info(
          "purged {} clusters destroyed more than {} days ago, and {} expired idempotency keys",
          purged,
          keep.toDays(),
          keys);
    }
    return purged;
  }

  @Override
  public synchronized void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "cluster-retention");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleWithFixedDelay(this::purgeQuietly, 1, EVERY.toMinutes(), TimeUnit.MINUTES);
  }

  private void purgeQuietly() {
    try {
      purge(Timestamps.now());
    } catch (RuntimeException e) {
      // The next run tries again; a failed purge loses nothing.
      log.warn("purging destroyed clusters failed", e);
    }
  }

  @Override
  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return timer != null;
  }
}
