package io.bdpaas.engine.spark;

import static java.util.Objects.requireNonNull;

/**
 * One worker as the Spark master reports it in {@code /json/}.
 *
 * @param id the worker id, e.g. {@code worker-20261122101010-127.0.0.1-40123}
 * @param state {@code ALIVE}, {@code DEAD}, {@code DECOMMISSIONED} or {@code UNKNOWN}
 * @param memoryMb memory offered to applications
 */
public record SparkWorkerInfo(
    String id,
    String host,
    int port,
    String webUiAddress,
    int cores,
    int coresUsed,
    long memoryMb,
    long memoryUsedMb,
    String state,
    long lastHeartbeatEpochMillis) {

  public SparkWorkerInfo {
    requireNonNull(id, "id is null");
    requireNonNull(host, "host is null");
    requireNonNull(webUiAddress, "webUiAddress is null");
    requireNonNull(state, "state is null");
  }

  public boolean isAlive() {
    return "ALIVE".equals(state);
  }
}
