package io.bdpaas.job;

import io.bdpaas.settings.BdpaasSettings;
import io.bdpaas.store.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Removes the kept driver output of runs that ended longer ago than {@code
 * bdpaas.retention.job-log-days}, every hour; the runs' records stay and say when.
 */
@Component
public class JobLogRetention implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(JobLogRetention.class);
  private static final Duration EVERY = Duration.ofHours(1);

  private final JobRunStore runs;
  private final JobRunLogs logs;
  private final Duration keep;
  private ScheduledExecutorService timer;

  @Autowired
  public JobLogRetention(JobRunStore runs, JobRunLogs logs, BdpaasSettings settings) {
    this(runs, logs, Duration.ofDays(settings.jobLogRetentionDays()));
  }

  JobLogRetention(JobRunStore runs, JobRunLogs logs, Duration keep) {
    this.runs = runs;
    this.logs = logs;
    this.keep = keep;
  }

  /** Purges the logs past their retention at {@code now}; answers how many runs' logs. */
  public int purge(Instant now) {
    List<JobRunId> old = runs.logsToPurgeForRetention(now.minus(keep));
    for (JobRunId run : old) {
      logs.delete(run);
      runs.logsPurgedForRetention(run, now);
    }
    if (!old.isEmpty()) {
      log.info(
          "removed the logs of {} runs that ended more than {} days ago",
          old.size(),
          keep.toDays());
    }
    return old.size();
  }

  @Override
  public synchronized void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "job-log-retention");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            purge(Timestamps.now());
          } catch (RuntimeException e) {
            log.warn("purging old job logs failed", e);
          }
        },
        2,
        EVERY.toMinutes(),
        TimeUnit.MINUTES);
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
