package io.bdpaas.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.bdpaas.account.Quota;
import io.bdpaas.account.UserStore;
import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ErrorCode;
import io.bdpaas.api.PageRequest;
import io.bdpaas.backend.NodeDefinition;
import io.bdpaas.backend.NodeEventRelay;
import io.bdpaas.backend.NodeId;
import io.bdpaas.backend.NodePlacement;
import io.bdpaas.backend.ProcessPart;
import io.bdpaas.backend.RecoveryReport;
import io.bdpaas.backend.TemplatePart;
import io.bdpaas.backend.testing.TestingClusterBackend;
import io.bdpaas.catalog.BuiltinProducts;
import io.bdpaas.catalog.ClusterPlanner;
import io.bdpaas.catalog.Product;
import io.bdpaas.catalog.ProductKey;
import io.bdpaas.catalog.ProductStore;
import io.bdpaas.catalog.TemplateRenderer;
import io.bdpaas.event.EventStore;
import io.bdpaas.reconcile.ReconcileKernel;
import io.bdpaas.settings.BackendKind;
import io.bdpaas.settings.BdpaasSettings;
import io.bdpaas.tenancy.Caller;
import io.bdpaas.tenancy.IdempotencyKey;
import io.bdpaas.tenancy.IdempotencyKeyStore;
import io.bdpaas.tenancy.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The real {@link ClusterReconciler}, {@link ClusterService} and stores over an in-memory H2
 * database migrated by Flyway, with the {@link TestingClusterBackend} fake in place of processes:
 * the cluster lifecycle, failures, admission, resize, destroy, a control plane restart and
 * isolation of a hung probe, in seconds and without a Spring context.
 */
class ClusterReconcilerTest {
  /** Long enough for a few steps on a busy machine, far below the 10 s observe interval. */
  private static final Duration STEPS = Duration.ofSeconds(5);

  /** The hello product's nodes: 0.1 core and 96 MiB each. */
  private static final int HELLO_NODE_MILLI_CORES = 100;

  private static final int AMPLE_CAPACITY = 10_000;

  /** Above the 21 clusters of the busiest test. */
  private static final int MAX_WAITING_CLUSTERS = 25;

  /**
   * Short back-offs; a resync rare enough that it cannot stand in for a missing wake-up during a
   * test.
   */
  private static final ReconcileKernel.Settings KERNEL =
      new ReconcileKernel.Settings(
          4, Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofMinutes(5));

  private final NodeEventRelay nodeEvents = new NodeEventRelay();
  private final TestingClusterBackend backend = new TestingClusterBackend(nodeEvents);
  private final List<ClusterReconciler> reconcilers = new ArrayList<>();
  private HikariDataSource dataSource;
  private ClusterStore clusters;
  private ClusterEvents events;
  private final ClusterWatch watch = new ClusterWatch();
  private ProductStore products;
  private UserStore users;
  private IdempotencyKeyStore idempotencyKeys;
  private ClusterPlanner planner;
  private Caller owner;

