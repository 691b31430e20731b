package io.bdpaas.reconcile;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Reconciler} over many resources: a work queue keyed by resource id, so that one
 * resource takes one step at a time while many resources step in parallel on a bounded pool.
 *
 * <ul>
 *   <li>{@link StepResult.Advance}: the next step is queued at once.
 *   <li>{@link StepResult.Wait}: the resource is looked at again after the wait (with jitter), or
 *       at once when {@link #wake} is called for it (a node exited, a user changed it).
 *   <li>{@link StepResult.Fail} and {@link StepResult.Idle}: nothing until a wake-up.
 *   <li>An exception: retried with exponential back-off and jitter.
 * </ul>
 *
 * A periodic resync queues every resource the {@code resync} supplier names, so nothing is lost if
 * a wake-up is. Plain Java: no framework.
 *
 * @param <K> the resource's id
 */
public final class ReconcileKernel<K> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReconcileKernel.class);

  /** How a kernel runs: pool size, back-off after errors, and the resync interval. */
  public record Settings(
      int threads, Duration initialBackoff, Duration maxBackoff, Duration resyncInterval) {
    public Settings {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be positive: " + threads);
      }
      requireNonNull(initialBackoff, "initialBackoff is null");
      requireNonNull(maxBackoff, "maxBackoff is null");
      requireNonNull(resyncInterval, "resyncInterval is null");
    }

    /** 4 threads, back-off from 1 s to 60 s, resync every 30 s. */
    public static Settings defaults() {
      return new Settings(4, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(30));
    }
  }

  /** Where a queued resource is. */
  private enum Phase {
    QUEUED,
    RUNNING,
    /** Running, and woken meanwhile: run again as soon as this step ends. */
    RUNNING_AGAIN
  }

  private final String kind;
  private final Reconciler<K> reconciler;
  private final Supplier<? extends Collection<K>> resync;
  private final Settings settings;
  private final ExecutorService workers;
  private final ScheduledExecutorService timers;
  private final Object lock = new Object();
  private final Map<K, Phase> phases = new HashMap<>();
  private final Map<K, ScheduledFuture<?>> rechecks = new HashMap<>();
  private final Map<K, Integer> failures = new HashMap<>();
  private boolean started;
  private boolean closed;
  private SlowStep slowest;

  /**
   * @param kind names the resources in thread names and log lines ({@code cluster})
   * @param resync every resource that may need work, for the periodic resync
   */
  public ReconcileKernel(
      String kind,
      Reconciler<K> reconciler,
      Supplier<? extends Collection<K>> resync,
      Settings settings) {
    this.kind = requireNonNull(kind, "kind is null");
    this.reconciler = requireNonNull(reconciler, "reconciler is null");
    this.resync = requireNonNull(resync, "resync is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.workers = Executors.newFixedThreadPool(settings.threads(), threads(kind + "-reconciler"));
    this.timers = Executors.newSingleThreadScheduledExecutor(threads(kind + "-reconcile-timer"));
  }

  /**
   * Queues every resource the resync names, now and then periodically. Wake-ups before this are
   * dropped: the first resync covers them, after whatever start-up work (recovery) comes first.
   */
  public void start() {
    synchronized (lock) {
      started = true;
    }
    long interval = settings.resyncInterval().toMillis();
    // On a worker, not on the timer thread: a slow database must not hold back every recheck.
    timers.scheduleWithFixedDelay(
        () -> workers.execute(this::resyncAll), 0, interval, TimeUnit.MILLISECONDS);
  }

  /** Queues a resource now: it takes its next step as soon as a worker is free. */
  public void wake(K key) {
    requireNonNull(key, "key is null");
    synchronized (lock) {
      if (closed || !started) {
        return;
      }
      ScheduledFuture<?> recheck = rechecks.remove(key);
      if (recheck != null) {
        recheck.cancel(false);
      }
      Phase phase = phases.get(key);
      if (phase == null) {
        phases.put(key, Phase.QUEUED);
        workers.execute(() -> run(key));
      } else if (phase == Phase.RUNNING) {
        phases.put(key, Phase.RUNNING_AGAIN);
      }
    }
  }

  /** Resources queued or stepping now. */
  public int queueDepth() {
    synchronized (lock) {
      return phases.size();
    }
  }

  /** The slowest step of a recent window: which resource, how long it took, when it ended. */
  public record SlowStep(String resource, long tookMillis, Instant at) {}

  /**
   * What the kernel does now, for the platform's health: resources queued and stepping, waiting for
   * a recheck, failing (retried with back-off), and the slowest step of the last {@link
   * #SLOWEST_WINDOW}.
   */
  public record Stats(
      String kind,
      int queued,
      int stepping,
      int waiting,
      int failing,
      Optional<SlowStep> slowestRecent) {}

  /** How far back {@link Stats#slowestRecent()} looks. */
  public static final Duration SLOWEST_WINDOW = Duration.ofMinutes(5);

  public Stats stats() {
    synchronized (lock) {
      int stepping = 0;
      for (Phase phase : phases.values()) {
        if (phase != Phase.QUEUED) {
          stepping++;
        }
      }
      Optional<SlowStep> recent =
          Optional.ofNullable(slowest)
              .filter(step -> step.at().isAfter(Instant.now().minus(SLOWEST_WINDOW)));
      return new Stats(
          kind, phases.size() - stepping, stepping, rechecks.size(), failures.size(), recent);
    }
  }

  private void recordStep(K key, long startedNanos) {
    long tookMillis = (System.nanoTime() - startedNanos) / 1_000_000;
    Instant now = Instant.now();
    synchronized (lock) {
      if (slowest == null
          || slowest.at().isBefore(now.minus(SLOWEST_WINDOW))
          || tookMillis > slowest.tookMillis()) {
        slowest = new SlowStep(String.valueOf(key), tookMillis, now);
      }
    }
  }

  private void run(K key) {
    synchronized (lock) {
      if (closed) {
        phases.remove(key);
        return;
      }
      phases.put(key, Phase.RUNNING);
    }
    StepResult result;
    long startedNanos = System.nanoTime();
    try {
      result = requireNonNull(reconciler.reconcile(key), "a step returned null");
      synchronized (lock) {
        failures.remove(key);
      }
    } catch (RuntimeException e) {
      int attempt;
      synchronized (lock) {
        attempt = failures.merge(key, 1, Integer::sum);
      }
      Duration backoff = backoff(attempt);
      log.warn(
          "[{} {}] step failed (attempt {}), retrying in {} ms",
          kind,
          key,
          attempt,
          backoff.toMillis(),
          e);
      result = StepResult.waitFor("retrying after an error: " + e.getMessage(), backoff);
    } catch (Error e) {
      synchronized (lock) {
        phases.remove(key);
      }
      throw e;
    }
    recordStep(key, startedNanos);
    if (result instanceof StepResult.Fail fail) {
      log.info("[{} {}] failed: {}", kind, key, fail.reason());
    }
    synchronized (lock) {
      if (closed) {
        phases.remove(key);
        return;
      }
      boolean again =
          phases.get(key) == Phase.RUNNING_AGAIN || result instanceof StepResult.Advance;
      if (again) {
        phases.put(key, Phase.QUEUED);
        workers.execute(() -> run(key));
        return;
      }
      phases.remove(key);
      if (result instanceof StepResult.Wait wait) {
        long delay = withJitter(wait.recheckAfter()).toMillis();
        // The timer's task finds its own future (assigned under the lock it also takes), so it
        // never removes a later recheck of the same key.
        List<ScheduledFuture<?>> self = new ArrayList<>(1);
        ScheduledFuture<?> recheck =
            timers.schedule(() -> recheck(key, self), delay, TimeUnit.MILLISECONDS);
        self.add(recheck);
        rechecks.put(key, recheck);
      }
    }
  }

  private void recheck(K key, List<ScheduledFuture<?>> self) {
    synchronized (lock) {
      if (self.isEmpty() || !rechecks.remove(key, self.get(0))) {
        return; // superseded: a wake-up already ran the step and planned its own recheck
      }
    }
    wake(key);
  }

  private void resyncAll() {
    try {
      resync.get().forEach(this::wake);
    } catch (RuntimeException e) {
      log.warn("[{}] resync failed; trying again in {}", kind, settings.resyncInterval(), e);
    }
  }

  private Duration backoff(int attempt) {
    Duration delay = settings.initialBackoff();
    for (int i = 1; i < attempt && delay.compareTo(settings.maxBackoff()) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : delay;
  }

  /** Up to 10 % more, so that resources waiting alike do not all wake in the same instant. */
  private static Duration withJitter(Duration delay) {
    long millis = Math.max(1, delay.toMillis());
    return Duration.ofMillis(millis + ThreadLocalRandom.current().nextLong(millis / 10 + 1));
  }

  /** Stops stepping; a step under way finishes (or is interrupted after 10 s). */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      rechecks.values().forEach(recheck -> recheck.cancel(false));
      rechecks.clear();
    }
    timers.shutdownNow();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
        workers.shutdownNow();
        if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
          log.warn("[{}] a step is still running after 20 s of shutdown", kind);
        }
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory threads(String name) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
