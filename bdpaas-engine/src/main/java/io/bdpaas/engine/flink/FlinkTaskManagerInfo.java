package io.bdpaas.engine.flink;

import static java.util.Objects.requireNonNull;

/**
 * One TaskManager registered with the JobManager, from {@code /taskmanagers}.
 *
 * @param id the resource id (BDPaaS sets it to the node name)
 * @param path its RPC address
 * @param lastHeartbeatEpochMillis Flink's {@code timeSinceLastHeartbeat}, which actually holds an
 *     epoch time
 * @param processMemoryBytes the memory configured for the TaskManager's whole process ({@code
 *     memoryConfiguration.totalProcessMemory}): heap, managed, network, metaspace and overhead; 0
 *     when Flink does not report it
 */
public record FlinkTaskManagerInfo(
    String id,
    String path,
    int dataPort,
    int slots,
    int freeSlots,
    int cpuCores,
    long physicalMemoryBytes,
    long lastHeartbeatEpochMillis,
    long processMemoryBytes) {

  public FlinkTaskManagerInfo {
    requireNonNull(id, "id is null");
    requireNonNull(path, "path is null");
  }
}