  @BeforeEach
  void createDatabase() {
    dataSource = new HikariDataSource();
    dataSource.setJdbcUrl("jdbc:h2:mem:reconciler-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    dataSource.setUsername("sa");
    dataSource.setPassword("");
    dataSource.setMaximumPoolSize(8);
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    JdbcClient jdbc = JdbcClient.create(dataSource);
    clusters = new ClusterStore(jdbc);
    events = new ClusterEvents(new EventStore(jdbc), watch);
    products = new ProductStore(jdbc);
    users = new UserStore(jdbc);
    idempotencyKeys = new IdempotencyKeyStore(jdbc);
    planner = new ClusterPlanner(new TemplateRenderer(), TemplatePart.PROCESS);
    new BuiltinProducts(products, planner).run(new DefaultApplicationArguments());
    owner = users.insert("alice", "no-password", Role.USER, new Quota(100, 100_000, 10)).asCaller();
  }

  @AfterEach
  void stopEverything() {
    // Closing the backend first lets any hung probe answer, so that no step holds up the stop.
    backend.close();
    reconcilers.forEach(ClusterReconciler::stop);
    JdbcClient.create(dataSource).sql("SHUTDOWN").update();
    dataSource.close();
  }

  @Test
  void clusterGoesThroughEveryStatusToReadyWithEachNodeStartedOnce() {
    ClusterService service = startControlPlane(AMPLE_CAPACITY);

    Cluster cluster = create(service, 2);

    awaitStatus(cluster, ClusterStatus.READY);
    assertThat(statusHistory(service, cluster))
        .containsExactly(
            "registered",
            "registered → scheduling",
            "scheduling → scheduled",
            "scheduled → configuring",
            "configuring → configured",
            "configured → ready");
    assertThat(backend.startedNodes())
        .containsExactlyInAnyOrder(node(cluster, "node-0"), node(cluster, "node-1"));
    assertThat(backend.runningNodes(id(cluster))).containsExactlyInAnyOrder("node-0", "node-1");
  }

  @Test
  void everyStepOfACreateWakesAClientWaitingForTheCluster() {
    backend.holdNotReady("node-0");
    ClusterService service = startControlPlane(AMPLE_CAPACITY);
    Cluster cluster = create(service, 1);
    List<ClusterStatus> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    ClusterWatch.Waiter waiter =
        watch.register(owner, cluster.id(), () -> seen.add(current(cluster).status()));

    backend.releaseReadiness("node-0");
    awaitStatus(cluster, ClusterStatus.READY);

    await().atMost(STEPS).until(() -> seen.contains(ClusterStatus.READY));
    waiter.close();
    int wakeUps = seen.size();
    service.destroy(owner, cluster.id());
    awaitStatus(cluster, ClusterStatus.DESTROYED);
    assertThat(seen).as("a closed waiter is not called again").hasSize(wakeUps);
    assertThat(watch.open()).isZero();
  }

  @Test
  void nodeThatCannotBeStartedFailsTheClusterAndNothingIsLeftRunning() {
    backend.failToStart("node-1");
    ClusterService service = startControlPlane(AMPLE_CAPACITY);

    Cluster cluster = create(service, 2);

    awaitStatus(cluster, ClusterStatus.FAILED);
    assertThat(current(cluster).progress().reason())
        .hasValueSatisfying(reason -> assertThat(reason).contains("node node-1 could not be"));
    assertThat(backend.startedNodes()).containsExactly(node(cluster, "node-0"));
    assertThat(backend.deletedClusters()).containsExactly(id(cluster));
    assertThat(backend.runningNodes(id(cluster))).isEmpty();
    assertThat(backend.clustersWithLeftoversRemoved())
        .as("a failed cluster keeps its logs for its owner to read")
        .isEmpty();
  }

  @Test
  void nodeGivenUpWhileStartingFailsTheClusterWithItsName() {
    backend.giveUpAtStart("node-0");
    ClusterService service = startControlPlane(AMPLE_CAPACITY);

    Cluster cluster = create(service, 1);

    awaitStatus(cluster, ClusterStatus.FAILED);
    assertThat(current(cluster).progress().reason())
        .hasValueSatisfying(
            reason -> assertThat(reason).contains("node node-0").contains("given up"));
    assertThat(backend.deletedClusters()).containsExactly(id(cluster));
  }

  @Test
  void nodeGivenUpLaterFailsTheReadyClusterAtOnceThroughItsNodeEvent() {
    ClusterService service = startControlPlane(AMPLE_CAPACITY);
    Cluster cluster = create(service, 1);
    awaitStatus(cluster, ClusterStatus.READY);

    backend.giveUp(node(cluster, "node-0"));

    // The ready cluster's next look is 10 s away and the resync minutes away: only the node event
    // can wake it this soon.
    await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(() -> assertThat(current(cluster).status()).isEqualTo(ClusterStatus.FAILED));
    assertThat(current(cluster).progress().reason())
        .hasValueSatisfying(reason -> assertThat(reason).contains("node node-0"));
    assertThat(backend.deletedClusters()).containsExactly(id(cluster));
    assertThat(eventsOf(service, cluster))
        .extracting(ClusterEvent::type)
        .contains("NODE_EXITED", "NODE_GAVE_UP");
  }

  /**
   * A copy of the hello product whose readiness timeout is 1 s instead of 120 s, inserted through
   * the product store, with its node held not ready.
   */
  @Test
  void clusterNotReadyWithinTheGroupTimeoutFails() {
    Product hello = products.find(new ProductKey("hello", "1.0.0")).orElseThrow();
    String template = hello.template().orElseThrow();
    assertThat(template).contains("timeoutSeconds: 120");
    Product impatient =
        new Product(
            new ProductKey("hello-impatient", "1.0.0"),
            "hello with a 1 s readiness timeout",
            Optional.empty(),
            hello.options(),
            Optional.of(template.replace("timeoutSeconds: 120", "timeoutSeconds: 1")),
            hello.templateFormat(),
            hello.orchestrator(),
            false,
            hello.createdAt(),
            hello.updatedAt());
    planner.validate(impatient);
    products.insert(impatient, Optional.empty(), Optional.empty());
    backend.holdNotReady("node-0");
    ClusterService service = startControlPlane(AMPLE_CAPACITY);

    Cluster cluster =
        service.create(
            owner, new ClusterService.CreateRequest(null, "hello-impatient", "1.0.0", 1, null));

    awaitStatus(cluster, ClusterStatus.FAILED);
    assertThat(current(cluster).progress().reason())
        .hasValueSatisfying(
            reason -> assertThat(reason).contains("not ready after 1 s").contains("node-0"));
    assertThat(backend.deletedClusters()).containsExactly(id(cluster));
    // Counted from the start of the readiness step; a timeout rounded down to whole seconds would
    // fail the group only after 2 s.
    List<ClusterEvent> history = eventsOf(service, cluster);
    Instant started = timeOf(history, "STEP", "started node");
    Instant failed = timeOf(history, "STATUS", "configuring → failed");
    assertThat(Duration.between(started, failed))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1))
        .isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void clusterThatDoesNotFitWaitsInSchedulingUntilAnotherIsDestroyed() {
    ClusterService service = startControlPlane(HELLO_NODE_MILLI_CORES + 50);
    Cluster first = create(service, 1);
    awaitStatus(first, ClusterStatus.READY);

    Cluster second = create(service, 1);

    awaitStatus(second, ClusterStatus.SCHEDULING);
    await()
        .atMost(STEPS)
        .untilAsserted(
            () ->
                assertThat(current(second).progress().reason())
                    .hasValueSatisfying(
                        reason -> assertThat(reason).startsWith("waiting for capacity")));
    assertThat(eventsOf(service, second)).extracting(ClusterEvent::type).contains("SCHEDULING");
    assertThat(backend.startedNodes()).doesNotContain(node(second, "node-0"));

    service.destroy(owner, first.id());

    awaitStatus(first, ClusterStatus.DESTROYED);
    awaitStatus(second, ClusterStatus.READY);
  }

