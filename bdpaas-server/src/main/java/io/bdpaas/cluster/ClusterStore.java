package io.bdpaas.cluster;

import io.bdpaas.api.Page;
import io.bdpaas.api.PageRequest;
import io.bdpaas.catalog.ClusterPlan;
import io.bdpaas.catalog.ProductKey;
import io.bdpaas.catalog.ProductUsage;
import io.bdpaas.engine.EngineSecret;
import io.bdpaas.store.ReadCache;
import io.bdpaas.store.Timestamps;
import io.bdpaas.tenancy.Caller;
import io.bdpaas.tenancy.TenantScopedStore;
import io.bdpaas.tenancy.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Persists clusters. Users' reads and writes go through the tenant-scoped methods; the reconciler,
 * which acts for the platform, uses the unscoped ones named {@code *ForReconciler}.
 */
@Repository
public class ClusterStore extends TenantScopedStore<Cluster> implements ProductUsage {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final ObjectReader OPTIONS =
      JSON.readerFor(new TypeReference<Map<String, Object>>() {});
  private static final ObjectReader ENDPOINTS =
      JSON.readerFor(new TypeReference<Map<String, String>>() {});
  private static final ObjectReader PLAN = JSON.readerFor(ClusterPlan.class);

  /** Every column but the engine's secret and key store, which only the reconciler reads. */
  private static final String COLUMNS =
      "id, owner_id, name, product_name, product_version, size, options, merged_options, status,"
          + " status_reason, desired_state, milli_cores, memory_mb, plan, previous_plan,"
          + " orchestrator_step, step_started_at, created_at, updated_at, status_changed_at";

  /**
   * What a list reads: no plans, their endpoints, node count and size from columns of their own.
   */
  private static final String SUMMARY_COLUMNS =
      "id, owner_id, name, product_name, product_version, size, options, merged_options, status,"
          + " status_reason, desired_state, milli_cores, memory_mb, endpoints, node_count,"
          + " plan_size, created_at, updated_at, status_changed_at";

  /**
   * Recent list pages: consoles and clients polling a list between two changes of any cluster are
   * served without a query. Every write below invalidates it.
   */
  private final ReadCache<SummaryRead, Page<ClusterSummary>> summaryPages = new ReadCache<>(512);

  public ClusterStore(JdbcClient jdbc) {
    super(jdbc, "clusters", COLUMNS, ClusterStore::map, "created_at DESC, id DESC");
  }

  public Optional<Cluster> find(Caller caller, ClusterId id) {
    return find(caller, id.value());
  }

  /** A page of the clusters the caller may see, as lists show them. */
  public Page<ClusterSummary> summaries(
      Caller caller, Map<String, Object> filters, PageRequest page) {
    return summaryPages.get(
        new SummaryRead(caller.isAdmin() ? 0 : caller.id().value(), Map.copyOf(filters), page),
        () -> list(caller, filters, page, SUMMARY_COLUMNS, ClusterStore::mapSummary));
  }

  /** One cluster the caller may see, as lists show it (no plan parsed). */
  public Optional<ClusterSummary> findSummary(Caller caller, ClusterId id) {
    return find(caller, id.value(), SUMMARY_COLUMNS, ClusterStore::mapSummary);
  }

  /** Who reads ({@code 0} for any admin: they all see the same) and what. */
  private record SummaryRead(long reader, Map<String, Object> filters, PageRequest page) {}

  public void insert(Cluster cluster) {
    insert(cluster, ClusterAttachments.NONE);
  }

  public void insert(Cluster cluster, ClusterAttachments attachments) {
    ClusterSpec spec = cluster.spec();
    ClusterProgress progress = cluster.progress();
    jdbc.sql(
            "INSERT INTO clusters (id, owner_id, name, product_name, product_version, size, options,"
                + " merged_options, status, status_reason, desired_state, milli_cores, memory_mb,"
                + " plan, endpoints, node_count, plan_size, orchestrator_step, step_started_at,"
                + " created_at, updated_at, status_changed_at, client_token, storage_name)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            cluster.id().value(),
            cluster.ownerId().value(),
            cluster.name(),
            cluster.product().name(),
            cluster.product().version(),
            spec.size(),
            spec.options(),
            JSON.writeValueAsString(spec.mergedOptions()),
            progress.status().name(),
            progress.reason().orElse(null),
            spec.destroyRequested() ? "DESTROYED" : "RUNNING",
            spec.milliCores(),
            spec.memoryMb(),
            progress.plan().map(JSON::writeValueAsString).orElse(null),
            endpoints(progress.plan()),
            nodeCount(progress.plan()),
            planSize(progress.plan()),
            progress.orchestratorStep(),
            Timestamps.toDatabase(progress.stepStartedAt().orElse(null)),
            Timestamps.toDatabase(cluster.createdAt()),
            Timestamps.toDatabase(progress.updatedAt()),
            Timestamps.toDatabase(progress.statusChangedAt()),
            attachments.clientToken().orElse(null),
            attachments.storage().orElse(null))
        .update();
    summaryPages.invalidate();
  }

