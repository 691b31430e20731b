package io.bdpaas.cluster;

import io.bdpaas.account.Quota;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Admission of a cluster against the machine's capacity and its owner's quota. Pure: the caller
 * supplies what is in use.
 */
public final class ClusterScheduler {
  private ClusterScheduler() {}

  /** What the scheduler decided. */
  public sealed interface Decision {
    /** The cluster fits now. */
    record Admit() implements Decision {}

    /** The cluster fits once others free resources; it waits in {@code scheduling}. */
    record Wait(String reason) implements Decision {}

    /**
     * The cluster can never fit; it fails at once.
     *
     * @param limit what it can never fit: its owner's quota, or the platform's capacity
     */
    record Never(String reason, Limit limit) implements Decision {}
  }

  /** What a cluster that can never fit is bigger than. */
  public enum Limit {
    QUOTA,
    CAPACITY
  }

  /**
   * Decides for one cluster.
   *
   * @param capacityMilliCores, capacityMemoryMb what the backend hands out in all
   * @param inUse what admitted clusters hold, platform-wide
   * @param ownerInUse what the owner's admitted clusters hold
   */
  public static Decision decide(
      int milliCores,
      int memoryMb,
      int capacityMilliCores,
      int capacityMemoryMb,
      Quota quota,
      ClusterStore.Usage inUse,
      ClusterStore.Usage ownerInUse) {
    Optional<String> beyondQuota = beyondQuota(milliCores, memoryMb, quota);
    if (beyondQuota.isPresent()) {
      return new Decision.Never(beyondQuota.get(), Limit.QUOTA);
    }
    long quotaMilliCores = quota.cores() * 1000L;
    if (milliCores > capacityMilliCores) {
      return new Decision.Never(
          "needs "
              + cores(milliCores)
              + " cores but the platform has "
              + cores(capacityMilliCores)
              + " in all",
          Limit.CAPACITY);
    }
    if (memoryMb > capacityMemoryMb) {
      return new Decision.Never(
          "needs " + memoryMb + " MiB but the platform has " + capacityMemoryMb + " MiB in all",
          Limit.CAPACITY);
    }
    if (ownerInUse.milliCores() + milliCores > quotaMilliCores
        || ownerInUse.memoryMb() + memoryMb > quota.memoryMb()) {
      return new Decision.Wait(
          "waiting for quota: the owner's other clusters hold "
              + cores(ownerInUse.milliCores())
              + " of "
              + quota.cores()
              + " cores and "
              + ownerInUse.memoryMb()
              + " of "
              + quota.memoryMb()
              + " MiB");
    }
    if (inUse.milliCores() + milliCores > capacityMilliCores
        || inUse.memoryMb() + memoryMb > capacityMemoryMb) {
      return new Decision.Wait(
          "waiting for capacity: clusters hold "
              + cores(inUse.milliCores())
              + " of "
              + cores(capacityMilliCores)
              + " cores and "
              + inUse.memoryMb()
              + " of "
              + capacityMemoryMb
              + " MiB");
    }
    return new Decision.Admit();
  }

  /**
   * Why a cluster needing {@code milliCores} and {@code memoryMb} can never fit {@code quota},
   * whatever else its owner runs; empty when it can.
   */
  public static Optional<String> beyondQuota(int milliCores, int memoryMb, Quota quota) {
    if (milliCores > quota.cores() * 1000L) {
      return Optional.of(
          "needs "
              + cores(milliCores)
              + " cores but the owner's quota is "
              + quota.cores()
              + " cores");
    }
    if (memoryMb > quota.memoryMb()) {
      return Optional.of(
          "needs " + memoryMb + " MiB but the owner's quota is " + quota.memoryMb() + " MiB");
    }
    return Optional.empty();
  }

  static String cores(long milliCores) {
    return BigDecimal.valueOf(milliCores, 3).stripTrailingZeros().toPlainString();
  }
}
