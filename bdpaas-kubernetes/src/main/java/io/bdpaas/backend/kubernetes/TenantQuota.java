package io.bdpaas.backend.kubernetes;

/**
 * What one tenant may use at once, as the platform's accounts say: the tenant's namespace gets a
 * ResourceQuota of exactly this, so that Kubernetes itself refuses a pod beyond it.
 *
 * @param cores CPU cores
 * @param memoryMb memory in MiB
 */
public record TenantQuota(int cores, int memoryMb) {
  public TenantQuota {
    if (cores < 0 || memoryMb < 0) {
      throw new IllegalArgumentException(
          "a quota is never negative: cores " + cores + ", memoryMb " + memoryMb);
    }
  }
}