  /** Writes the reconciler's progress; the owner's spec is never touched here. */
  public void saveProgressForReconciler(ClusterId id, ClusterProgress progress) {
    jdbc.sql(
            "UPDATE clusters SET status = ?, status_reason = ?, plan = ?, previous_plan = ?,"
                + " endpoints = ?, node_count = ?, plan_size = ?, orchestrator_step = ?,"
                + " step_started_at = ?, updated_at = ?, status_changed_at = ? WHERE id = ?")
        .params(
            progress.status().name(),
            progress.reason().orElse(null),
            progress.plan().map(JSON::writeValueAsString).orElse(null),
            progress.previousPlan().map(JSON::writeValueAsString).orElse(null),
            endpoints(progress.plan()),
            nodeCount(progress.plan()),
            planSize(progress.plan()),
            progress.orchestratorStep(),
            Timestamps.toDatabase(progress.stepStartedAt().orElse(null)),
            Timestamps.toDatabase(progress.updatedAt()),
            Timestamps.toDatabase(progress.statusChangedAt()),
            id.value())
        .update();
    summaryPages.invalidate();
  }

  /**
   * Asks for another size, with the cores and memory it takes, if the caller may; false when there
   * is no such cluster.
   */
  public boolean requestResize(
      Caller caller, ClusterId id, int size, int milliCores, int memoryMb) {
    boolean updated =
        update(
            caller,
            id.value(),
            "size = ?, milli_cores = ?, memory_mb = ?, updated_at = ?",
            size,
            milliCores,
            memoryMb,
            Timestamps.toDatabase(Timestamps.now()));
    summaryPages.invalidate();
    return updated;
  }

  /**
   * Puts back the size a cluster has after a resize was given up, with what that size takes. The
   * one write of the spec by the reconciler: without it the cluster would try the same resize again
   * and again.
   */
  public void revertResizeForReconciler(ClusterId id, int size, int milliCores, int memoryMb) {
    jdbc.sql(
            "UPDATE clusters SET size = ?, milli_cores = ?, memory_mb = ?, updated_at = ? WHERE id = ?")
        .params(size, milliCores, memoryMb, Timestamps.toDatabase(Timestamps.now()), id.value())
        .update();
    summaryPages.invalidate();
  }

  /**
   * The cluster's engine secret and TLS identity (for the reconciler and the platform's own engine
   * clients only), generated on first use (clusters created before they existed get them when they
   * are next planned).
   */
  public EngineSecret engineSecret(ClusterId id) {
    Optional<EngineSecret> kept = storedEngineSecret(id);
    if (kept.isEmpty()) {
      // Generating one costs a key pair and an encrypted key store: only when there is none.
      EngineSecret fresh = EngineSecret.generate(id.value());
      jdbc.sql(
              "UPDATE clusters SET engine_secret = ?, engine_key_store = ? WHERE id = ?"
                  + " AND engine_secret IS NULL")
          .params(fresh.key(), fresh.keyStore(), id.value())
          .update();
      kept = storedEngineSecret(id);
    }
    EngineSecret stored =
        kept.orElseThrow(() -> new IllegalStateException("no cluster " + id + " to keep a secret"));
    if (stored.keyStore().isEmpty()) {
      stored = stored.withNewKeyStore(id.value());
      jdbc.sql("UPDATE clusters SET engine_key_store = ? WHERE id = ?")
          .params(stored.keyStore(), id.value())
          .update();
    }
    return stored;
  }

  private Optional<EngineSecret> storedEngineSecret(ClusterId id) {
    return jdbc.sql(
            "SELECT engine_secret, engine_key_store FROM clusters WHERE id = ?"
                + " AND engine_secret IS NOT NULL")
        .param(id.value())
        .query(
            (row, number) ->
                new EngineSecret(
                    row.getString("engine_secret"),
                    Optional.ofNullable(row.getString("engine_key_store")).orElse("")))
        .optional();
  }

