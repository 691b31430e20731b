package io.bdpaas.backend.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads what the operating system knows about a process: its command line, environment and memory.
 * Uses Linux's {@code /proc} where present (complete and exact) and falls back to {@link
 * ProcessHandle.Info} elsewhere.
 */
final class ProcessInspector {
  private static final Path PROC = Path.of("/proc");

  private ProcessInspector() {}

  /** The process's command line arguments (argv, including the executable), empty if unreadable. */
  static List<String> commandLine(ProcessHandle process) {
    Optional<byte[]> raw = readProc(process.pid(), "cmdline");
    if (raw.isPresent()) {
      return splitNulSeparated(raw.get());
    }
    ProcessHandle.Info info = process.info();
    List<String> result = new ArrayList<>();
    info.command().ifPresent(result::add);
    info.arguments().ifPresent(arguments -> result.addAll(List.of(arguments)));
    return result;
  }

  /**
   * The process's environment as {@code NAME=value} entries; empty if unreadable (other user,
   * non-Linux).
   */
  static List<String> environment(long pid) {
    return readProc(pid, "environ").map(ProcessInspector::splitNulSeparated).orElse(List.of());
  }

  /** The working directory of a process, where {@code /proc} tells it. */
  static Optional<Path> workingDirectory(long pid) {
    try {
      return Optional.of(Files.readSymbolicLink(PROC.resolve(Long.toString(pid)).resolve("cwd")));
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return Optional.empty();
    }
  }

  /** Resident set size in bytes, from {@code /proc/<pid>/status}. */
  static OptionalLong residentMemoryBytes(long pid) {
    Optional<byte[]> raw = readProc(pid, "status");
    if (raw.isEmpty()) {
      return OptionalLong.empty();
    }
    for (String line : new String(raw.get(), StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("VmRSS:")) {
        String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
        try {
          return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
        } catch (NumberFormatException e) {
          return OptionalLong.empty();
        }
      }
    }
    return OptionalLong.empty();
  }

  /**
   * Whether the process is alive and not a zombie. A zombie (exited, not yet reaped by a parent or
   * an init that may never reap it) counts as gone: it runs nothing and holds no port.
   */
  static boolean isRunning(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    Optional<byte[]> stat = readProc(process.pid(), "stat");
    if (stat.isEmpty()) {
      return process.isAlive();
    }
    String text = new String(stat.get(), StandardCharsets.UTF_8);
    // Format: "pid (command) S ...": the command may contain spaces and parentheses, the state
    // follows the last ')'.
    int close = text.lastIndexOf(')');
    if (close < 0 || close + 2 >= text.length()) {
      return true;
    }
    char state = text.charAt(close + 2);
    return state != 'Z' && state != 'X' && state != 'x';
  }

  /** CPU time the process used so far. */
  static Optional<Duration> cpuTime(ProcessHandle process) {
    return process.info().totalCpuDuration();
  }

  private static Optional<byte[]> readProc(long pid, String file) {
    Path path = PROC.resolve(Long.toString(pid)).resolve(file);
    try {
      return Optional.of(Files.readAllBytes(path));
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }

  private static List<String> splitNulSeparated(byte[] raw) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == 0) {
        parts.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    if (start < raw.length) {
      parts.add(new String(raw, start, raw.length - start, StandardCharsets.UTF_8));
    }
    return parts;
  }
}
