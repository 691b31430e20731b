package io.bdpaas.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reconcile kernel with hand-written reconcilers: one step at a time per key, keys in parallel
 * on a bounded pool, waits, wake-ups, back-off after errors, chained steps, resync and close.
 */
class ReconcileKernelTest {
  private static final Duration INITIAL_BACKOFF = Duration.ofMillis(100);

  /** Released at the end of every test, so that no blocked step holds up {@code close()}. */
  private final CountDownLatch release = new CountDownLatch(1);

  private final StepLog steps = new StepLog();
  private ReconcileKernel<String> kernel;

  @AfterEach
  void closeKernel() {
    release.countDown();
    if (kernel != null) {
      kernel.close();
    }
  }

  @Test
  void runsOneStepAtATimePerKeyAndFoldsWakeUpsDuringAStepIntoOneMore() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    CountDownLatch firstStepEntered = new CountDownLatch(1);
    kernel =
        kernel(
            4,
            key -> {
              mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
              steps.record(key);
              firstStepEntered.countDown();
              awaitRelease();
              inFlight.decrementAndGet();
              return StepResult.idle();
            });

    kernel.wake("a");
    assertThat(firstStepEntered.await(5, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 100; i++) {
      kernel.wake("a");
    }
    release.countDown();

    await().atMost(Duration.ofSeconds(5)).until(() -> kernel.queueDepth() == 0);
    assertThat(mostAtOnce).hasValue(1);
    assertThat(steps.count("a")).isEqualTo(2);
  }

  @Test
  void stepsManyKeysInParallel() throws Exception {
    CountDownLatch allEntered = new CountDownLatch(4);
    kernel =
        kernel(
            4,
            key -> {
              steps.record(key);
              allEntered.countDown();
              awaitRelease();
              return StepResult.idle();
            });

    List.of("a", "b", "c", "d").forEach(kernel::wake);

    // Each step blocks until released: only parallel steps can all have begun.
    assertThat(allEntered.await(5, TimeUnit.SECONDS)).isTrue();
    release.countDown();
    await().atMost(Duration.ofSeconds(5)).until(() -> kernel.queueDepth() == 0);
  }

