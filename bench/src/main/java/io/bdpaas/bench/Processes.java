package io.bdpaas.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Every process a benchmark caused, so that all of them are stopped at the end, even on failure:
 * any live process whose command line mentions the benchmark's own working directory (every node
 * JVM, of the platform or of the plain script, and the benchmark's server have a path under it on
 * their command line).
 */
final class Processes {
  private final String marker;

  Processes(String marker) {
    this.marker = marker;
  }

  /** Live processes of this benchmark (never this JVM or its ancestors). */
  List<ProcessHandle> live() {
    Set<Long> excluded = new java.util.HashSet<>();
    for (ProcessHandle p = ProcessHandle.current(); p != null; p = p.parent().orElse(null)) {
      excluded.add(p.pid());
    }
    List<ProcessHandle> result = new ArrayList<>();
    ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(p -> !excluded.contains(p.pid()))
        // Never by pid alone: on a machine with a small pid_max a pid is soon reused by an
        // unrelated process, which must never be stopped.
        .filter(p -> Machine.commandLine(p.pid()).stream().anyMatch(a -> a.contains(marker)))
        .forEach(result::add);
    return result;
  }

  /** Stops whatever of this benchmark still runs; returns the pids it had to stop. */
  List<Long> sweep() {
    List<ProcessHandle> leftovers = live();
    stopTrees(leftovers, Duration.ofSeconds(10));
    return leftovers.stream().map(ProcessHandle::pid).toList();
  }

  /** {@link #sweep}, and the line that says what it had to stop. */
  String sweepReport() {
    List<Long> swept = sweep();
    return swept.isEmpty()
        ? "clean-up: every process started by the benchmark is stopped"
        : "clean-up: had to stop leftover processes " + swept;
  }

  /**
   * SIGTERM to every root (all at once), wait up to {@code grace}, then SIGKILL whatever of the
   * roots and their descendants is left.
   */
  static void stopTrees(Collection<ProcessHandle> roots, Duration grace) {
    Set<ProcessHandle> all = new LinkedHashSet<>();
    for (ProcessHandle root : roots) {
      all.add(root);
      root.descendants().forEach(all::add);
    }
    roots.forEach(ProcessHandle::destroy);
    if (!awaitExit(roots, grace)) {
      roots.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
    all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    awaitExit(all, Duration.ofSeconds(10));
  }

  /**
   * Whether {@code pid} runs a node of the platform's cluster {@code clusterId}: alive and still
   * carrying the node's marker. Never by pid alone: with pid_max at 32768 and JVMs creating threads
   * by the hundred, a pid is soon reused by an unrelated process.
   */
  static boolean runsNodeOf(long pid, String clusterId) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
        && Machine.commandLine(pid).stream()
            .anyMatch(argument -> argument.startsWith("-Dbdpaas.node=" + clusterId + "/"));
  }

  static boolean awaitExit(Collection<ProcessHandle> processes, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (processes.stream().anyMatch(ProcessHandle::isAlive)) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      sleep(50);
    }
    return true;
  }

  /** Asks {@code done} every 100 ms until it says yes; fails after {@code timeout}. */
  static void awaitUntil(String what, Duration timeout, BooleanSupplier done) {
    await(what, timeout, () -> done.getAsBoolean() ? Optional.of(true) : Optional.empty());
  }

  /** Asks {@code found} every 100 ms until it has a value; fails after {@code timeout}. */
  static <T> T await(String what, Duration timeout, Supplier<Optional<T>> found) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> value = found.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new IllegalStateException("waited " + timeout + " for " + what);
      }
      sleep(100);
    }
  }

  /** Sleeps until {@link System#nanoTime} reaches {@code nanoTime} (at once if it has). */
  static void sleepUntil(long nanoTime) {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      sleep(Math.max(1, left / 1_000_000));
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