  /** What the cluster was given when it was created: its client token and storage area. */
  public ClusterAttachments attachmentsForReconciler(ClusterId id) {
    return jdbc.sql("SELECT client_token, storage_name FROM clusters WHERE id = ?")
        .param(id.value())
        .query(
            (row, number) ->
                new ClusterAttachments(
                    Optional.ofNullable(row.getString("client_token")),
                    Optional.ofNullable(row.getString("storage_name"))))
        .optional()
        .orElse(ClusterAttachments.NONE);
  }

  /** Marks the cluster's storage area to be deleted when the cluster is destroyed. */
  public void releaseStorageWithCluster(Caller caller, ClusterId id) {
    update(caller, id.value(), "storage_released = TRUE");
  }

  /** The storage area to delete with the cluster, if its owner let it go. */
  public Optional<String> storageReleasedForReconciler(ClusterId id) {
    return jdbc.sql(
            "SELECT storage_name FROM clusters WHERE id = ? AND storage_released = TRUE"
                + " AND storage_name IS NOT NULL")
        .param(id.value())
        .query(String.class)
        .optional();
  }

  /** Marks a cluster for destruction, if the caller may; false when there is no such cluster. */
  public boolean requestDestroy(Caller caller, ClusterId id) {
    boolean updated =
        update(
            caller,
            id.value(),
            "desired_state = 'DESTROYED', updated_at = ?",
            Timestamps.toDatabase(Timestamps.now()));
    summaryPages.invalidate();
    return updated;
  }

  /** Every cluster the reconciler still has work on, oldest first. */
  public List<Cluster> findNeedingReconcileForReconciler() {
    return jdbc.sql(
            "SELECT * FROM clusters WHERE status <> 'DESTROYED'"
                + " AND (status <> 'FAILED' OR desired_state = 'DESTROYED') ORDER BY created_at, id")
        .query(ClusterStore::map)
        .list();
  }

  public Optional<Cluster> findForReconciler(ClusterId id) {
    return jdbc.sql("SELECT * FROM clusters WHERE id = ?")
        .param(id.value())
        .query(ClusterStore::map)
        .optional();
  }

  /** The clusters that hold nodes now (admitted and not yet destroyed), of every owner. */
  public List<Cluster> holdingNodesForSampler() {
    return jdbc.sql(
            "SELECT * FROM clusters WHERE status IN ('SCHEDULED', 'CONFIGURING', 'CONFIGURED',"
                + " 'READY')")
        .query(ClusterStore::map)
        .list();
  }

  /**
   * Cores (milli) and memory held by admitted clusters, by owner (owners holding none left out).
   */
  public Map<UserId, Usage> usageByOwner() {
    Map<UserId, Usage> usage = new LinkedHashMap<>();
    jdbc.sql(
            "SELECT owner_id, COALESCE(SUM(milli_cores), 0) AS cores, COALESCE(SUM(memory_mb), 0)"
                + " AS memory, COUNT(*) AS clusters FROM clusters WHERE status IN ('SCHEDULED',"
                + " 'CONFIGURING', 'CONFIGURED', 'READY') GROUP BY owner_id")
        .query(
            (row, n) ->
                usage.put(
                    new UserId(row.getLong("owner_id")),
                    new Usage(
                        row.getLong("cores"), row.getLong("memory"), row.getLong("clusters"))))
        .list();
    return usage;
  }

  /** Cores (milli) and memory held by admitted clusters, platform-wide or of one owner. */
  public Usage usage(Optional<UserId> owner) {
    String where =
        " WHERE status IN ('SCHEDULED', 'CONFIGURING', 'CONFIGURED', 'READY')"
            + (owner.isPresent() ? " AND owner_id = ?" : "");
    var query =
        jdbc.sql(
            "SELECT COALESCE(SUM(milli_cores), 0) AS cores, COALESCE(SUM(memory_mb), 0) AS memory,"
                + " COUNT(*) AS clusters FROM clusters"
                + where);
    if (owner.isPresent()) {
      query = query.param(owner.get().value());
    }
    return query
        .query(
            (row, n) ->
                new Usage(row.getLong("cores"), row.getLong("memory"), row.getLong("clusters")))
        .single();
  }

