package io.bdpaas.overview;

import io.bdpaas.account.User;
import io.bdpaas.account.UserStore;
import io.bdpaas.api.PageRequest;
import io.bdpaas.application.ApplicationRow;
import io.bdpaas.application.ApplicationStore;
import io.bdpaas.backend.NodeState;
import io.bdpaas.cluster.ClusterStore;
import io.bdpaas.event.Event;
import io.bdpaas.event.EventKind;
import io.bdpaas.event.EventStore;
import io.bdpaas.event.ResourceKind;
import io.bdpaas.settings.BdpaasSettings;
import io.bdpaas.streaming.StreamMetricsSampler;
import io.bdpaas.tenancy.Caller;
import io.bdpaas.tenancy.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * The platform at a glance, as the seed's cluster overview: cores and memory (capacity, allocated
 * to clusters, in use, peak), applications by type and phase, notebooks' Connect sessions, nodes,
 * what the running streaming applications do, and the newest warnings and errors with where they
 * happened. An admin sees the whole platform; a user the same page for their own slice (their quota
 * as the capacity).
 */
@Service
public class OverviewService {
  static final int WARNINGS = 15;
  private static final Set<EventKind> ERRORS =
      EnumSet.of(EventKind.FAILURE, EventKind.NODE_GAVE_UP, EventKind.NODE_START_FAILED);
  private static final Set<EventKind> WARNING_KINDS =
      EnumSet.of(
          EventKind.NODE_EXITED,
          EventKind.NODE_WARNING,
          EventKind.CONTAINER_LOST,
          EventKind.CHECKPOINT);

  private final NodeUsageSampler usage;
  private final ClusterStore clusters;
  private final ApplicationStore applications;
  private final StreamMetricsSampler streams;
  private final EventStore events;
  private final UserStore users;
  private final BdpaasSettings settings;

  public OverviewService(
      NodeUsageSampler usage,
      ClusterStore clusters,
      ApplicationStore applications,
      StreamMetricsSampler streams,
      EventStore events,
      UserStore users,
      BdpaasSettings settings) {
    this.usage = usage;
    this.clusters = clusters;
    this.applications = applications;
    this.streams = streams;
    this.events = events;
    this.users = users;
    this.settings = settings;
  }

  /**
   * Cores and memory: what there is (the platform's capacity, or the user's quota), what clusters
   * hold, what their nodes use now and the most they used together since {@code peakSince}.
   */
  public record Resources(
      String capacityOf,
      double capacityCores,
      long capacityMemoryMb,
      double allocatedCores,
      long allocatedMemoryMb,
      long clusters,
      double usedCores,
      long usedMemoryMb,
      double peakCores,
      long peakMemoryMb,
      Instant peakAt,
      Instant peakSince,
      Instant sampledAt) {}

  /** Nodes (containers) by state, and the notebooks' Connect servers among them. */
  public record Nodes(int total, Map<String, Integer> byState, int connectSessions) {}

  /** A warning or an error, with where it happened. */
  public record Warning(
      Instant time, String severity, String type, String resource, String message, String link) {}

  public record Overview(
      Instant at,
      String scope,
      Resources resources,
      Map<String, Map<String, Long>> applications,
      Nodes nodes,
      StreamMetricsSampler.StreamTotals streaming,
      List<Warning> warnings) {}

  public Overview overview(Caller caller) {
    Optional<UserId> owner = caller.isAdmin() ? Optional.empty() : Optional.of(caller.id());
    NodeUsageSampler.Snapshot snapshot = usage.latest();
    return new Overview(
        Instant.now(),
        owner.isEmpty() ? "platform" : "user",
        resources(caller, owner, snapshot),
        applications(caller),
        nodes(owner, snapshot),
        streams.totals(owner),
        warnings(caller));
  }

