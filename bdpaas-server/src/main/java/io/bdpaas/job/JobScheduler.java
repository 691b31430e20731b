package io.bdpaas.job;

import io.bdpaas.store.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Fires job schedules: every second it looks for enabled jobs whose next fire time has come,
 * applies the job's concurrency policy and starting deadline, creates a run, and moves the next
 * fire time on. Moving it is a compare-and-set made before the run is created, so that a time fires
 * at most once even with two schedulers; a control plane that dies between the two loses that one
 * run, which the job's schedule note does not hide (it keeps the last decision).
 */
@Component
public class JobScheduler implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(JobScheduler.class);
  private static final Duration TICK = Duration.ofSeconds(1);

  private final JobStore jobs;
  private final JobRunStore runs;
  private final JobRunReconciler reconciler;
  private ScheduledExecutorService timer;

  public JobScheduler(JobStore jobs, JobRunStore runs, JobRunReconciler reconciler) {
    this.jobs = jobs;
    this.runs = runs;
    this.reconciler = reconciler;
  }

  @Override
  public synchronized void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "bdpaas-job-scheduler");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleWithFixedDelay(
        this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
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

  void tick() {
    try {
      Instant now = Timestamps.now();
      for (Job job : jobs.dueForScheduler(now)) {
        fire(job, now);
      }
    } catch (RuntimeException e) {
      log.warn("job schedules not looked at this time: {}", e.toString());
    }
  }

  /** What one due fire time of a job does. */
  void fire(Job job, Instant now) {
    Instant due = job.nextFireAt().orElseThrow();
    JobSchedule schedule = job.schedule().orElse(null);
    if (schedule == null) {
      jobs.firedForScheduler(job.id(), due, Optional.empty(), Optional.empty());
      return;
    }
    // Times missed meanwhile collapse into this one: the next is the first after now.
    Optional<Instant> next = schedule.next(now);
    if (Duration.between(due, now).compareTo(schedule.startingDeadline()) > 0) {
      jobs.firedForScheduler(
          job.id(),
          due,
          next,
          Optional.of(
              "missed the run due at "
                  + due
                  + ": it was more than "
                  + schedule.startingDeadlineSeconds()
                  + " s late (the platform was down or busy)"));
      return;
    }
    List<JobRunId> active = runs.activeOfJobForReconciler(job.id());
    Optional<String> note = Optional.empty();
    if (!active.isEmpty()) {
      switch (schedule.concurrencyValue()) {
        case FORBID -> {
          jobs.firedForScheduler(
              job.id(),
              due,
              next,
              Optional.of(
                  "skipped the run due at "
                      + due
                      + ": run "
                      + active.get(0)
                      + " was still going (concurrency forbid)"));
          return;
        }
        case REPLACE ->
            note = Optional.of("the run due at " + due + " replaced run " + active.get(0));
        case ALLOW -> {
          // one more run beside the others
        }
      }
    }
    if (!jobs.firedForScheduler(job.id(), due, next, note)) {
      return; // fired by someone else, or edited meanwhile
    }
    if (schedule.concurrencyValue() == JobSchedule.Concurrency.REPLACE) {
      for (JobRunId running : active) {
        runs.requestKillForReconciler(running);
        reconciler.wakeUp(running);
      }
    }
    JobRun run = JobRun.of(job, JobRun.Trigger.SCHEDULE, now);
    runs.insert(run);
    reconciler.wakeUp(run.id());
    log.info("[job {}] schedule fired for {}: run {}", job.id(), due, run.id());
  }
}
