package io.bdpaas.settings;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The platform's settings, bound once at start-up from {@link SettingsCatalog}. */
public record BdpaasSettings(
    int port,
    String bindAddress,
    Path dataDir,
    String databaseUrl,
    String databaseUser,
    String databasePassword,
    BackendKind backend,
    Path runtimeDir,
    LocalCapacity localCapacity,
    boolean localTenantAccounts,
    int reconcileThreads,
    DefaultQuota defaultQuota,
    UserLimits userLimits,
    int destroyedClusterRetentionDays,
    int jobLogRetentionDays,
    long maxRequestBodyBytes,
    long maxUploadBytes,
    boolean secureCookies,
    int sessionTimeoutMinutes,
    HttpLimits httpLimits,
    SignInLimits signInLimits,
    String adminUsername,
    Optional<String> adminPassword,
    int tokenExpiryDays,
    Uploads uploads,
    Kubernetes kubernetes) {

  public BdpaasSettings {
    requireNonNull(bindAddress, "bindAddress is null");
    requireNonNull(dataDir, "dataDir is null");
    requireNonNull(databaseUrl, "databaseUrl is null");
    requireNonNull(databaseUser, "databaseUser is null");
    requireNonNull(databasePassword, "databasePassword is null");
    requireNonNull(backend, "backend is null");
    requireNonNull(runtimeDir, "runtimeDir is null");
    requireNonNull(localCapacity, "localCapacity is null");
    requireNonNull(defaultQuota, "defaultQuota is null");
    requireNonNull(userLimits, "userLimits is null");
    requireNonNull(httpLimits, "httpLimits is null");
    requireNonNull(signInLimits, "signInLimits is null");
    requireNonNull(adminUsername, "adminUsername is null");
    requireNonNull(adminPassword, "adminPassword is null");
    requireNonNull(uploads, "uploads is null");
    requireNonNull(kubernetes, "kubernetes is null");
  }

  /** These settings with the engine runtimes at {@code located}, found at start-up. */
  public BdpaasSettings withRuntimeDir(Path located) {
    return new BdpaasSettings(
        port,
        bindAddress,
        dataDir,
        databaseUrl,
        databaseUser,
        databasePassword,
        backend,
        located,
        localCapacity,
        localTenantAccounts,
        reconcileThreads,
        defaultQuota,
        userLimits,
        destroyedClusterRetentionDays,
        jobLogRetentionDays,
        maxRequestBodyBytes,
        maxUploadBytes,
        secureCookies,
        sessionTimeoutMinutes,
        httpLimits,
        signInLimits,
        adminUsername,
        adminPassword,
        tokenExpiryDays,
        uploads,
        kubernetes);
  }

  /**
   * When repeated failed sign-ins lock an address out of an account, and for how long; how many
   * sign-ins an address may attempt per minute.
   */
  public record SignInLimits(int maxFailures, int lockoutSeconds, int perAddressPerMinute) {}

  /** How long and how many connections and request bodies the HTTP server serves at once. */
  public record HttpLimits(
      int maxConnections,
      int connectionTimeoutSeconds,
      int keepAliveTimeoutSeconds,
      int bodyReadTimeoutSeconds,
      int maxConcurrentBodies) {}

  /**
   * Streamed uploads (projects' files): the largest file, the slowest average rate in bytes per
   * second, and how many are received at once.
   */
  public record Uploads(long maxProjectFileBytes, long minBytesPerSecond, int maxConcurrent) {}

  /**
   * Where and how the Kubernetes backend runs clusters (unused by the local backend).
   *
   * @param kubeconfig the kubeconfig to connect with; empty for the usual search and in-cluster
   * @param namespace the control plane's own namespace
   * @param namespacePrefix the first part of each tenant's namespace
   * @param images images to run instead of those templates name
   * @param storageClass the storage class of storage claims; empty for the cluster's default
   * @param storageSize the size of each storage claim
   */
  public record Kubernetes(
      Optional<Path> kubeconfig,
      String namespace,
      String namespacePrefix,
      Map<String, String> images,
      Optional<String> storageClass,
      String storageSize,
      NodeAccess nodeAccess,
      Optional<Ingress> ingress,
      String filesImage) {
    public Kubernetes {
      images = Map.copyOf(images);
    }

    /** Publishing exposed ports through Ingresses of a class, on hosts under a domain. */
    public record Ingress(String className, String domain, String controllerNamespace) {}

    /** How the control plane reaches the pods' ports. */
    public enum NodeAccess {
      /** {@link #CLUSTER_DNS} inside a pod, {@link #PORT_FORWARD} otherwise. */
      AUTO,
      CLUSTER_DNS,
      PORT_FORWARD
    }

    /** The defaults: the usual kubeconfig search, namespace and prefix {@code bdpaas}. */
    public static Kubernetes defaults() {
      return new Kubernetes(
          Optional.empty(),
          "bdpaas",
          "bdpaas",
          Map.of(),
          Optional.empty(),
          "10Gi",
          NodeAccess.AUTO,
          Optional.empty(),
          PlatformVersion.image());
    }
  }

  /** What the local backend may hand out to clusters. */
  public record LocalCapacity(int milliCores, int memoryMb) {}

  /** The quota a newly created user gets. */
  public record DefaultQuota(int cores, int memoryMb, int projects) {}

  /** How much of what costs nothing to ask for one user may hold at once. */
  public record UserLimits(int maxApiTokens, int maxWaitingClusters) {}

  @Override
  public String toString() {
    // Never print the database or admin password.
    return "BdpaasSettings[port=%d, bindAddress=%s, dataDir=%s, databaseUrl=%s, backend=%s]"
        .formatted(port, bindAddress, dataDir, databaseUrl, backend);
  }
}
