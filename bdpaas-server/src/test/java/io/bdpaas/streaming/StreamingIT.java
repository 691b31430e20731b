package io.bdpaas.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bdpaas.cluster.ClusterId;
import io.bdpaas.cluster.ClusterStore;
import io.bdpaas.engine.EngineHttp;
import io.bdpaas.engine.flink.FlinkCheckpoints;
import io.bdpaas.engine.flink.FlinkClient;
import io.bdpaas.engine.flink.FlinkJobDetails;
import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.Clusters;
import io.bdpaas.testing.EngineUiPages;
import io.bdpaas.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Streaming applications on one real Flink project (one cluster for the class): the demo packages
 * every streaming project gets, uploads good and hostile, a launch from a saved configuration
 * followed through the platform and through Flink's own REST API, the live monitor (rates, kept
 * history, DAG, physical view) checked against Flink's own counters, a shutdown with a savepoint
 * and a relaunch that carries the state over, a kill, bad launches named field by field, and
 * another user who sees and controls none of it.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamingIT {
  private static final Duration READY = Duration.ofSeconds(240);
  private static final Duration CHANGE = Duration.ofSeconds(120);
  private static TestServer server;
  private static ApiClient alice;
  private static ApiClient bob;
  private static String project;
  private static FlinkClient flink;
  private static String wordCount;
  private static long countedBeforeShutdown;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    alice = server.newUser("stream-alice");
    bob = server.newUser("stream-bob");
    JsonNode created =
        alice
            .post("/api/v1/projects", "{\"name\":\"streams\",\"kind\":\"streaming\"}")
            .expectStatus(202)
            .json();
    project = created.get("id").asString();
    assertThat(created.get("kind").asString()).isEqualTo("streaming");
    assertThat(created.get("workers").asInt()).isEqualTo(1);
    assertThat(created.get("workerCores").asInt()).as("task slots").isEqualTo(2);
    await()
        .atMost(READY)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> alice.get(path("")).json().get("status").asString().equals("ready"));
    String cluster = alice.get(path("")).json().get("clusterId").asString();
    JsonNode view = alice.get("/api/v1/clusters/" + cluster).expectStatus(200).json();
    assertThat(view.get("product").toString()).contains("flink");
    String rest = view.get("endpoints").get("rest").asString();
    flink =
        new FlinkClient(
            EngineHttp.create(
                server.bean(ClusterStore.class).engineSecret(new ClusterId(cluster)).clientTls()),
            URI.create(rest));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      if (project != null) {
        alice.delete(path(""));
      }
      server.close();
    }
  }

  @Test
  @Order(1)
  void aStreamingProjectHasNoSparkParts() {
    assertThat(alice.get(path("/connect")).expectProblem(409, "CONFLICT").get("detail").asString())
        .contains("streaming project");
    alice.post(path("/notebooks"), "{\"name\":\"n\"}").expectProblem(409, "CONFLICT");
    JsonNode problems =
        alice
            .post(
                "/api/v1/projects",
                "{\"name\":\"s2\",\"kind\":\"streaming\",\"connectCores\":1,\"workerMemoryMb\":100}")
            .expectProblem(400, "VALIDATION_FAILED");
    assertThat(problems.toString()).contains("connectCores", "workerMemoryMb");
    assertThat(
            alice
                .post("/api/v1/projects", "{\"name\":\"s3\",\"kind\":\"batch\"}")
                .expectProblem(400, "VALIDATION_FAILED")
                .toString())
        .contains("'spark' or 'streaming'");
  }

  @Test
  @Order(2)
  void everyStreamingProjectHasTheDemoPackages() {
    JsonNode items = alice.get(path("/packages")).expectStatus(200).json().get("items");
    assertThat(names(items)).containsExactly("pi-demo 1.0.0", "wordcount-demo 1.0.0");
    for (JsonNode version : items) {
      assertThat(version.get("preinstalled").asBoolean()).isTrue();
      assertThat(version.get("owner").asString()).isEqualTo("stream-alice");
      assertThat(version.get("sizeBytes").asLong()).isPositive();
    }
    JsonNode wordcount = items.get(1).get("applications").get(0);
    assertThat(wordcount.get("name").asString()).isEqualTo("wordcount");
    assertThat(wordcount.get("entryClass").asString())
        .isEqualTo("io.bdpaas.samples.flink.WordCountDemo");
    assertThat(wordcount.get("properties").get("rate").asString()).isEqualTo("20000");
  }

  @Test
  @Order(3)
  void uploadsVersionsAndRefusesHostileJars() throws IOException {
    byte[] demo = resource("samples/wordcount-demo.jar");
    JsonNode uploaded =
        put("/packages/wordcount-demo.jar?version=1.1.0", demo).expectStatus(201).json();
    assertThat(uploaded.get("name").asString()).isEqualTo("wordcount-demo");
    assertThat(uploaded.get("version").asString()).isEqualTo("1.1.0");
    assertThat(uploaded.get("preinstalled").asBoolean()).isFalse();
    assertThat(
            put("/packages/again.jar?version=1.1.0", demo)
                .expectProblem(409, "ALREADY_EXISTS")
                .get("detail")
                .asString())
        .contains("already has a version 1.1.0");

    // A jar with only a Main-Class is a package of one application, named after the file.
    JsonNode plain =
        put("/packages/My-Tool.jar", mainClassJar("a.b.Tool")).expectStatus(201).json();
    assertThat(plain.get("name").asString()).isEqualTo("my-tool");
    assertThat(plain.get("version").asString()).isEqualTo("1");
    assertThat(plain.get("applications").get(0).get("entryClass").asString()).isEqualTo("a.b.Tool");
    assertThat(
            put("/packages/My-Tool.jar", mainClassJar("a.b.Tool"))
                .expectStatus(201)
                .json()
                .get("version")
                .asString())
        .isEqualTo("2");

    put("/packages/evil.jar", "not a jar\n".getBytes(StandardCharsets.UTF_8))
        .expectProblem(400, "VALIDATION_FAILED");
    assertThat(
            put("/packages/slip.jar", zip("../../../../tmp/evil.class", new byte[] {1, 2}))
                .expectProblem(400, "VALIDATION_FAILED")
                .toString())
        .contains("..");
    assertThat(
            put("/packages/bare.jar", zip("a/B.class", new byte[] {1, 2}))
                .expectProblem(400, "VALIDATION_FAILED")
                .toString())
        .contains("neither", "Main-Class");
    assertThat(
            put(
                    "/packages/broken.jar",
                    zip(
                        "a/B.class",
                        new byte[] {1},
                        PackageDescriptor.PATH,
                        "{\"name\":\"Bad Name\",\"applications\":[{\"name\":\"x\",\"entryClass\":\"not a class\"}]}"
                            .getBytes(StandardCharsets.UTF_8)))
                .expectProblem(400, "VALIDATION_FAILED")
                .toString())
        .contains("descriptor.name", "descriptor.version", "descriptor.applications[0].entryClass");
    assertThat(names(alice.get(path("/packages")).json().get("items")))
        .containsExactly(
            "my-tool 2",
            "my-tool 1",
            "pi-demo 1.0.0",
            "wordcount-demo 1.1.0",
            "wordcount-demo 1.0.0");

    String tool = alice.get(path("/packages")).json().get("items").get(0).get("id").asString();
    alice.delete(path("/packages/" + tool)).expectStatus(204);
    alice.get(path("/packages/" + tool)).expectProblem(404, "NOT_FOUND");
  }

  @Test
  @Order(4)
  void launchesWordCountFromASavedConfigurationAndFlinkShowsTheSame() {
    JsonNode config =
        alice
            .post(
                path("/launch-configs"),
                "{\"name\":\"wc slow\",\"packageName\":\"wordcount-demo\",\"packageVersion\":\"1.0.0\","
                    + "\"application\":\"wordcount\",\"properties\":{\"rate\":\"2000\"}}")
            .expectStatus(201)
            .json();
    assertThat(config.get("settings").get("parallelism").asInt()).isEqualTo(1);
    assertThat(config.get("settings").get("properties").get("rate").asString()).isEqualTo("2000");
    assertThat(config.get("settings").get("properties").get("lines").asString())
        .as("the application's default")
        .isEqualTo("0");

    JsonNode launched =
        alice
            .post(path("/launch-configs/" + config.get("id").asString() + "/launch"), "{}")
            .expectStatus(202)
            .json();
    wordCount = launched.get("id").asString();
    assertThat(launched.get("state").asString()).isEqualTo("launching");
    assertThat(launched.get("configName").asString()).isEqualTo("wc slow");
    JsonNode running = awaitState(wordCount, "running");
    String job = running.get("flinkJobId").asString();

    FlinkJobDetails details = flink.job(job);
    assertThat(details.state()).isEqualTo("RUNNING");
    assertThat(details.name()).isEqualTo("wordcount-demo");
    assertThat(running.get("engineState").asString()).isEqualTo("RUNNING");
    long first = awaitWordsCounted(job, 1);
    long later = awaitWordsCounted(job, first + 1);
    assertThat(later).isGreaterThan(first);

    assertThat(eventMessages(wordCount))
        .anyMatch(m -> m.startsWith("launched as Flink job " + job));
    assertThat(eventMessages(wordCount)).anyMatch(m -> m.contains("launching → running"));
    assertThat(
            alice
                .get(path("/applications?state=running"))
                .expectStatus(200)
                .json()
                .get("totalItems")
                .asInt())
        .isEqualTo(1);
  }

  @Test
  @Order(5)
  void theMonitorShowsLiveNumbersTheirHistoryTheDagAndWhereItRuns() {
    String app = path("/applications/" + wordCount);
    String job = alice.get(app).json().get("flinkJobId").asString();

    // Rates from counter deltas: lines from the source, words reaching the sink.
    // The application's own latency gauge registers as its operator opens: wait for it.
    JsonNode first = awaitOverview(overview -> !overview.get("latencyMs").isNull());
    assertThat(first.get("state").asString()).isEqualTo("running");
    assertThat(first.get("jobState").asString()).isEqualTo("RUNNING");
    assertThat(first.get("uptimeMs").asLong()).isPositive();
    assertThat(first.get("operators").asInt()).as("sentences, tokenize, count, sink").isEqualTo(4);
    assertThat(first.get("taskManagers").asInt()).isEqualTo(1);
    assertThat(first.get("slotsTotal").asInt()).isEqualTo(2);
    assertThat(first.get("allocatedMemoryMb").asLong()).isPositive();
    assertThat(first.get("latencyMs").isNull()).as("the word count's latencyMs gauge").isFalse();
    assertThat(first.get("backpressurePercent").asDouble()).isBetween(0.0, 100.0);
    JsonNode later =
        awaitOverview(
            overview ->
                overview.get("processedTotal").asLong() > first.get("processedTotal").asLong()
                    && overview.get("emittedTotal").asLong() > first.get("emittedTotal").asLong());
    assertThat(later.get("emittedTotal").asLong())
        .as("5 words a line reach the sink")
        .isGreaterThan(later.get("processedTotal").asLong());
    await()
        .atMost(CHANGE)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(
                        alice
                            .get(app + "/overview")
                            .json()
                            .get("checkpoints")
                            .get("completed")
                            .asLong())
                    .as("checkpoints every 10 s")
                    .isPositive());

    // The totals are Flink's own operator counters, read directly.
    await()
        .atMost(CHANGE)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              JsonNode overview = alice.get(app + "/overview").json();
              long sourceOut = operatorSum(job, "Source__sentences", "numRecordsOut");
              long sinkIn = operatorSum(job, "sink", "numRecordsIn");
              long processed = overview.get("processedTotal").asLong();
              long emitted = overview.get("emittedTotal").asLong();
              assertThat(processed).isPositive().isLessThanOrEqualTo(sourceOut);
              assertThat(emitted).isPositive().isLessThanOrEqualTo(sinkIn);
              // Sampled at most a few seconds before Flink was read here.
              assertThat(sourceOut - processed)
                  .isLessThanOrEqualTo(
                      Math.round(overview.get("processedPerSecond").asDouble() * 10) + 100);
              assertThat(sinkIn - emitted)
                  .isLessThanOrEqualTo(
                      Math.round(overview.get("emittedPerSecond").asDouble() * 10) + 500);
            });

    // The history the platform keeps: a point per sample, oldest first.
    JsonNode[] points = new JsonNode[1];
    await()
        .atMost(CHANGE)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              points[0] = alice.get(app + "/metrics?minutes=60").expectStatus(200).json();
              assertThat(points[0].get("points")).hasSizeGreaterThanOrEqualTo(3);
            });
    List<String> times = new ArrayList<>();
    for (JsonNode point : points[0].get("points")) {
      times.add(point.get("t").asString());
      assertThat(point.get("processedPerSecond").asDouble()).isNotNegative();
      assertThat(point.get("emittedTotal").asLong()).isNotNegative();
    }
    assertThat(times)
        .isSortedAccordingTo(Comparator.comparing(Instant::parse))
        .doesNotHaveDuplicates();
    assertThat(points[0].get("points"))
        .anyMatch(point -> point.get("processedPerSecond").asDouble() > 0);
    alice.get(app + "/metrics?minutes=0").expectProblem(400, "VALIDATION_FAILED");

    // The DAG with records per second on its edges, and the physical view.
    JsonNode[] graph = new JsonNode[1];
    await()
        .atMost(CHANGE)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              graph[0] = alice.get(app + "/graph").expectStatus(200).json();
              assertThat(graph[0].get("edges")).isNotEmpty();
              assertThat(graph[0].get("edges").get(0).get("recordsPerSecond").asDouble())
                  .isPositive();
            });
    JsonNode source = null;
    JsonNode count = null;
    for (JsonNode node : graph[0].get("nodes")) {
      String head = node.get("operators").get(0).get("name").asString();
      if (head.equals("Source: sentences")) {
        source = node;
      } else if (head.equals("count")) {
        count = node;
      }
    }
    assertThat(source).as("the source chain in %s", graph[0]).isNotNull();
    assertThat(count).as("the count chain in %s", graph[0]).isNotNull();
    assertThat(source.get("source").asBoolean()).isTrue();
    assertThat(source.get("recordsOut").asLong()).isPositive();
    JsonNode sink = count.get("operators").get(count.get("operators").size() - 1);
    assertThat(sink.get("name").asString()).startsWith("sink");
    assertThat(sink.get("recordsIn").asLong()).as("the sink's own counter").isPositive();
    String sourceId = source.get("id").asString();
    String countId = count.get("id").asString();
    assertThat(graph[0].get("edges"))
        .anyMatch(
            edge ->
                edge.get("source").asString().equals(sourceId)
                    && edge.get("target").asString().equals(countId)
                    && edge.get("shipStrategy").asString().equals("HASH"));
    List<String> placed = new ArrayList<>();
    for (JsonNode taskManager : graph[0].get("taskManagers")) {
      assertThat(taskManager.get("host").asString()).isNotEmpty();
      for (JsonNode instance : taskManager.get("instances")) {
        placed.add(instance.get("vertexId").asString());
      }
    }
    List<String> vertices = new ArrayList<>();
    graph[0].get("nodes").forEach(node -> vertices.add(node.get("id").asString()));
    assertThat(placed).containsAll(vertices);
    assertThat(eventMessages(wordCount))
        .anyMatch(m -> m.startsWith("Source: sentences") && m.contains(" runs (parallelism 1)"));
  }

  @Test
  @Order(6)
  void shutsDownWithASavepointAndARelaunchCarriesTheStateOver() {
    String job = alice.get(path("/applications/" + wordCount)).json().get("flinkJobId").asString();
    countedBeforeShutdown = awaitWordsCounted(job, 1);
    alice.post(path("/applications/" + wordCount + "/shutdown"), "{}").expectStatus(202);
    JsonNode shutdown = awaitState(wordCount, "shutdown");
    assertThat(shutdown.get("message").asString()).startsWith("shut down with savepoint ");
    assertThat(flink.job(job).state()).isEqualTo("FINISHED");
    JsonNode savepoints = alice.get(path("/savepoints")).expectStatus(200).json().get("items");
    assertThat(savepoints).hasSize(1);
    assertThat(savepoints.get(0).get("appId").asString()).isEqualTo(wordCount);
    assertThat(savepoints.get(0).get("kind").asString()).isEqualTo("shutdown");
    String savepoint = savepoints.get(0).get("path").asString();
    assertThat(eventMessages(wordCount)).anyMatch(m -> m.equals("savepoint taken: " + savepoint));

    // Relaunched as it was launched, from its newest savepoint: the counts go on from there.
    JsonNode relaunched =
        alice.post(path("/applications/" + wordCount + "/relaunch"), "{}").expectStatus(202).json();
    String again = relaunched.get("id").asString();
    assertThat(relaunched.get("restoredFrom").asString()).isEqualTo(savepoint);
    assertThat(relaunched.get("settings").get("properties").get("rate").asString())
        .isEqualTo("2000");
    String newJob = awaitState(again, "running").get("flinkJobId").asString();
    assertThat(newJob).isNotEqualTo(job);
    long restored = awaitWordsCounted(newJob, 1);
    assertThat(restored).isGreaterThanOrEqualTo(countedBeforeShutdown);
    await()
        .atMost(CHANGE)
        .untilAsserted(
            () -> {
              FlinkCheckpoints checkpoints = flink.checkpoints(newJob);
              assertThat(checkpoints.latestRestored()).isPresent();
              assertThat(checkpoints.latestRestored().get().savepoint()).isTrue();
            });
    wordCount = again;
  }

  @Test
  @Order(7)
  void aLogLevelSetWhileItRunsTakesEffectOnItsNodes() {
    String cluster = alice.get(path("")).json().get("clusterId").asString();
    String levels = path("/applications/" + wordCount + "/log-levels");
    assertThat(debugLines(cluster)).as("no DEBUG lines before").isZero();

    JsonNode changed =
        alice
            .put(levels, "{\"logger\":\"io.bdpaas.samples\",\"level\":\"debug\"}")
            .expectStatus(200)
            .json();
    assertThat(changed.get("levels").get(0).get("logger").asString())
        .isEqualTo("io.bdpaas.samples");
    assertThat(changed.get("levels").get(0).get("level").asString()).isEqualTo("DEBUG");
    assertThat(changed.get("levels").get(0).get("setBy").asString()).isEqualTo("stream-alice");
    assertThat(changed.get("appliedTo").toString()).contains("jobmanager-0", "taskmanager-0");
    assertThat(changed.get("takesEffectWithinSeconds").asInt()).isEqualTo(10);
    // Flink's log4j reads its file again every 10 s: the demo's counter logs at DEBUG each second.
    await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> debugLines(cluster) >= 2);
    assertThat(eventMessages(wordCount))
        .anyMatch(m -> m.startsWith("log level: io.bdpaas.samples set to DEBUG by stream-alice"));
    assertThat(eventTypes(wordCount)).contains("log_level");
    assertThat(alice.get(levels).expectStatus(200).json()).hasSize(1);

    // Named field by field; nothing but a logger name reaches the file.
    JsonNode problems =
        alice
            .put(levels, "{\"logger\":\"a\\nrootLogger.level = OFF\",\"level\":\"LOUD\"}")
            .expectProblem(400, "VALIDATION_FAILED");
    assertThat(problems.toString()).contains("logger", "level", "TRACE, DEBUG, INFO");
    alice.delete(levels + "/org.nothing").expectProblem(404, "NOT_FOUND");
    bob.put(levels, "{\"logger\":\"root\",\"level\":\"OFF\"}").expectStatus(404);
    bob.get(levels).expectStatus(404);
    assertThat(alice.get(levels).json()).hasSize(1);
    // Kept set: the TaskManager killed in a later test gets it again when it is replaced.
  }

  @Test
  @Order(8)
  void killsAnInstance() {
    JsonNode pi =
        alice
            .post(
                path("/applications"),
                "{\"packageName\":\"pi-demo\",\"properties\":{\"rate\":\"500\"}}")
            .expectStatus(202)
            .json();
    String id = pi.get("id").asString();
    assertThat(pi.get("application").asString()).as("its only application").isEqualTo("pi");
    assertThat(
            alice
                .post(path("/launch-configs"), "{\"name\":\"pi\",\"packageName\":\"pi-demo\"}")
                .expectStatus(201)
                .json()
                .get("application")
                .asString())
        .as("a configuration of a package's only application")
        .isEqualTo("pi");
    String job = awaitState(id, "running").get("flinkJobId").asString();
    alice.post(path("/applications/" + id + "/kill"), "{}").expectStatus(202);
    JsonNode killed = awaitState(id, "killed");
    assertThat(killed.get("endedAt").isNull()).isFalse();
    await().atMost(CHANGE).until(() -> flink.job(job).state().equals("CANCELED"));
    alice.post(path("/applications/" + id + "/shutdown"), "{}").expectProblem(409, "CONFLICT");
    assertThat(eventMessages(id)).anyMatch(m -> m.contains("→ killed"));
  }

  @Test
  @Order(9)
  void aTaskManagerKilledWithKillNineIsReplacedAndNoWordIsLostOrCountedTwice() {
    long lines = 300_000;
    String id =
        alice
            .post(
                path("/applications"),
                "{\"packageName\":\"wordcount-demo\",\"properties\":{\"rate\":\"20000\",\"lines\":\""
                    + lines
                    + "\"}}")
            .expectStatus(202)
            .json()
            .get("id")
            .asString();
    String job = awaitState(id, "running").get("flinkJobId").asString();
    // A checkpoint first, so that the job recovers from it rather than from its start.
    await().atMost(CHANGE).until(() -> flink.checkpoints(job).completed() >= 1);
    assertThat(metricSum(job, ".linesGenerated")).isLessThan(lines);

    String cluster = alice.get(path("")).json().get("clusterId").asString();
    long pid = taskManagerPid(cluster);
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();

    // Detected within 5 s: the supervisor sees the exit at once and the application records it.
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(eventTypes(id)).contains("node_exited"));
    // Replaced by a new TaskManager; the job restarts and recovers from its checkpoint.
    await().atMost(CHANGE).until(() -> taskManagerPid(cluster) != pid);
    await().atMost(CHANGE).untilAsserted(() -> assertThat(eventTypes(id)).contains("restart"));
    awaitState(id, "running");
    await()
        .atMost(CHANGE)
        .untilAsserted(
            () -> {
              FlinkCheckpoints checkpoints = flink.checkpoints(job);
              assertThat(checkpoints.restored()).isPositive();
              assertThat(checkpoints.latestRestored()).isPresent();
              assertThat(checkpoints.latestRestored().get().savepoint()).isFalse();
            });

    // Exactly once: every line generated, every word counted once, and it stays so.
    await()
        .atMost(CHANGE)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              assertThat(metricSum(job, ".linesGenerated")).isEqualTo(lines);
              assertThat(metricSum(job, ".wordsCounted")).isEqualTo(5 * lines);
            });
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(metricSum(job, ".wordsCounted")).isEqualTo(5 * lines));
    alice.post(path("/applications/" + id + "/kill"), "{}").expectStatus(202);
    awaitState(id, "killed");

    // The level set on the word count earlier is in force on the new TaskManager too; reset, it
    // ends there.
    await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> debugLinesSinceLastStart(cluster) >= 2);
    String levels = path("/applications/" + wordCount + "/log-levels");
    assertThat(alice.delete(levels + "/io.bdpaas.samples").expectStatus(200).json().get("levels"))
        .isEmpty();
    await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofSeconds(4))
        .until(new DebugLinesStopped(cluster));
  }

  @Test
  @Order(10)
  void theOverviewCountsWhatTheEnginesReport() {
    String cluster = alice.get(path("")).json().get("clusterId").asString();
    JsonNode view = alice.get("/api/v1/clusters/" + cluster).expectStatus(200).json();
    long runningOnFlink =
        flink.jobs().stream().filter(job -> job.state().equals("RUNNING")).count();
    assertThat(runningOnFlink).isPositive();

    JsonNode overview =
        await()
            .atMost(CHANGE)
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> alice.get("/api/v1/overview").expectStatus(200).json(),
                o ->
                    o.get("streaming").get("applications").asLong() == runningOnFlink
                        && o.get("streaming").get("processedPerSecond").asDouble() > 0
                        && o.get("resources").get("usedCores").asDouble() > 0
                        && o.get("nodes").get("byState").path("running").asInt() == 2);
    assertThat(overview.get("scope").asString()).isEqualTo("user");
    // Allocated: what the project's cluster holds; nodes: its JobManager and TaskManager.
    JsonNode resources = overview.get("resources");
    assertThat(resources.get("allocatedCores").asDouble()).isEqualTo(view.get("cores").asDouble());
    assertThat(resources.get("allocatedMemoryMb").asInt()).isEqualTo(view.get("memoryMb").asInt());
    assertThat(resources.get("capacityOf").asString()).isEqualTo("your quota");
    assertThat(overview.get("nodes").get("total").asInt()).isEqualTo(2);
    // In use: what the backend measures of the nodes' processes, within the sampling's drift.
    long nodesMemoryMb = 0;
    for (JsonNode node : alice.get("/api/v1/clusters/" + cluster + "/nodes").json()) {
      nodesMemoryMb += node.get("memoryBytes").asLong() / (1024 * 1024);
    }
    assertThat(resources.get("usedMemoryMb").asDouble())
        .isCloseTo(nodesMemoryMb, org.assertj.core.data.Percentage.withPercentage(25));
    assertThat(resources.get("peakMemoryMb").asLong())
        .isGreaterThanOrEqualTo(resources.get("usedMemoryMb").asLong());
    // Applications by phase: the running ones are Flink's running jobs.
    assertThat(overview.get("applications").get("streaming").get("running").asLong())
        .isEqualTo(runningOnFlink);
    assertThat(overview.get("applications").get("streaming").get("killed").asLong()).isPositive();
    // Operators: the running applications' chains, as their monitors count them.
    long operators = 0;
    for (JsonNode app : alice.get(path("/applications?state=running")).json().get("items")) {
      operators +=
          alice
              .get(path("/applications/" + app.get("id").asString() + "/overview"))
              .json()
              .get("operators")
              .asLong();
    }
    assertThat(overview.get("streaming").get("operators").asLong()).isEqualTo(operators);
    // The TaskManager killed earlier is a warning that links to its cluster.
    assertThat(overview.get("warnings").toString()).contains("node_exited", "/clusters/" + cluster);

    JsonNode platform = server.admin().get("/api/v1/overview").expectStatus(200).json();
    assertThat(platform.get("scope").asString()).isEqualTo("platform");
    assertThat(platform.get("resources").get("capacityOf").asString())
        .isEqualTo("platform capacity");
    assertThat(platform.get("streaming").get("applications").asLong())
        .isGreaterThanOrEqualTo(runningOnFlink);
    // The same on the platform's Prometheus endpoint, per tenant and per application.
    String wordCountApp = wordCount;
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              String metrics = server.admin().get("/actuator/prometheus").expectStatus(200).body();
              assertThat(metrics)
                  .containsPattern("bdpaas_tenant_cores_allocated\\{user=\"stream-alice\"} [1-9]")
                  .contains("bdpaas_tenant_memory_used_bytes{user=\"stream-alice\"}")
                  .containsPattern(
                      "bdpaas_streaming_processed_records_per_second\\{application=\""
                          + wordCountApp
                          + "\",user=\"stream-alice\"} [1-9]");
            });
    alice.get("/actuator/prometheus").expectStatus(403);
    JsonNode bobs = bob.get("/api/v1/overview").expectStatus(200).json();
    assertThat(bobs.get("nodes").get("total").asInt()).isZero();
    assertThat(bobs.get("streaming").get("applications").asInt()).isZero();
    assertThat(bobs.get("warnings")).isEmpty();
  }

  @Test
  @Order(11)
  void badLaunchesAreNamedFieldByField() {
    JsonNode problems =
        alice
            .post(
                path("/applications"),
                "{\"packageName\":\"wordcount-demo\",\"parallelism\":99,\"savepoint\":\"sp-nothere1\","
                    + "\"properties\":{\"bad name!\":\"x\"}}")
            .expectProblem(400, "VALIDATION_FAILED");
    assertThat(problems.toString()).contains("parallelism", "properties", "savepoint");
    assertThat(
            alice
                .post(path("/applications"), "{\"packageName\":\"nope\"}")
                .expectProblem(400, "VALIDATION_FAILED")
                .toString())
        .contains("no package named nope");
    assertThat(
            alice
                .post(
                    path("/applications"),
                    "{\"packageName\":\"wordcount-demo\",\"application\":\"x\"}")
                .expectProblem(400, "VALIDATION_FAILED")
                .toString())
        .contains("has no application x (it has wordcount)");
    assertThat(
            alice
                .post(
                    path("/applications"), "{\"packageName\":\"pi-demo\",\"savepoint\":\"latest\"}")
                .expectProblem(400, "VALIDATION_FAILED")
                .toString())
        .contains("has no savepoint yet");
    String running =
        alice.get(path("/applications/" + wordCount)).json().get("packageId").asString();
    assertThat(alice.delete(path("/packages/" + running)).expectProblem(409, "CONFLICT").toString())
        .contains("shut it down first");
  }

  @Test
  @Order(12)
  void flinksDashboardIsServedThroughThePlatformReadOnly() {
    String cluster = alice.get(path("")).json().get("clusterId").asString();
    String prefix = EngineUiPages.prefix(cluster);
    String index = EngineUiPages.open(alice, cluster, prefix).expectStatus(200).body();
    assertThat(index).contains("Apache Flink Web Dashboard");
    // Its scripts and styles are relative to the page: they load under the prefix.
    Matcher assets =
        Pattern.compile("(?:src|href)=\"([^\"/:#][^\":]*\\.(?:js|css))\"").matcher(index);
    int loaded = 0;
    while (assets.find()) {
      alice.get(prefix + "/" + assets.group(1)).expectStatus(200);
      loaded++;
    }
    assertThat(loaded).as("scripts and styles of the dashboard").isPositive();

    // The dashboard's own REST calls: the running job, for its owner and an admin.
    String job = alice.get(path("/applications/" + wordCount)).json().get("flinkJobId").asString();
    JsonNode jobs = alice.get(prefix + "/jobs/overview").expectStatus(200).json();
    assertThat(jobs.get("jobs").findValuesAsString("jid")).contains(job);
    assertThat(server.admin().get(prefix + "/jobs/" + job).expectStatus(200).json().get("name"))
        .hasToString("\"wordcount-demo\"");

    // The all-applications list links to the job's page in the dashboard.
    JsonNode listed = alice.get("/api/v1/applications/" + wordCount).json();
    assertThat(listed.get("engineUi").asString())
        .isEqualTo(prefix + "/#/job/running/" + job + "/overview");
    // One slot of a TaskManager of 2 slots and 512 MB of heap; no progress: a stream has no end.
    assertThat(listed.get("memoryMb").asInt()).isEqualTo(256);
    assertThat(listed.get("progressPercent").isNull()).isTrue();

    bob.get(prefix + "/").expectStatus(404);
    bob.get(prefix + "/jobs/overview").expectStatus(404);
    ApiClient.Response anonymous = ApiClient.anonymous(server).get(prefix + "/jobs/overview");
    assertThat(anonymous.status()).isEqualTo(302);
    assertThat(anonymous.header("Location")).contains("/login");

    // Read-only: the dashboard's Cancel does not get through, and the job runs on.
    alice.patch(prefix + "/jobs/" + job + "?mode=cancel", "").expectStatus(405);
    assertThat(flink.job(job).state()).isEqualTo("RUNNING");
    awaitState(wordCount, "running");
  }

  @Test
  @Order(13)
  void anotherUserSeesAndControlsNoneOfIt() {
    String config =
        alice.get(path("/launch-configs")).json().get("items").get(0).get("id").asString();
    for (String read :
        List.of(
            "/packages",
            "/launch-configs",
            "/launch-configs/" + config,
            "/applications",
            "/applications/" + wordCount,
            "/applications/" + wordCount + "/events",
            "/savepoints")) {
      bob.get(path(read)).expectProblem(404, "NOT_FOUND");
    }
    bob.post(path("/applications/" + wordCount + "/kill"), "{}").expectProblem(404, "NOT_FOUND");
    bob.post(path("/applications/" + wordCount + "/shutdown"), "{}")
        .expectProblem(404, "NOT_FOUND");
    bob.post(path("/launch-configs/" + config + "/launch"), "{}").expectProblem(404, "NOT_FOUND");
    bob.post(path("/applications"), "{\"packageName\":\"pi-demo\"}")
        .expectProblem(404, "NOT_FOUND");
    bob.delete(path("/launch-configs/" + config)).expectProblem(404, "NOT_FOUND");
    bob.send(
            path("/packages/x.jar"),
            builder -> builder.PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1})))
        .expectProblem(404, "NOT_FOUND");
    awaitState(wordCount, "running");
  }

  @Test
  @Order(14)
  void stoppingTheProjectEndsItsApplications() {
    alice.post(path("/stop"), "{}").expectStatus(200);
    JsonNode failed = awaitState(wordCount, "failed");
    assertThat(failed.get("message").asString()).contains("project was stopped");
  }

  // helpers

  private static String path(String rest) {
    return "/api/v1/projects/" + project + rest;
  }

  private static JsonNode awaitState(String app, String state) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(CHANGE)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              last[0] = alice.get(path("/applications/" + app)).expectStatus(200).json();
              assertThat(last[0].get("state").asString()).as("%s", last[0]).isEqualTo(state);
            });
    return last[0];
  }

  /** The newest overview of the word count once it has rates and satisfies {@code condition}. */
  private static JsonNode awaitOverview(Predicate<JsonNode> condition) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(CHANGE)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              last[0] =
                  alice
                      .get(path("/applications/" + wordCount + "/overview"))
                      .expectStatus(200)
                      .json();
              assertThat(last[0].get("sampledAt").isNull()).as("%s", last[0]).isFalse();
              assertThat(last[0].get("processedPerSecond").asDouble())
                  .as("%s", last[0])
                  .isPositive();
              assertThat(last[0].get("emittedPerSecond").asDouble()).as("%s", last[0]).isPositive();
              assertThat(condition.test(last[0])).as("%s", last[0]).isTrue();
            });
    return last[0];
  }

  /**
   * A metric of the operators whose name starts with {@code operatorPrefix}, summed over all
   * vertices and subtasks, read from Flink's REST API.
   */
  private static long operatorSum(String job, String operatorPrefix, String metric) {
    Pattern name =
        Pattern.compile("[0-9]+\\." + Pattern.quote(operatorPrefix) + "[^.]*\\." + metric);
    return metricSum(job, metricName -> name.matcher(metricName).matches());
  }

  /** The word count's own total, read from Flink's REST API, once it is at least {@code min}. */
  private static long awaitWordsCounted(String job, long min) {
    long[] total = new long[1];
    await()
        .atMost(CHANGE)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              total[0] = wordsCounted(job);
              assertThat(total[0]).isGreaterThanOrEqualTo(min);
            });
    return total[0];
  }

  private static long wordsCounted(String job) {
    return metricSum(job, ".wordsCounted");
  }

  /** The sum over the job's operators of the metrics whose names end with {@code suffix}. */
  private static long metricSum(String job, String suffix) {
    return metricSum(job, name -> name.endsWith(suffix));
  }

  /** The sum over the job's vertices and subtasks of the metrics whose names are chosen. */
  private static long metricSum(String job, java.util.function.Predicate<String> chosen) {
    long total = 0;
    for (FlinkJobDetails.Vertex vertex : flink.job(job).vertices()) {
      List<String> names =
          flink.vertexMetricNames(job, vertex.id()).stream().filter(chosen).toList();
      if (!names.isEmpty()) {
        total +=
            flink.vertexMetrics(job, vertex.id(), names).values().stream()
                .mapToLong(Double::longValue)
                .sum();
      }
    }
    return total;
  }

  private static List<String> eventTypes(String app) {
    return eventField(app, "type");
  }

  /** The process id of the cluster's TaskManager, as its node list shows it. */
  private static long taskManagerPid(String cluster) {
    return Clusters.pids(alice, cluster).getOrDefault("taskmanager-0", -1L);
  }

  /** The demo's DEBUG lines in the TaskManager's output (its whole stdout). */
  private static long debugLines(String cluster) {
    return taskManagerOutput(cluster).stream().filter(StreamingIT::isDemoDebugLine).count();
  }

  /** The demo's DEBUG lines since the TaskManager's output says it was last started. */
  private static long debugLinesSinceLastStart(String cluster) {
    List<String> lines = taskManagerOutput(cluster);
    int start = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("---- bdpaas: starting")) {
        start = i;
      }
    }
    return lines.subList(start, lines.size()).stream().filter(StreamingIT::isDemoDebugLine).count();
  }

  private static boolean isDemoDebugLine(String line) {
    return line.contains(" DEBUG ") && line.contains("words counted;");
  }

  private static List<String> taskManagerOutput(String cluster) {
    return alice
        .get("/api/v1/clusters/" + cluster + "/nodes/taskmanager-0/log?download=true")
        .expectStatus(200)
        .body()
        .lines()
        .toList();
  }

  /** True once the demo's DEBUG lines have not grown between two looks. */
  private static final class DebugLinesStopped implements java.util.concurrent.Callable<Boolean> {
    private final String cluster;
    private long previous = -1;

    DebugLinesStopped(String cluster) {
      this.cluster = cluster;
    }

    @Override
    public Boolean call() {
      long now = debugLines(cluster);
      boolean stopped = now == previous;
      previous = now;
      return stopped;
    }
  }

  private static List<String> eventMessages(String app) {
    return eventField(app, "message");
  }

  /** One field of each of the application's events, newest first. */
  private static List<String> eventField(String app, String field) {
    List<String> values = new ArrayList<>();
    for (JsonNode event :
        alice.get(path("/applications/" + app + "/events")).expectStatus(200).json().get("items")) {
      values.add(event.get(field).asString());
    }
    return values;
  }

  private static List<String> names(JsonNode items) {
    List<String> names = new ArrayList<>();
    for (JsonNode item : items) {
      names.add(item.get("name").asString() + " " + item.get("version").asString());
    }
    return names;
  }

  private static ApiClient.Response put(String rest, byte[] body) {
    return alice.send(
        path(rest), builder -> builder.PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = StreamingIT.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name + " on the classpath (built at package)").isNotNull();
      return in.readAllBytes();
    }
  }

  private static byte[] mainClassJar(String mainClass) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
      jar.putNextEntry(new ZipEntry(mainClass.replace('.', '/') + ".class"));
      jar.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
      jar.closeEntry();
    }
    return bytes.toByteArray();
  }

  /** A zip of the given entries: name, content, name, content... */
  private static byte[] zip(Object... entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (int i = 0; i < entries.length; i += 2) {
        zip.putNextEntry(new ZipEntry((String) entries[i]));
        zip.write((byte[]) entries[i + 1]);
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }
}
