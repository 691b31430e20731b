package io.bdpaas.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the folder of engine runtimes (Spark's and Flink's jars) that local cluster nodes start
 * from, once, at start-up. Its default is relative to the working directory, so a server started
 * elsewhere used to report ready and then fail every Spark or Flink cluster; now the default is
 * also looked for next to the server's jar, and when no runtimes are found the server refuses to
 * start, saying where it looked and what to set.
 */
public final class RuntimeDirectory {
  private RuntimeDirectory() {}

  /**
   * The runtime folder to use.
   *
   * @param configured the value of {@code bdpaas.runtime-dir}, absolute
   * @param givenByUser whether it was set, rather than left at its default: a folder a user named
   *     is used or refused, never replaced by another
   * @param serverHome the folder holding the server's jar (or classes), if known
   * @throws InvalidSettingsException when no folder with runtimes is found
   */
  public static Path locate(Path configured, boolean givenByUser, Optional<Path> serverHome) {
    List<Path> candidates = new ArrayList<>();
    candidates.add(configured);
    if (!givenByUser) {
      serverHome.ifPresent(
          home -> {
            candidates.add(home.resolve("runtime"));
            candidates.add(home.resolve("../runtime"));
            candidates.add(home.resolve("../bdpaas-runtime/target/runtime"));
            candidates.add(home.resolve("../../bdpaas-runtime/target/runtime"));
            candidates.add(home.resolve("../../../bdpaas-runtime/target/runtime"));
          });
    }
    List<Path> tried = candidates.stream().map(path -> path.toAbsolutePath().normalize()).toList();
    return tried.stream()
        .filter(RuntimeDirectory::holdsRuntimes)
        .findFirst()
        .orElseThrow(() -> new InvalidSettingsException(List.of(problem(tried, givenByUser))));
  }

  /** A folder with at least one runtime in it, e.g. {@code spark-4.2.0/}. */
  static boolean holdsRuntimes(Path folder) {
    if (!Files.isDirectory(folder)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.anyMatch(Files::isDirectory);
    } catch (IOException e) {
      return false;
    }
  }

  private static String problem(List<Path> tried, boolean givenByUser) {
    String where =
        givenByUser
            ? tried.get(0) + " has no engine runtimes"
            : "no engine runtimes found at "
                + tried.get(0)
                + (tried.size() > 1
                    ? " nor next to the server at " + tried.subList(1, tried.size())
                    : "");
    return SettingsCatalog.RUNTIME_DIR.key()
        + " (env "
        + SettingsCatalog.RUNTIME_DIR.environmentVariable()
        + "): "
        + where
        + ". Spark and Flink cluster nodes start from this folder (it holds spark-4.2.0/ and"
        + " flink-2.3.0/; the build assembles it in bdpaas-runtime/target/runtime). Start the"
        + " server from the repository root, or set "
        + SettingsCatalog.RUNTIME_DIR.key()
        + " to that folder.";
  }
}