  @Test
  void neverRunsMoreStepsAtOnceThanItsThreads() {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    kernel =
        kernel(
            2,
            key -> {
              mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
              steps.record(key);
              awaitRelease();
              inFlight.decrementAndGet();
              return StepResult.idle();
            });

    List.of("a", "b", "c", "d", "e", "f").forEach(kernel::wake);

    await().atMost(Duration.ofSeconds(5)).until(() -> inFlight.get() == 2);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> inFlight.get() == 2);
    release.countDown();
    await().atMost(Duration.ofSeconds(5)).until(() -> steps.total() == 6);
    assertThat(mostAtOnce).hasValue(2);
  }

  @Test
  void waitLooksAgainAfterItsDelay() {
    kernel =
        kernel(
            2,
            key ->
                steps.record(key) == 1
                    ? StepResult.waitFor("not yet", Duration.ofMillis(300))
                    : StepResult.idle());

    kernel.wake("a");

    await().atMost(Duration.ofSeconds(3)).until(() -> steps.count("a") == 2);
    assertThat(steps.gap("a", 1))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300))
        .isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void wakeUpDuringAWaitRunsTheNextStepAtOnce() {
    kernel =
        kernel(
            2,
            key ->
                steps.record(key) == 1
                    ? StepResult.waitFor("a long wait", Duration.ofMinutes(1))
                    : StepResult.idle());
    kernel.wake("a");
    await().atMost(Duration.ofSeconds(5)).until(() -> kernel.queueDepth() == 0);

    kernel.wake("a");

    await().atMost(Duration.ofSeconds(1)).until(() -> steps.count("a") == 2);
  }

  @Test
  void retriesAFailedStepWithGrowingBackOff() {
    kernel =
        kernel(
            2,
            key -> {
              if (steps.record(key) <= 2) {
                throw new IllegalStateException("the database is down");
              }
              return StepResult.idle();
            });

    kernel.wake("a");

    await().atMost(Duration.ofSeconds(5)).until(() -> steps.count("a") == 3);
    assertThat(steps.gap("a", 1)).isGreaterThanOrEqualTo(INITIAL_BACKOFF);
    assertThat(steps.gap("a", 2)).isGreaterThanOrEqualTo(INITIAL_BACKOFF.multipliedBy(2));
  }

  @Test
  void advanceRunsTheNextStepAtOnce() {
    kernel = kernel(2, key -> steps.record(key) < 5 ? StepResult.advance() : StepResult.idle());

    kernel.wake("a");

    await().atMost(Duration.ofSeconds(1)).until(() -> steps.count("a") == 5);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(1))
        .until(() -> steps.count("a") == 5);
  }

  @Test
  void startQueuesEveryResourceTheResyncNamesAndAgainEachInterval() {
    kernel =
        new ReconcileKernel<>(
            "test",
            key -> {
              steps.record(key);
              return StepResult.idle();
            },
            () -> List.of("a", "b", "c"),
            new ReconcileKernel.Settings(
                2, INITIAL_BACKOFF, Duration.ofSeconds(1), Duration.ofMillis(200)));

    kernel.start();

    await()
        .atMost(Duration.ofSeconds(3))
        .until(() -> steps.count("a") >= 2 && steps.count("b") >= 2 && steps.count("c") >= 2);
  }

  @Test
  void wakeUpsBeforeStartAreLeftToTheFirstResync() throws InterruptedException {
    List<String> resync = new java.util.concurrent.CopyOnWriteArrayList<>();
    kernel =
        new ReconcileKernel<>(
            "test",
            key -> {
              steps.record(key);
              return StepResult.idle();
            },
            () -> resync,
            new ReconcileKernel.Settings(
                2, INITIAL_BACKOFF, Duration.ofSeconds(1), Duration.ofHours(1)));

    kernel.wake("early");
    Thread.sleep(200); // nothing may run before start(): there is no condition to await
    assertThat(steps.count("early")).isZero();

    resync.add("early");
    kernel.start();
    await().atMost(Duration.ofSeconds(3)).until(() -> steps.count("early") == 1);
  }

  @Test
  void closeStopsEveryStepAndIgnoresLaterWakeUps() {
    kernel =
        kernel(
            2,
            key -> {
              steps.record(key);
              return StepResult.waitFor("again soon", Duration.ofMillis(50));
            });
    kernel.wake("a");
    await().atMost(Duration.ofSeconds(5)).until(() -> steps.count("a") >= 3);

    kernel.close();
    int stepsAtClose = steps.count("a");
    kernel.wake("a");

    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> steps.count("a") == stepsAtClose);
    assertThat(kernel.queueDepth()).isZero();
  }

  /** A started kernel with nothing to resync, so only wake-ups run steps. */
  private ReconcileKernel<String> kernel(int threads, Reconciler<String> reconciler) {
    Supplier<List<String>> nothingToResync = List::of;
    ReconcileKernel<String> started =
        new ReconcileKernel<>(
            "test",
            reconciler,
            nothingToResync,
            new ReconcileKernel.Settings(
                threads, INITIAL_BACKOFF, Duration.ofSeconds(1), Duration.ofHours(1)));
    started.start();
    return started;
  }

  private void awaitRelease() {
    try {
      release.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** When each key's steps began. */
  private static final class StepLog {
    private final Map<String, List<Long>> starts = new ConcurrentHashMap<>();

    /** Records a step of the key and says which one it is (1 for the first). */
    int record(String key) {
      List<Long> times = starts.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>());
      times.add(System.nanoTime());
      return times.size();
    }

    int count(String key) {
      return starts.getOrDefault(key, List.of()).size();
    }

    int total() {
      return starts.values().stream().mapToInt(List::size).sum();
    }

    /** The time between step {@code n} and step {@code n + 1} of the key (counting from 1). */
    Duration gap(String key, int n) {
      List<Long> times = starts.get(key);
      return Duration.ofNanos(times.get(n) - times.get(n - 1));
    }
  }
}
