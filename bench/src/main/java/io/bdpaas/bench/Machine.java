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