  @Test
  void resizeStartsAddedNodesStopsRemovedOnesAndNeverRestartsKeptOnes() {
    ClusterService service = startControlPlane(AMPLE_CAPACITY);
    Cluster cluster = create(service, 1);
    awaitStatus(cluster, ClusterStatus.READY);
    // Holds the resize in configuring, so that its reason can be seen.
    backend.holdNotReady(node(cluster, "node-2"));

    service.resize(owner, cluster.id(), new ClusterService.ResizeRequest(3));

    awaitStatus(cluster, ClusterStatus.CONFIGURING);
    assertThat(current(cluster).progress().reason()).contains("resizing from 1 to 3");
    backend.releaseReadiness(node(cluster, "node-2"));
    awaitStatus(cluster, ClusterStatus.READY);
    assertThat(backend.runningNodes(id(cluster)))
        .containsExactlyInAnyOrder("node-0", "node-1", "node-2");

    service.resize(owner, cluster.id(), new ClusterService.ResizeRequest(1));

    await()
        .atMost(STEPS)
        .untilAsserted(
            () -> {
              assertThat(current(cluster).plan().orElseThrow().size()).isEqualTo(1);
              assertThat(current(cluster).status()).isEqualTo(ClusterStatus.READY);
            });
    assertThat(backend.runningNodes(id(cluster))).containsExactly("node-0");
    assertThat(backend.startCount(node(cluster, "node-0"))).isEqualTo(1);
    assertThat(backend.startCount(node(cluster, "node-1"))).isEqualTo(1);
    assertThat(backend.startCount(node(cluster, "node-2"))).isEqualTo(1);
    assertThat(backend.stoppedNodes())
        .containsExactlyInAnyOrder(node(cluster, "node-1"), node(cluster, "node-2"));
    assertThat(statusHistory(service, cluster))
        .containsSubsequence(
            "configured → ready",
            "ready → configuring",
            "configuring → configured",
            "configured → ready",
            "ready → configuring",
            "configuring → configured",
            "configured → ready");
    assertThat(eventsOf(service, cluster))
        .filteredOn(event -> event.type().equals("RESIZE"))
        .extracting(ClusterEvent::message)
        .anySatisfy(message -> assertThat(message).startsWith("resizing from 1 to 3"))
        .anySatisfy(message -> assertThat(message).startsWith("resizing from 3 to 1"));
  }

