package io.bdpaas.backend.local;

import static java.util.Objects.requireNonNull;

import io.bdpaas.backend.NodeId;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Stops process trees: SIGTERM first, so engines stop what they forked from their shutdown hooks,
 * SIGKILL for what is still there after the grace period, and a wait until nothing runs.
 */
final class ProcessTerminator {
  private static final System.Logger LOG = System.getLogger(ProcessTerminator.class.getName());
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);

  private final Duration stopTimeout;

  /**
   * @param stopTimeout how long a node's root process gets after SIGTERM before SIGKILL
   */
  ProcessTerminator(Duration stopTimeout) {
    this.stopTimeout = requireNonNull(stopTimeout, "stopTimeout is null");
  }

  /**
   * Terminates a node's process tree: SIGTERM to the root (engines stop what they forked from their
   * shutdown hooks), SIGKILL after the stop timeout, then the same for any descendant or marked
   * process still running.
   */
  void terminateTree(ProcessHandle root, NodeId id) {
    Set<ProcessHandle> tree = new LinkedHashSet<>();
    tree.add(root);
    root.descendants().forEach(tree::add);
    LOG.log(
        Level.INFO, "[{0}] stopping pid {1} ({2} descendants)", id, root.pid(), tree.size() - 1);
    root.destroy();
    if (!awaitExit(List.of(root), stopTimeout)) {
      LOG.log(
          Level.WARNING,
          "[{0}] pid {1} ignored SIGTERM for {2}: killing",
          id,
          root.pid(),
          stopTimeout);
      root.descendants().forEach(tree::add);
      root.destroyForcibly();
      awaitExit(List.of(root), KILL_WAIT);
    }
    for (MarkedProcess marked : MarkedProcesses.of(id, false)) {
      ProcessHandle.of(marked.pid()).ifPresent(tree::add);
    }
    List<ProcessHandle> survivors = tree.stream().filter(ProcessInspector::isRunning).toList();
    terminateHandles(survivors, id);
  }

  /** Terminates these processes and their descendants: SIGTERM, then SIGKILL after a grace. */
  void terminateAll(Collection<MarkedProcess> processes, NodeId id) {
    List<ProcessHandle> handles = new ArrayList<>();
    for (MarkedProcess process : processes) {
      ProcessHandle.of(process.pid())
          .ifPresent(
              handle -> {
                handles.add(handle);
                handle.descendants().forEach(handles::add);
              });
    }
    terminateHandles(handles, id);
  }

  private void terminateHandles(List<ProcessHandle> handles, NodeId id) {
    if (handles.isEmpty()) {
      return;
    }
    LOG.log(
        Level.INFO,
        "[{0}] terminating leftover processes {1}",
        id,
        handles.stream().map(ProcessHandle::pid).toList());
    handles.forEach(ProcessHandle::destroy);
    Duration grace =
        stopTimeout.compareTo(Duration.ofSeconds(5)) < 0 ? stopTimeout : Duration.ofSeconds(5);
    if (!awaitExit(handles, grace)) {
      handles.stream().filter(ProcessInspector::isRunning).forEach(ProcessHandle::destroyForcibly);
      if (!awaitExit(handles, KILL_WAIT)) {
        LOG.log(Level.ERROR, "[{0}] processes survived SIGKILL: {1}", id, handles);
      }
    }
  }

  private static boolean awaitExit(Collection<ProcessHandle> processes, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (processes.stream().noneMatch(ProcessInspector::isRunning)) {
        return true;
      }
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      try {
        Thread.sleep(POLL_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
