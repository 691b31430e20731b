package io.bdpaas;

import io.bdpaas.backend.Isolation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the data directory to everyone but the platform's account at start-up where tenants' code
 * runs on the platform's machine (the local backend), and says how far tenants are kept apart. The
 * database, temporary files and everything else in it are the platform's alone; only {@code
 * clusters/} may be passed through (never listed) by tenants' accounts, to reach the folders they
 * own. On Kubernetes no tenant code runs where the control plane does, and its data directory is a
 * volume the control plane's user may write but not own: it is left as it is.
 */
final class DataDirectoryProtection {
  private static final Logger log = LoggerFactory.getLogger(DataDirectoryProtection.class);
  static final String CLUSTERS = "clusters";

  private DataDirectoryProtection() {}

  static void protect(Path dataDir, Isolation isolation) {
    closeToOthers(dataDir, isolation);
    announce(isolation);
  }

  /** Logs how far tenants are kept apart: a warning when they are not confined. */
  static void announce(Isolation isolation) {
    if (isolation.tenantsConfined()) {
      log.info("Tenant isolation: {}", isolation.description());
    } else {
      log.warn("Tenant isolation: {}", isolation.description());
    }
  }

  private static void closeToOthers(Path dataDir, Isolation isolation) {
    try {
      Files.createDirectories(dataDir);
      Files.setPosixFilePermissions(
          dataDir,
          PosixFilePermissions.fromString(isolation.tenantsConfined() ? "rwx--x--x" : "rwx------"));
      try (Stream<Path> entries = Files.list(dataDir)) {
        for (Path entry : entries.toList()) {
          if (!entry.getFileName().toString().equals(CLUSTERS)) {
            Files.setPosixFilePermissions(
                entry,
                PosixFilePermissions.fromString(
                    Files.isDirectory(entry) ? "rwx------" : "rw-------"));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot protect the data directory " + dataDir, e);
    }
  }
}
