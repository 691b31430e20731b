package io.bdpaas.backend.kubernetes;

/**
 * What one tenant may use at once, as the platform's accounts say: the tenant's namespace gets a
 * ResourceQuota of exactly this, so that Kubernetes itself refuses a pod beyond it, plus room for
 * the file service of each storage area the tenant may hold (see {@link StorageObjects}).
 *
 * @param cores CPU cores
 * @param memoryMb memory in MiB
 * @param storageAreas the most storage areas the tenant holds at once (its projects)
 */
public record TenantQuota(int cores, int memoryMb, int storageAreas) {
  public TenantQuota {
    if (cores < 0 || memoryMb < 0 || storageAreas < 0) {
      throw new IllegalArgumentException(
          "a quota is never negative: cores "
              + cores
              + ", memoryMb "
              + memoryMb
              + ", storageAreas "
              + storageAreas);
    }
  }

  /** A quota with no storage area. */
  public TenantQuota(int cores, int memoryMb) {
    this(cores, memoryMb, 0);
  }

  /** The CPU the namespace may use: the tenant's cores and its file services'. */
  public long namespaceMilliCores() {
    return cores * 1000L + (long) storageAreas * StorageObjects.CPU_MILLIS;
  }

  /** The memory the namespace may use, in MiB: the tenant's and its file services'. */
  public long namespaceMemoryMb() {
    return memoryMb + (long) storageAreas * StorageObjects.MEMORY_MB;
  }
}