  @Test
  void aResizeWhoseNodeCannotStartIsGivenUpAndTheClusterKeepsRunningAtItsSize() {
    ClusterService service = startControlPlane(AMPLE_CAPACITY);
    Cluster cluster = create(service, 1);
    awaitStatus(cluster, ClusterStatus.READY);
    backend.failToStart(node(cluster, "node-2"));

    service.resize(owner, cluster.id(), new ClusterService.ResizeRequest(3));

    await()
        .atMost(STEPS)
        .untilAsserted(
            () ->
                assertThat(eventsOf(service, cluster))
                    .extracting(ClusterEvent::message)
                    .anySatisfy(
                        message ->
                            assertThat(message)
                                .startsWith("resize to 3 given up, size back to 1:")
                                .contains("node-2")));
    awaitStatus(cluster, ClusterStatus.READY);
    Cluster after = current(cluster);
    assertThat(after.spec().size()).as("the size asked for goes back").isEqualTo(1);
    assertThat(after.plan().orElseThrow().size()).isEqualTo(1);
    assertThat(after.progress().resizing()).isFalse();
    assertThat(backend.runningNodes(id(cluster))).containsExactly("node-0");
    assertThat(backend.startCount(node(cluster, "node-0")))
        .as("the node that was there keeps running")
        .isEqualTo(1);
    assertThat(backend.deletedClusters()).doesNotContain(id(cluster));
  }

