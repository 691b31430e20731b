package io.bdpaas.backend.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where integration tests find the engine runtime folder and put their data directories. */
public final class IntegrationTestDirectories {
  private IntegrationTestDirectories() {}

  /** {@code bdpaas-runtime/target/runtime}, passed by failsafe as {@code bdpaas.runtime.dir}. */
  public static Path runtimeDirectory() {
    String configured = System.getProperty("bdpaas.runtime.dir");
    if (configured == null) {
      throw new IllegalStateException(
          "system property bdpaas.runtime.dir is not set: run the ITs with Maven (failsafe sets it)");
    }
    Path directory = Path.of(configured).toAbsolutePath().normalize();
    if (!Files.isDirectory(directory)) {
      throw new IllegalStateException(
          directory
              + " does not exist: build bdpaas-runtime first (mvn -pl bdpaas-runtime -am install)");
    }
    return directory;
  }

  /** A fresh data directory for one test. */
  public static Path newDataDirectory(String name) {
    Path base =
        Path.of(System.getProperty("bdpaas.test.data.dir", System.getProperty("java.io.tmpdir")));
    try {
      Files.createDirectories(base);
      return Files.createTempDirectory(base.toAbsolutePath(), name + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
