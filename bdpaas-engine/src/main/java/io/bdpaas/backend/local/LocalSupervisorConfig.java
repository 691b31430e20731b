package io.bdpaas.backend.local;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of a {@link LocalProcessSupervisor}.
 *
 * @param dataDirectory where each node gets {@code <clusterId>/<nodeName>/} with its pid file and
 *     logs
 * @param javaExecutable the {@code java} launcher node JVMs are started with
 * @param restartPolicy how nodes that die unexpectedly are restarted
 * @param stopTimeout how long a node gets after SIGTERM before SIGKILL
 * @param tenantAccounts whether nodes run as their tenant's own OS account where that is possible
 *     (the platform runs as root)
 */
public record LocalSupervisorConfig(
    Path dataDirectory,
    Path javaExecutable,
    RestartPolicy restartPolicy,
    Duration stopTimeout,
    boolean tenantAccounts) {

  public LocalSupervisorConfig {
    requireNonNull(dataDirectory, "dataDirectory is null");
    requireNonNull(javaExecutable, "javaExecutable is null");
    requireNonNull(restartPolicy, "restartPolicy is null");
    requireNonNull(stopTimeout, "stopTimeout is null");
    if (!dataDirectory.isAbsolute()) {
      throw new IllegalArgumentException("dataDirectory must be absolute: " + dataDirectory);
    }
    if (stopTimeout.isNegative()) {
      throw new IllegalArgumentException("stopTimeout must not be negative: " + stopTimeout);
    }
  }

  /**
   * The running JVM's own {@code java}, the default restart policy, a 20 s stop timeout, and tenant
   * accounts where possible.
   */
  public static LocalSupervisorConfig defaults(Path dataDirectory) {
    return new LocalSupervisorConfig(
        dataDirectory, currentJava(), RestartPolicy.DEFAULT, Duration.ofSeconds(20), true);
  }

  public LocalSupervisorConfig withRestartPolicy(RestartPolicy policy) {
    return new LocalSupervisorConfig(
        dataDirectory, javaExecutable, policy, stopTimeout, tenantAccounts);
  }

  public LocalSupervisorConfig withStopTimeout(Duration timeout) {
    return new LocalSupervisorConfig(
        dataDirectory, javaExecutable, restartPolicy, timeout, tenantAccounts);
  }

  public LocalSupervisorConfig withTenantAccounts(boolean enabled) {
    return new LocalSupervisorConfig(
        dataDirectory, javaExecutable, restartPolicy, stopTimeout, enabled);
  }

  /** The {@code java} launcher of the running JVM. */
  public static Path currentJava() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }
}
