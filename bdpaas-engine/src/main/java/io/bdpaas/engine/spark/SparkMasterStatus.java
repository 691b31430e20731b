package io.bdpaas.engine.spark;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The state of a Spark standalone master, from its {@code /json/} endpoint.
 *
 * @param url the master's {@code spark://} URL
 * @param status {@code ALIVE} once it leads, {@code STANDBY}, {@code RECOVERING}...
 * @param aliveWorkers the master's own count of alive workers
 * @param workers every worker it knows, dead ones included until it forgets them
 */
public record SparkMasterStatus(
    String url,
    String status,
    int aliveWorkers,
    int cores,
    int coresUsed,
    long memoryMb,
    long memoryUsedMb,
    int activeApplications,
    int activeDrivers,
    List<SparkWorkerInfo> workers) {

  public SparkMasterStatus {
    requireNonNull(url, "url is null");
    requireNonNull(status, "status is null");
    workers = List.copyOf(requireNonNull(workers, "workers is null"));
  }

  public boolean isAlive() {
    return "ALIVE".equals(status);
  }

  /** The workers in state {@code ALIVE}. */
  public List<SparkWorkerInfo> liveWorkers() {
    return workers.stream().filter(SparkWorkerInfo::isAlive).toList();
  }
}
