package io.bdpaas.cluster;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * What the owner of a cluster asks for: its size and options, running or destroyed, and the cores
 * and memory that size takes (held against capacity and quota from admission on). Only users change
 * it; the reconciler reads it.
 *
 * @param options the options as the owner sent them (JSON)
 * @param mergedOptions the options merged with the product's defaults
 */
public record ClusterSpec(
    int size,
    String options,
    Map<String, Object> mergedOptions,
    boolean destroyRequested,
    int milliCores,
    int memoryMb) {
  public ClusterSpec {
    if (size < 1) {
      throw new IllegalArgumentException("size must be positive: " + size);
    }
    requireNonNull(options, "options is null");
    mergedOptions = Map.copyOf(mergedOptions);
  }

  /**
   * Whether the owner asks for another size than a plan made for {@code plannedSize}. A plan of
   * size 0 comes from before plans recorded their size: never taken for a resize.
   */
  public boolean asksForAnotherSizeThan(int plannedSize) {
    return plannedSize > 0 && plannedSize != size;
  }
}
