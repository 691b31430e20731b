package io.bdpaas.overview;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.bdpaas.cluster.ClusterReconciler;
import io.bdpaas.job.JobRunReconciler;
import io.bdpaas.reconcile.ReconcileKernel;
import io.bdpaas.streaming.StreamAppReconciler;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The control plane's own health, for administrators: its JVM (heap, threads, CPU, uptime), its
 * database (a round trip, the connection pool) and each reconcile kernel's queue (queued, stepping,
 * waiting, failing, and the slowest recent step with its resource).
 */
@Service
public class PlatformHealth {
  private final JdbcClient jdbc;
  private final DataSource dataSource;
  private final ClusterReconciler clusters;
  private final JobRunReconciler runs;
  private final StreamAppReconciler streamApps;

  public PlatformHealth(
      JdbcClient jdbc,
      DataSource dataSource,
      ClusterReconciler clusters,
      JobRunReconciler runs,
      StreamAppReconciler streamApps) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
    this.clusters = clusters;
    this.runs = runs;
    this.streamApps = streamApps;
  }

  public record Jvm(
      long heapUsedBytes,
      long heapMaxBytes,
      int threads,
      double processCpuPercent,
      int processors,
      long uptimeSeconds,
      String version) {}

  /** The pool's numbers where the pool says them (HikariCP). */
  public record Database(
      boolean reachable,
      double roundTripMillis,
      Optional<String> error,
      Optional<Integer> activeConnections,
      Optional<Integer> idleConnections,
      Optional<Integer> waitingForConnection) {}

  public record Health(Jvm jvm, Database database, List<ReconcileKernel.Stats> reconcilers) {}

  public Health health() {
    return new Health(
        jvm(),
        database(),
        List.of(clusters.kernelStats(), runs.kernelStats(), streamApps.kernelStats()));
  }

  private static Jvm jvm() {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    double cpu = -1;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      cpu = os.getProcessCpuLoad() * 100 * Runtime.getRuntime().availableProcessors();
    }
    return new Jvm(
        heap.getUsed(),
        heap.getMax(),
        ManagementFactory.getThreadMXBean().getThreadCount(),
        Math.round(cpu * 10) / 10.0,
        Runtime.getRuntime().availableProcessors(),
        Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime()).toSeconds(),
        Runtime.version().toString());
  }

  private Database database() {
    Optional<HikariPoolMXBean> pool =
        dataSource instanceof HikariDataSource hikari
            ? Optional.ofNullable(hikari.getHikariPoolMXBean())
            : Optional.empty();
    long start = System.nanoTime();
    try {
      jdbc.sql("SELECT 1").query(Integer.class).single();
      return new Database(
          true,
          Math.round((System.nanoTime() - start) / 1e4) / 100.0,
          Optional.empty(),
          pool.map(HikariPoolMXBean::getActiveConnections),
          pool.map(HikariPoolMXBean::getIdleConnections),
          pool.map(HikariPoolMXBean::getThreadsAwaitingConnection));
    } catch (RuntimeException e) {
      return new Database(
          false,
          (System.nanoTime() - start) / 1e6,
          Optional.of(e.getClass().getSimpleName()),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());
    }
  }
}