  /**
   * Deletes the clusters destroyed before {@code before}, with their events; answers how many
   * clusters.
   */
  public int purgeDestroyedBefore(Instant before) {
    jdbc.sql(
            "DELETE FROM events WHERE resource_kind = 'CLUSTER' AND resource_id IN (SELECT id FROM"
                + " clusters WHERE status = 'DESTROYED' AND status_changed_at < ?)")
        .param(Timestamps.toDatabase(before))
        .update();
    int purged =
        jdbc.sql("DELETE FROM clusters WHERE status = 'DESTROYED' AND status_changed_at < ?")
            .param(Timestamps.toDatabase(before))
            .update();
    summaryPages.invalidate();
    return purged;
  }

  /** How many of the owner's clusters wait for admission (registered or scheduling). */
  public long countWaiting(UserId owner) {
    return jdbc.sql(
            "SELECT COUNT(*) FROM clusters WHERE owner_id = ? AND status IN ('REGISTERED',"
                + " 'SCHEDULING')")
        .param(owner.value())
        .query(Long.class)
        .single();
  }

  /** Resources held by admitted clusters. */
  public record Usage(long milliCores, long memoryMb, long clusters) {
    /** The usage without one cluster's share (to decide on that cluster's resize). */
    public Usage without(ClusterSpec spec) {
      return new Usage(milliCores - spec.milliCores(), memoryMb - spec.memoryMb(), clusters - 1);
    }
  }

  @Override
  public long activeClusters(ProductKey key) {
    return jdbc.sql(
            "SELECT COUNT(*) FROM clusters WHERE product_name = ? AND product_version = ?"
                + " AND status <> 'DESTROYED'")
        .params(key.name(), key.version())
        .query(Long.class)
        .single();
  }

  private static String endpoints(Optional<ClusterPlan> plan) {
    return plan.map(p -> JSON.writeValueAsString(p.endpoints())).orElse(null);
  }

  private static int nodeCount(Optional<ClusterPlan> plan) {
    return plan.map(p -> p.nodes().size()).orElse(0);
  }

  private static int planSize(Optional<ClusterPlan> plan) {
    return plan.map(ClusterPlan::size).orElse(0);
  }

  private static ClusterSpec spec(ResultSet row) throws SQLException {
    return new ClusterSpec(
        row.getInt("size"),
        row.getString("options"),
        OPTIONS.<Map<String, Object>>readValue(row.getString("merged_options")),
        "DESTROYED".equals(row.getString("desired_state")),
        row.getInt("milli_cores"),
        row.getInt("memory_mb"));
  }

  private static ClusterSummary mapSummary(ResultSet row, int rowNumber) throws SQLException {
    String endpoints = row.getString("endpoints");
    return new ClusterSummary(
        new ClusterId(row.getString("id")),
        new UserId(row.getLong("owner_id")),
        row.getString("name"),
        new ProductKey(row.getString("product_name"), row.getString("product_version")),
        spec(row),
        ClusterStatus.valueOf(row.getString("status")),
        Optional.ofNullable(row.getString("status_reason")),
        endpoints == null ? Map.of() : ENDPOINTS.<Map<String, String>>readValue(endpoints),
        row.getInt("node_count"),
        row.getInt("plan_size"),
        Timestamps.fromDatabase(row, "created_at"),
        Timestamps.fromDatabase(row, "updated_at"),
        Timestamps.fromDatabase(row, "status_changed_at"));
  }

  private static Cluster map(ResultSet row, int rowNumber) throws SQLException {
    String plan = row.getString("plan");
    ClusterSpec spec = spec(row);
    ClusterProgress progress =
        new ClusterProgress(
            ClusterStatus.valueOf(row.getString("status")),
            Optional.ofNullable(row.getString("status_reason")),
            Optional.ofNullable(plan).map(text -> PLAN.<ClusterPlan>readValue(text)),
            Optional.ofNullable(row.getString("previous_plan"))
                .map(text -> PLAN.<ClusterPlan>readValue(text)),
            row.getInt("orchestrator_step"),
            Optional.ofNullable(Timestamps.fromDatabase(row, "step_started_at")),
            Timestamps.fromDatabase(row, "updated_at"),
            Timestamps.fromDatabase(row, "status_changed_at"));
    return new Cluster(
        new ClusterId(row.getString("id")),
        new UserId(row.getLong("owner_id")),
        row.getString("name"),
        new ProductKey(row.getString("product_name"), row.getString("product_version")),
        spec,
        progress,
        Timestamps.fromDatabase(row, "created_at"));
  }
}