  @Test
  void aResizeBeyondCapacityIsRefusedAtOnceAndChangesNothing() {
    // Each hello node reserves 0.1 core: 0.25 core fits 2 nodes, never 3.
    ClusterService service = startControlPlane(250);
    Cluster cluster = create(service, 1);
    awaitStatus(cluster, ClusterStatus.READY);

    assertThatThrownBy(
            () -> service.resize(owner, cluster.id(), new ClusterService.ResizeRequest(3)))
        .isInstanceOfSatisfying(
            BdpaasException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INSUFFICIENT_RESOURCES);
              assertThat(e.getMessage()).startsWith("size 3 can never fit:");
            });
    assertThat(current(cluster).spec().size()).isEqualTo(1);

    service.resize(owner, cluster.id(), new ClusterService.ResizeRequest(2));
    await()
        .atMost(STEPS)
        .untilAsserted(() -> assertThat(backend.runningNodes(id(cluster))).hasSize(2));
  }

  @Test
  void aCreateOrResizeThatCanNeverFitTheOwnersQuotaIsRefusedAtOnce() {
    ClusterService service = startControlPlane(AMPLE_CAPACITY);
    Caller small =
        users.insert("bob", "no-password", Role.USER, new Quota(1, 100_000, 10)).asCaller();

    // Each hello node reserves 0.1 core: 11 nodes need 1.1 cores, over bob's 1.
    assertThatThrownBy(
            () ->
                service.create(
                    small, new ClusterService.CreateRequest(null, "hello", "1.0.0", 11, null)))
        .isInstanceOfSatisfying(
            BdpaasException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
              assertThat(e.getMessage()).contains("quota is 1 cores");
            });
    assertThat(clusters.usage(Optional.of(small.id())).clusters())
        .as("nothing was registered")
        .isZero();
    assertThat(clusters.findNeedingReconcileForReconciler()).isEmpty();

    Cluster fits =
        service.create(small, new ClusterService.CreateRequest(null, "hello", "1.0.0", 2, null));
    awaitStatus(fits, ClusterStatus.READY);
    assertThatThrownBy(() -> service.resize(small, fits.id(), new ClusterService.ResizeRequest(11)))
        .isInstanceOfSatisfying(
            BdpaasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED));
  }

  @Test
  void aUserCannotQueueMoreClustersThanTheWaitingLimit() {
    // Room for one hello node: every other cluster waits for capacity.
    ClusterService service = startControlPlane(HELLO_NODE_MILLI_CORES);
    Cluster running = create(service, 1);
    awaitStatus(running, ClusterStatus.READY);
    List<Cluster> waiting = new ArrayList<>();
    for (int i = 0; i < MAX_WAITING_CLUSTERS; i++) {
      waiting.add(create(service, 1));
    }

    assertThatThrownBy(() -> create(service, 1))
        .isInstanceOfSatisfying(
            BdpaasException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
              assertThat(e.getMessage())
                  .contains(MAX_WAITING_CLUSTERS + " clusters waiting")
                  .contains("bdpaas.quota.max-waiting-clusters");
            });

    service.destroy(owner, waiting.get(0).id());
    awaitStatus(waiting.get(0), ClusterStatus.DESTROYED);
    assertThat(create(service, 1).status()).isEqualTo(ClusterStatus.REGISTERED);
  }

  @Test
  void aCreateInterruptedAfterItsKeyWasClaimedIsCompletedByItsRetryUnderTheSameId() {
    ClusterService service = startControlPlane(AMPLE_CAPACITY);
    ClusterService.CreateRequest request =
        new ClusterService.CreateRequest(null, "hello", "1.0.0", 1, null);
    IdempotencyKey key = new IdempotencyKey("interrupted");
    // The control plane was killed after claiming the key, before writing the cluster.
    String claimed =
        idempotencyKeys.claim(
            owner.id(),
            key,
            IdempotencyKey.fingerprint("POST /api/v1/clusters " + request),
            "c-00000042");

    Cluster retried = service.create(owner, request, Optional.of(key));
    Cluster again = service.create(owner, request, Optional.of(key));

    assertThat(retried.id().value()).isEqualTo(claimed);
    assertThat(again.id()).isEqualTo(retried.id());
    assertThat(clusters.findNeedingReconcileForReconciler()).hasSize(1);
  }

  @Test
  void destroyedClustersAndTheirEventsArePurgedAfterTheRetentionPeriod() {
    ClusterService service = startControlPlane(AMPLE_CAPACITY);
    Cluster destroyed = create(service, 1);
    Cluster running = create(service, 1);
    awaitStatus(destroyed, ClusterStatus.READY);
    awaitStatus(running, ClusterStatus.READY);
    service.destroy(owner, destroyed.id());
    awaitStatus(destroyed, ClusterStatus.DESTROYED);
    assertThat(backend.clustersWithLeftoversRemoved())
        .as("a destroyed cluster's working area goes at once")
        .containsExactly(id(destroyed));
    ClusterRetention retention =
        new ClusterRetention(clusters, idempotencyKeys, Duration.ofDays(30));

    assertThat(retention.purge(Instant.now().plus(Duration.ofDays(29)))).isZero();
    assertThat(clusters.findForReconciler(destroyed.id())).as("kept for 30 days").isPresent();

    assertThat(retention.purge(Instant.now().plus(Duration.ofDays(31)))).isEqualTo(1);
    assertThat(clusters.findForReconciler(destroyed.id())).isEmpty();
    assertThat(
            JdbcClient.create(dataSource)
                .sql("SELECT COUNT(*) FROM events WHERE resource_id = ?")
                .param(destroyed.id().value())
                .query(Long.class)
                .single())
        .as("its events go with it")
        .isZero();
    assertThat(service.events(owner, running.id(), new PageRequest(0, 50)).items())
        .as("a live cluster keeps its history")
        .isNotEmpty();
    assertThat(current(running).status()).isEqualTo(ClusterStatus.READY);
  }

  @Test
  void aClusterIsNotResizedFromAProductThatChangedSinceItWasPlanned() {
    ClusterService service = startControlPlane(AMPLE_CAPACITY);
    Cluster cluster = create(service, 1);
    awaitStatus(cluster, ClusterStatus.READY);
    Product hello = products.find(new ProductKey("hello", "1.0.0")).orElseThrow();
    products.update(
        new Product(
            hello.key(),
            hello.description(),
            hello.logoUrl(),
            hello.options(),
            hello.template().map(text -> text.replace("timeoutSeconds: 120", "timeoutSeconds: 90")),
            hello.templateFormat(),
            hello.orchestrator(),
            hello.builtin(),
            hello.createdAt(),
            hello.updatedAt()),
        Optional.empty());

    assertThatThrownBy(
            () -> service.resize(owner, cluster.id(), new ClusterService.ResizeRequest(2)))
        .isInstanceOfSatisfying(
            BdpaasException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
              assertThat(e.getMessage()).contains("changed since cluster");
            });
    assertThat(current(cluster).spec().size()).isEqualTo(1);
    assertThat(backend.runningNodes(id(cluster))).containsExactly("node-0");
  }

  @Test
  void destroyStopsEveryNodeAndMarksTheClusterDestroyed() {
    ClusterService service = startControlPlane(AMPLE_CAPACITY);
    Cluster cluster = create(service, 2);
    awaitStatus(cluster, ClusterStatus.READY);

    service.destroy(owner, cluster.id());

    awaitStatus(cluster, ClusterStatus.DESTROYED);
    assertThat(backend.deletedClusters()).containsExactly(id(cluster));
    assertThat(backend.runningNodes(id(cluster))).isEmpty();
  }

  /**
   * A restarted control plane finds the same database and the same running nodes (the same fake
   * backend): a ready cluster stays ready with its nodes adopted, a cluster caught mid-configuring
   * finishes, and a cluster the database does not want is stopped.
   */
  @Test
  void restartedControlPlaneAdoptsRunningNodesFinishesWhatWasUnderWayAndStopsOrphans() {
    ClusterReconciler firstReconciler = reconciler(AMPLE_CAPACITY);
    ClusterService first = service(firstReconciler, AMPLE_CAPACITY);
    firstReconciler.start();
    Cluster ready = create(first, 1);
    awaitStatus(ready, ClusterStatus.READY);
    Cluster underWay = create(first, 1);
    backend.holdNotReady(node(underWay, "node-0"));
    awaitStatus(underWay, ClusterStatus.CONFIGURING);
    await().atMost(STEPS).until(() -> backend.runningNodes(id(underWay)).contains("node-0"));
    NodeId orphan = new NodeId("c-orphan00", "node-0");
    backend.ensureRunning(leftBehind(orphan));

    firstReconciler.stop();
    backend.releaseReadiness(node(underWay, "node-0"));
    ClusterReconciler secondReconciler = reconciler(AMPLE_CAPACITY);
    secondReconciler.start();

    awaitStatus(underWay, ClusterStatus.READY);
    assertThat(current(ready).status()).isEqualTo(ClusterStatus.READY);
    assertThat(backend.startCount(node(ready, "node-0"))).isEqualTo(1);
    assertThat(backend.startCount(node(underWay, "node-0"))).isEqualTo(1);
    List<RecoveryReport> recoveries = backend.recoveries();
    RecoveryReport recovery = recoveries.get(recoveries.size() - 1);
    assertThat(recovery.adopted())
        .containsExactlyInAnyOrder(node(ready, "node-0"), node(underWay, "node-0"));
    assertThat(recovery.orphansStopped()).containsExactly(orphan.clusterId());
    assertThat(backend.runningNodes(orphan.clusterId())).isEmpty();
    assertThat(statusHistory(first, ready)).last().isEqualTo("configured → ready");
  }

  /**
   * Twenty-one clusters; every probe of one of them hangs for 10 s. With a bounded pool of four
   * workers, the hang holds one worker and the twenty others still become ready quickly.
   */
  @Test
  void hungProbeOfOneClusterDoesNotDelayTwentyOthers() {
    ClusterService service = startControlPlane(AMPLE_CAPACITY);
    // Every cluster waits in its readiness step until the hang of one of them is in place.
    backend.holdNotReady("node-0");
    Cluster hung = create(service, 1);
    List<Cluster> others = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      others.add(create(service, 1));
    }
    backend.hangProbes(id(hung), Duration.ofSeconds(10));

    long released = System.nanoTime();
    backend.releaseReadiness("node-0");

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(others)
                    .allSatisfy(
                        cluster ->
                            assertThat(current(cluster).status()).isEqualTo(ClusterStatus.READY)));
    Duration othersReadyAfter = Duration.ofNanos(System.nanoTime() - released);
    assertThat(othersReadyAfter).isLessThan(Duration.ofSeconds(3));
    assertThat(backend.hungProbes(id(hung))).isPositive();
    assertThat(current(hung).status()).isEqualTo(ClusterStatus.CONFIGURING);

    backend.releaseProbes(id(hung));
    awaitStatus(hung, ClusterStatus.READY);
  }

  private ClusterService startControlPlane(int capacityMilliCores) {
    ClusterReconciler reconciler = reconciler(capacityMilliCores);
    reconciler.start();
    return service(reconciler, capacityMilliCores);
  }

  private ClusterReconciler reconciler(int capacityMilliCores) {
    ClusterReconciler reconciler =
        new ClusterReconciler(
            clusters,
            events,
            products,
            users,
            planner,
            backend,
            nodeEvents,
            new ClusterAdmission(clusters, settings(capacityMilliCores)),
            KERNEL);
    reconcilers.add(reconciler);
    return reconciler;
  }

  private ClusterService service(ClusterReconciler reconciler, int capacityMilliCores) {
    return new ClusterService(
        clusters,
        events,
        products,
        users,
        planner,
        reconciler,
        backend,
        new ClusterAdmission(clusters, settings(capacityMilliCores)),
        idempotencyKeys,
        new org.springframework.transaction.support.TransactionTemplate(
            new org.springframework.jdbc.support.JdbcTransactionManager(dataSource)));
  }

  private static BdpaasSettings settings(int capacityMilliCores) {
    return new BdpaasSettings(
        0,
        "127.0.0.1",
        Path.of("unused-data"),
        "jdbc:h2:mem:unused",
        "sa",
        "",
        BackendKind.LOCAL,
        Path.of("unused-runtimes"),
        new BdpaasSettings.LocalCapacity(capacityMilliCores, 100_000),
        false,
        4,
        new BdpaasSettings.DefaultQuota(8, 16_384, 10),
        new BdpaasSettings.UserLimits(100, MAX_WAITING_CLUSTERS),
        30,
        30,
        1_000_000,
        1_000_000,
        false,
        30,
        new BdpaasSettings.HttpLimits(8192, 10, 20, 20, 64),
        new BdpaasSettings.SignInLimits(5, 60, 20),
        "admin",
        Optional.empty(),
        90,
        new BdpaasSettings.Uploads(1_000_000, 1024, 8),
        BdpaasSettings.Kubernetes.defaults());
  }

  private Cluster create(ClusterService service, int size) {
    return service.create(
        owner, new ClusterService.CreateRequest(null, "hello", "1.0.0", size, null));
  }

  private Cluster current(Cluster cluster) {
    return clusters.findForReconciler(cluster.id()).orElseThrow();
  }

  private void awaitStatus(Cluster cluster, ClusterStatus status) {
    await()
        .atMost(STEPS)
        .untilAsserted(() -> assertThat(current(cluster).status()).isEqualTo(status));
  }

  /** The status events, oldest first, each cut to what comes before its ':'. */
  private List<String> statusHistory(ClusterService service, Cluster cluster) {
    return service.history(owner, cluster).stream()
        .map(ClusterService.Transition::transition)
        .map(message -> message.substring(0, message.indexOf(':')))
        .toList();
  }

  private List<ClusterEvent> eventsOf(ClusterService service, Cluster cluster) {
    return service.events(owner, cluster.id(), new PageRequest(0, PageRequest.MAX_SIZE)).items();
  }

  private static Instant timeOf(List<ClusterEvent> events, String type, String messageStart) {
    return events.stream()
        .filter(event -> event.type().equals(type) && event.message().startsWith(messageStart))
        .map(ClusterEvent::time)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " event '" + messageStart + "…'"));
  }

  /** A node some earlier run left behind, of a cluster the database does not know. */
  private static NodeDefinition leftBehind(NodeId node) {
    return new NodeDefinition(
        node,
        "u999",
        "node",
        new NodePlacement(node, "fake-host-" + node.nodeName(), Map.of("http", 39_999), "/", ""),
        100,
        96,
        Optional.of(
            new ProcessPart(
                ProcessPart.NO_RUNTIME, "HelloNode.java", null, null, null, null, null, null)),
        Optional.empty());
  }

  private static String id(Cluster cluster) {
    return cluster.id().value();
  }

  private static NodeId node(Cluster cluster, String name) {
    return new NodeId(cluster.id().value(), name);
  }
}
