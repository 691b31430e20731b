package io.bdpaas.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CPU time some processes use over a window of time, in % of one core: user + system time of
 * each (utime + stime of {@code /proc/<pid>/stat}, as {@link ProcessHandle.Info#totalCpuDuration}
 * reads them), from {@link #start} to {@link #percent}; and the part of it their JIT compiler
 * threads used, a cost that fades once a JVM's hot code is compiled.
 */
final class CpuWindow {
  /** HotSpot's JIT compiler threads: "C1 CompilerThread0", "C2 CompilerThread1"... */
  private static final List<String> COMPILER_THREADS =
      List.of("C1 CompilerThre", "C2 CompilerThre");

  private final Map<String, Long> pids;
  private final Map<String, Duration> before = new LinkedHashMap<>();
  private final Map<String, Machine.ThreadTicks> ticksBefore = new LinkedHashMap<>();
  private final long startNanos;

  private CpuWindow(Map<String, Long> pids) {
    this.pids = Map.copyOf(pids);
    pids.forEach(
        (process, pid) -> {
          before.put(process, ClusterReadyBench.cpu(pid));
          ticksBefore.put(process, Machine.cpuTicks(pid, COMPILER_THREADS));
        });
    this.startNanos = System.nanoTime();
  }

  /** Starts the window for the processes, by what they are (e.g. "JobManager" → pid). */
  static CpuWindow start(Map<String, Long> pids) {
    return new CpuWindow(pids);
  }

  /** Seconds since the start. */
  double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** The CPU each process used since the start, in % of one core, in the order they were given. */
  Map<String, Double> percent() {
    double seconds = seconds();
    Map<String, Double> percent = new LinkedHashMap<>();
    before.forEach(
        (process, used) ->
            percent.put(
                process,
                ClusterReadyBench.cpu(pids.get(process)).minus(used).toNanos()
                    / 1e9
                    / seconds
                    * 100));
    return percent;
  }

  /**
   * The part of {@link #percent} each process's JIT compiler threads used, in % of one core. A
   * compiler thread that ended during the window is not counted (HotSpot starts and stops them as
   * needed), so this can be low.
   */
  Map<String, Double> compilerPercent(Map<String, Double> percent) {
    Map<String, Double> compiler = new LinkedHashMap<>();
    ticksBefore.forEach(
        (process, start) -> {
          Machine.ThreadTicks end = Machine.cpuTicks(pids.get(process), COMPILER_THREADS);
          long all = end.all() - start.all();
          long compiling = end.matchingSince(start);
          compiler.put(
              process, all <= 0 ? 0 : percent.get(process) * Math.min(1, (double) compiling / all));
        });
    return compiler;
  }

  /** {@code ", TaskManager 12%, JobManager 3%"}. */
  static String describe(Map<String, Double> percent) {
    StringBuilder text = new StringBuilder();
    percent.forEach(
        (process, value) -> text.append(String.format(Locale.ROOT, ", %s %.0f%%", process, value)));
    return text.toString();
  }
}