  private Resources resources(
      Caller caller, Optional<UserId> owner, NodeUsageSampler.Snapshot snapshot) {
    ClusterStore.Usage allocated = clusters.usage(owner);
    NodeUsageSampler.Peak used = snapshot.total(owner);
    NodeUsageSampler.Peak peak = usage.peak(owner);
    double capacityCores;
    long capacityMemoryMb;
    if (owner.isEmpty()) {
      capacityCores = settings.localCapacity().milliCores() / 1000.0;
      capacityMemoryMb = settings.localCapacity().memoryMb();
    } else {
      User user = users.findById(caller.id()).orElseThrow();
      capacityCores = user.quota().cores();
      capacityMemoryMb = user.quota().memoryMb();
    }
    return new Resources(
        owner.isEmpty() ? "platform capacity" : "your quota",
        capacityCores,
        capacityMemoryMb,
        allocated.milliCores() / 1000.0,
        allocated.memoryMb(),
        allocated.clusters(),
        round(used.cores()),
        used.memoryBytes() / (1024 * 1024),
        round(peak.cores()),
        peak.memoryBytes() / (1024 * 1024),
        peak.at(),
        usage.since(),
        snapshot.at());
  }

  private Map<String, Map<String, Long>> applications(Caller caller) {
    Map<String, Map<String, Long>> byType = new LinkedHashMap<>();
    for (ApplicationRow.Kind kind : ApplicationRow.Kind.values()) {
      Map<ApplicationRow.Phase, Long> counts = applications.countByPhase(caller, kind);
      Map<String, Long> phases = new LinkedHashMap<>();
      for (ApplicationRow.Phase phase : ApplicationRow.Phase.values()) {
        phases.put(phase.wireName(), counts.getOrDefault(phase, 0L));
      }
      byType.put(kind.wireName(), phases);
    }
    return byType;
  }

  private static Nodes nodes(Optional<UserId> owner, NodeUsageSampler.Snapshot snapshot) {
    Map<NodeState, Integer> byState = new EnumMap<>(NodeState.class);
    int total = 0;
    int connect = 0;
    for (NodeUse node : snapshot.nodes()) {
      if (owner.isPresent() && !owner.get().equals(node.owner())) {
        continue;
      }
      total++;
      byState.merge(node.state(), 1, Integer::sum);
      if (node.role().equals("spark-connect") && node.state() == NodeState.RUNNING) {
        connect++;
      }
    }
    Map<String, Integer> named = new LinkedHashMap<>();
    byState.forEach((state, count) -> named.put(state.name().toLowerCase(Locale.ROOT), count));
    return new Nodes(total, named, connect);
  }

  private List<Warning> warnings(Caller caller) {
    List<Warning> warnings = new ArrayList<>();
    Set<EventKind> kinds = EnumSet.copyOf(ERRORS);
    kinds.addAll(WARNING_KINDS);
    for (Event event : events.newestOfKinds(caller, kinds, new PageRequest(0, WARNINGS)).items()) {
      boolean cluster = event.resourceKind() == ResourceKind.CLUSTER;
      String link =
          cluster
              ? "/clusters/" + event.resourceId()
              : applications
                  .find(caller, event.resourceId())
                  .map(ApplicationRow::consolePath)
                  .orElse("/applications?q=" + event.resourceId());
      warnings.add(
          new Warning(
              event.time(),
              ERRORS.contains(event.kind()) ? "error" : "warning",
              event.kind().name().toLowerCase(Locale.ROOT),
              (cluster ? "cluster " : "application ") + event.resourceId(),
              event.message(),
              link));
    }
    ApplicationStore.Filter failed = ApplicationStore.Filter.inPhase(ApplicationRow.Phase.FAILED);
    for (ApplicationRow row :
        applications
            .list(caller, failed, ApplicationStore.Sort.SUBMITTED, true, new PageRequest(0, 5))
            .items()) {
      warnings.add(
          new Warning(
              row.endedAt().orElse(row.createdAt()),
              "error",
              "failed",
              row.kind().wireName() + " " + row.id(),
              row.name() + " failed" + row.message().map(m -> ": " + m).orElse(""),
              row.consolePath()));
    }
    warnings.sort(Comparator.comparing(Warning::time).reversed());
    return warnings.size() > WARNINGS ? List.copyOf(warnings.subList(0, WARNINGS)) : warnings;
  }

  private static double round(double cores) {
    return Math.round(cores * 100) / 100.0;
  }
}
