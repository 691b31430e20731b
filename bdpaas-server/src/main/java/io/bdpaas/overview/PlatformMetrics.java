package io.bdpaas.overview;

import io.bdpaas.account.UserStore;
import io.bdpaas.cluster.ClusterStore;
import io.bdpaas.streaming.StreamMetricsSampler;
import io.bdpaas.tenancy.UserId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * Per-tenant resource use and per-application rates on the platform's Prometheus endpoint ({@code
 * /actuator/prometheus}):
 *
 * <ul>
 *   <li>{@code bdpaas_tenant_cores_used{user}}, {@code bdpaas_tenant_memory_used_bytes{user}}: what
 *       the user's nodes use, as the overview's sample measures it;
 *   <li>{@code bdpaas_tenant_cores_allocated{user}}, {@code
 *       bdpaas_tenant_memory_allocated_bytes{user}}, {@code bdpaas_tenant_clusters{user}}: what the
 *       user's admitted clusters hold;
 *   <li>{@code bdpaas_streaming_processed_records_per_second{user,application}} and {@code
 *       bdpaas_streaming_emitted_records_per_second{user,application}}: each running streaming
 *       application's rates (its id as {@code application}).
 * </ul>
 *
 * Refreshed after each of the overview's node samples. A series whose user holds nothing, or whose
 * application stopped, goes away at the next refresh.
 */
@Component
public class PlatformMetrics {
  private final NodeUsageSampler usage;
  private final ClusterStore clusters;
  private final StreamMetricsSampler streams;
  private final UserStore users;
  private final MultiGauge coresUsed;
  private final MultiGauge memoryUsed;
  private final MultiGauge coresAllocated;
  private final MultiGauge memoryAllocated;
  private final MultiGauge clustersHeld;
  private final MultiGauge processed;
  private final MultiGauge emitted;

  public PlatformMetrics(
      NodeUsageSampler usage,
      ClusterStore clusters,
      StreamMetricsSampler streams,
      UserStore users,
      MeterRegistry registry) {
    this.usage = usage;
    this.clusters = clusters;
    this.streams = streams;
    this.users = users;
    coresUsed = gauge(registry, "bdpaas.tenant.cores.used", null, "Cores the user's nodes use");
    memoryUsed =
        gauge(registry, "bdpaas.tenant.memory.used", "bytes", "Memory the user's nodes use");
    coresAllocated =
        gauge(registry, "bdpaas.tenant.cores.allocated", null, "Cores the user's clusters hold");
    memoryAllocated =
        gauge(
            registry, "bdpaas.tenant.memory.allocated", "bytes", "Memory the user's clusters hold");
    clustersHeld = gauge(registry, "bdpaas.tenant.clusters", null, "The user's admitted clusters");
    processed =
        gauge(
            registry,
            "bdpaas.streaming.processed.records.per.second",
            null,
            "Records a running streaming application processes per second");
    emitted =
        gauge(
            registry,
            "bdpaas.streaming.emitted.records.per.second",
            null,
            "Records a running streaming application emits per second");
    usage.afterEachSample(this::refresh);
  }

  private static MultiGauge gauge(
      MeterRegistry registry, String name, String unit, String description) {
    MultiGauge.Builder builder = MultiGauge.builder(name).description(description);
    if (unit != null) {
      builder.baseUnit(unit);
    }
    return builder.register(registry);
  }

  void refresh() {
    NodeUsageSampler.Snapshot snapshot = usage.latest();
    Map<UserId, ClusterStore.Usage> allocated = clusters.usageByOwner();
    List<StreamMetricsSampler.AppRates> rates = streams.rates();
    Set<UserId> owners = new HashSet<>(allocated.keySet());
    snapshot.nodes().forEach(node -> owners.add(node.owner()));
    rates.forEach(rate -> owners.add(rate.owner()));
    Map<UserId, String> names = users.usernames(owners);

    Map<UserId, NodeUsageSampler.Peak> used = new LinkedHashMap<>();
    for (UserId owner : owners) {
      used.put(owner, snapshot.total(Optional.of(owner)));
    }
    coresUsed.register(rows(used, names, NodeUsageSampler.Peak::cores), true);
    memoryUsed.register(rows(used, names, peak -> peak.memoryBytes()), true);
    coresAllocated.register(rows(allocated, names, u -> u.milliCores() / 1000.0), true);
    memoryAllocated.register(rows(allocated, names, u -> u.memoryMb() * 1024.0 * 1024.0), true);
    clustersHeld.register(rows(allocated, names, u -> u.clusters()), true);

    List<MultiGauge.Row<?>> processedRows = new ArrayList<>();
    List<MultiGauge.Row<?>> emittedRows = new ArrayList<>();
    for (StreamMetricsSampler.AppRates rate : rates) {
      Tags tags =
          Tags.of("user", names.getOrDefault(rate.owner(), "?"), "application", rate.app().value());
      processedRows.add(MultiGauge.Row.of(tags, rate.processedPerSecond()));
      emittedRows.add(MultiGauge.Row.of(tags, rate.emittedPerSecond()));
    }
    processed.register(processedRows, true);
    emitted.register(emittedRows, true);
  }

  private static <T> List<MultiGauge.Row<?>> rows(
      Map<UserId, T> values, Map<UserId, String> names, ToDoubleFunction<T> value) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    values.forEach(
        (owner, of) ->
            rows.add(
                MultiGauge.Row.of(
                    Tags.of("user", names.getOrDefault(owner, "?")), value.applyAsDouble(of))));
    return rows;
  }
}
