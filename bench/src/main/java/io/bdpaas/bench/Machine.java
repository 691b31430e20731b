package io.bdpaas.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** What the benchmarks report about the machine, and the few /proc reads they need. */
final class Machine {
  private Machine() {}

  static String describe() {
    return "nproc="
        + Runtime.getRuntime().availableProcessors()
        + ", MemTotal="
        + memTotalMb()
        + " MiB, java="
        + System.getProperty("java.vm.name")
        + " "
        + System.getProperty("java.runtime.version")
        + ", os="
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.version");
  }

  static long memTotalMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return -1;
  }

  /** The 1, 5 and 15 minute load averages. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "?";
    }
  }

  /** Resident set size in KiB (VmRSS of /proc/pid/status). */
  static OptionalLong residentKb(long pid) {
    return statusField(pid, "VmRSS:");
  }

  /** Peak resident set size in KiB (VmHWM). */
  static OptionalLong peakResidentKb(long pid) {
    return statusField(pid, "VmHWM:");
  }

  private static OptionalLong statusField(long pid, String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(name)) {
          return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
        }
      }
    } catch (IOException e) {
      // gone
    }
    return OptionalLong.empty();
  }

  /**
   * CPU time (utime + stime of {@code /proc/<pid>/stat}) in clock ticks of a process, and of those
   * of its live threads whose name ({@code /proc/<pid>/task/<tid>/comm}) starts with one of {@code
   * threadPrefixes}; zeros if unreadable.
   */
  static ThreadTicks cpuTicks(long pid, List<String> threadPrefixes) {
    Path process = Path.of("/proc", Long.toString(pid));
    Map<Long, Long> matching = new LinkedHashMap<>();
    try (Stream<Path> tasks = Files.list(process.resolve("task"))) {
      for (Path task : tasks.toList()) {
        try {
          String name = Files.readString(task.resolve("comm")).strip();
          if (threadPrefixes.stream().anyMatch(name::startsWith)) {
            matching.put(
                Long.parseLong(task.getFileName().toString()), ticks(task.resolve("stat")));
          }
        } catch (IOException e) {
          // the thread ended
        }
      }
      return new ThreadTicks(ticks(process.resolve("stat")), matching);
    } catch (IOException e) {
      return new ThreadTicks(0, Map.of());
    }
  }

  /**
   * A process's CPU time and its named threads', in clock ticks.
   *
   * @param matching by thread id
   */
  record ThreadTicks(long all, Map<Long, Long> matching) {
    /** The named threads' time since {@code before}; threads that ended in between are missed. */
    long matchingSince(ThreadTicks before) {
      long since = 0;
      for (Map.Entry<Long, Long> thread : matching.entrySet()) {
        since += thread.getValue() - before.matching().getOrDefault(thread.getKey(), 0L);
      }
      return Math.max(0, since);
    }
  }

  private static long ticks(Path stat) throws IOException {
    String text = Files.readString(stat);
    // After the name in parentheses (which may hold spaces): state, ppid, ... utime, stime.
    String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /** argv of a process, exactly (NUL-separated in /proc/pid/cmdline); empty if unreadable. */
  static List<String> commandLine(long pid) {
    return nulSeparated(pid, "cmdline");
  }

  /** The environment a process was started with; empty if unreadable. */
  static Map<String, String> environment(long pid) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String entry : nulSeparated(pid, "environ")) {
      int equals = entry.indexOf('=');
      if (equals > 0) {
        result.put(entry.substring(0, equals), entry.substring(equals + 1));
      }
    }
    return result;
  }

  private static List<String> nulSeparated(long pid, String file) {
    List<String> result = new ArrayList<>();
    byte[] raw;
    try {
      raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), file));
    } catch (IOException e) {
      return result;
    }
    int start = 0;
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == 0) {
        result.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    if (start < raw.length) {
      result.add(new String(raw, start, raw.length - start, StandardCharsets.UTF_8));
    }
    return result;
  }

  /** The java executable this JVM runs on: the server and its nodes are started with the same. */
  static Path javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }
}
