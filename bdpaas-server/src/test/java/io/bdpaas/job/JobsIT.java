package io.bdpaas.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.EngineUiPages;
import io.bdpaas.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * Jar jobs on one real Spark project (one cluster for the class): the sample jobs every project
 * gets run to FINISHED with their output kept by the platform; a failing jar ends FAILED with its
 * error; a running job is killed; its logs are still read after the project is stopped; hostile
 * uploads are refused and leave nothing behind; and another user sees none of it.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobsIT {
  private static final Duration READY = Duration.ofSeconds(240);
  private static final Duration RUN = Duration.ofSeconds(180);
  private static TestServer server;
  private static ApiClient alice;
  private static ApiClient bob;
  private static String project;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    alice = server.newUser("job-alice");
    bob = server.newUser("job-bob");
    // The default size: a worker of 3 cores, one for the Connect server, two for a job.
    project =
        alice
            .post("/api/v1/projects", "{\"name\":\"jobs\"}")
            .expectStatus(202)
            .json()
            .get("id")
            .asString();
    awaitProject("ready");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      if (project != null) {
        alice.delete("/api/v1/projects/" + project);
      }
      server.close();
    }
  }

  private static void awaitProject(String status) {
    await()
        .atMost(READY)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(alice.get("/api/v1/projects/" + project).json().get("status").asString())
                    .isEqualTo(status));
  }

  private static String path(String rest) {
    return "/api/v1/projects/" + project + rest;
  }

  private static String jobNamed(String name) {
    for (JsonNode job : alice.get(path("/jobs")).expectStatus(200).json().get("items")) {
      if (job.get("name").asString().equals(name)) {
        return job.get("id").asString();
      }
    }
    throw new AssertionError("no job " + name);
  }

  private static String runOf(String job) {
    return alice
        .post(path("/jobs/" + job + "/runs"), "{}")
        .expectStatus(202)
        .json()
        .get("id")
        .asString();
  }

  private static JsonNode awaitRun(String run, String state) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(RUN)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              last[0] = alice.get(path("/runs/" + run)).expectStatus(200).json();
              assertThat(last[0].get("state").asString()).isEqualTo(state);
            });
    return last[0];
  }

  private static String log(String run, String stream) {
    return alice
        .get(path("/runs/" + run + "/log?stream=" + stream + "&limit=1048576"))
        .expectStatus(200)
        .json()
        .get("text")
        .asString();
  }

  private static String createJar(String name, String mainClass, String arguments) {
    return alice
        .post(
            path("/jobs"),
            "{\"name\":\""
                + name
                + "\",\"definition\":{\"kind\":\"jar\",\"jar\":\""
                + JobService.SAMPLES_JAR
                + "\",\"mainClass\":\""
                + mainClass
                + "\",\"arguments\":["
                + arguments
                + "]}}")
        .expectStatus(201)
        .json()
        .get("id")
        .asString();
  }

  @Test
  void theSamplePiJobRunsToFinishedWithItsOutputKept() {
    String pi = jobNamed("sample-pi");
    String run = runOf(pi);
    JsonNode finished = awaitRun(run, "finished");
    assertThat(finished.get("driverId").asString()).startsWith("driver-");
    assertThat(finished.get("jobVersion").asLong()).isEqualTo(1);
    assertThat(finished.get("startedAt").isString()).isTrue();
    assertThat(finished.get("durationMs").asLong()).isPositive();
    assertThat(finished.get("phases").get("pendingMs").asLong()).isNotNegative();
    String stdout = log(run, "stdout");
    assertThat(stdout).containsPattern("Pi is roughly 3\\.1\\d*");
    assertThat(log(run, "stderr")).contains("SparkContext");

    JsonNode listed = alice.get(path("/runs?job=" + pi + "&state=finished")).json();
    assertThat(listed.get("items").valueStream().map(r -> r.get("id").asString())).contains(run);
    JsonNode mine = alice.get("/api/v1/runs?project=" + project).json();
    assertThat(mine.get("items").valueStream().map(r -> r.get("id").asString())).contains(run);
    assertThat(alice.get(path("/runs?state=running&job=" + pi)).json().get("items")).isEmpty();
  }

  @Test
  void anUploadedJarRunsToFinished() throws IOException {
    // A jar of the user's own, uploaded like any file: here the samples' classes under a new name.
    byte[] jar;
    try (var in = JobsIT.class.getResourceAsStream(JobService.SAMPLES_RESOURCE)) {
      jar = in.readAllBytes();
    }
    put(path("/files/my-words.jar"), jar).expectStatus(201);
    JsonNode sample =
        alice.get(path("/jobs/" + jobNamed("sample-word-count"))).json().get("definition");
    String job =
        alice
            .post(
                path("/jobs"),
                "{\"name\":\"my-words\",\"definition\":{\"kind\":\"jar\",\"jar\":"
                    + "\"my-words.jar\",\"mainClass\":\"io.bdpaas.samples.WordCount\","
                    + "\"arguments\":"
                    + sample.get("arguments")
                    + "}}")
            .expectStatus(201)
            .json()
            .get("id")
            .asString();
    String run = runOf(job);
    awaitRun(run, "finished");
    assertThat(log(run, "stdout")).contains("distinct words:");
  }

  @Test
  void aFailingJarEndsFailedWithItsError() {
    String job = createJar("fails", "io.bdpaas.samples.FailingJob", "");
    String run = runOf(job);
    JsonNode failed = awaitRun(run, "failed");
    assertThat(failed.get("error").asString()).contains("this sample job fails on purpose");
    assertThat(failed.get("error").asString()).doesNotContain("\tat ");

    // A main class the jar does not have fails too, saying so.
    String missing = createJar("missing-class", "io.bdpaas.samples.NoSuchJob", "");
    assertThat(awaitRun(runOf(missing), "failed").get("error").asString()).contains("NoSuchJob");
  }

  @Test
  void aRunningJobIsKilled() {
    String job = createJar("sleeps", "io.bdpaas.samples.SleepingJob", "\"600\"");
    String run = runOf(job);
    // A client that waits for the run to start holds one request instead of polling; it is not
    // told anything about another user's run, and a wait it cannot mean is refused naming why.
    bob.get(path("/runs/" + run + "?until=running&wait=5")).expectProblem(404, "NOT_FOUND");
    JsonNode refused =
        alice
            .get(path("/runs/" + run + "?until=soon&wait=0"))
            .expectProblem(400, "VALIDATION_FAILED");
    assertThat(refused.get("problems").findValuesAsString("field"))
        .containsExactlyInAnyOrder("until", "wait");
    JsonNode started =
        alice.get(path("/runs/" + run + "?until=running&wait=60")).expectStatus(200).json();
    assertThat(started.get("state").asString()).isEqualTo("running");
    assertThat(started.get("startedAt").isString()).isTrue();
    // While it runs, its stages and executors come from its driver (behind the run's own key).
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              JsonNode spark = alice.get(path("/runs/" + run + "/spark")).expectStatus(200).json();
              assertThat(spark.get("applicationId").asString()).startsWith("app-");
              assertThat(spark.get("stages").valueStream().map(s -> s.get("status").asString()))
                  .contains("ACTIVE");
              assertThat(spark.get("executors")).isNotEmpty();
            });
    bob.get(path("/runs/" + run + "/spark")).expectProblem(404, "NOT_FOUND");

    // Its driver's own UI through the platform, where the master's UI links to it, every link of
    // it working there.
    String cluster = alice.get("/api/v1/projects/" + project).json().get("clusterId").asString();
    String app = alice.get(path("/runs/" + run + "/spark")).json().get("applicationId").asString();
    String prefix = EngineUiPages.prefix(cluster);
    String master = EngineUiPages.open(alice, cluster, prefix + "/").expectStatus(200).body();
    assertThat(EngineUiPages.links(master))
        .anyMatch(link -> link.startsWith(prefix + "/proxy/" + app));
    ApiClient.Response driverUi =
        EngineUiPages.open(alice, cluster, prefix + "/proxy/" + app + "/").expectStatus(200);
    assertThat(driverUi.body()).contains("SleepingJob - Spark Jobs");
    List<String> links = EngineUiPages.links(driverUi.body());
    assertThat(links).isNotEmpty().allSatisfy(link -> assertThat(link).startsWith(prefix + "/"));
    for (String link : links) {
      EngineUiPages.open(alice, cluster, link).expectStatus(200);
    }
    bob.get(prefix + "/proxy/" + app + "/").expectStatus(404);

    // The all-applications list: its engine page, memory as its settings ask (a 512 MB driver
    // and one 512 MB executor), and its progress from the driver's tasks.
    JsonNode listed = alice.get("/api/v1/applications/" + run).expectStatus(200).json();
    assertThat(listed.get("engineUi").asString()).isEqualTo(prefix + "/");
    assertThat(listed.get("memoryMb").asInt()).isEqualTo(1024);
    assertThat(listed.get("progressPercent").asInt()).isBetween(0, 99);

    alice.post(path("/runs/" + run + "/kill"), "{}").expectStatus(202);
    // Answered when the run ends, not when the wait runs out.
    long asked = System.nanoTime();
    JsonNode killed =
        alice.get(path("/runs/" + run + "?until=finished&wait=60")).expectStatus(200).json();
    assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(45));
    assertThat(killed.get("state").asString()).isEqualTo("killed");
    assertThat(killed.get("killRequested").asBoolean()).isTrue();
    alice.post(path("/runs/" + run + "/kill"), "{}").expectProblem(409, "CONFLICT");
  }

  @Test
  void aFailedRunIsRetriedAfterItsBackOffOnce() {
    String job =
        alice
            .post(
                path("/jobs"),
                "{\"name\":\"retried\",\"definition\":{\"kind\":\"jar\",\"jar\":\""
                    + JobService.SAMPLES_JAR
                    + "\",\"mainClass\":\"io.bdpaas.samples.FailingJob\"},"
                    + "\"policy\":{\"retries\":1,\"retryBackoffSeconds\":2}}")
            .expectStatus(201)
            .json()
            .get("id")
            .asString();
    String first = runOf(job);
    awaitRun(first, "failed");
    await()
        .atMost(RUN)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              JsonNode runs = alice.get(path("/runs?job=" + job)).json().get("items");
              assertThat(runs).hasSize(2);
              JsonNode retry = runs.get(0);
              assertThat(retry.get("attempt").asInt()).isEqualTo(2);
              assertThat(retry.get("trigger").asString()).isEqualTo("retry");
              assertThat(retry.get("state").asString()).isEqualTo("failed");
              assertThat(Instant.parse(retry.get("notBefore").asString()))
                  .isAfterOrEqualTo(
                      Instant.parse(runs.get(1).get("endedAt").asString()).plusSeconds(2));
            });
    // One retry was allowed: no third attempt follows.
    await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> true);
    assertThat(alice.get(path("/runs?job=" + job)).json().get("items")).hasSize(2);
  }

  @Test
  void aScheduleFiresAndForbidSkipsATimeWhileItsRunGoes() {
    JsonNode created =
        alice
            .post(
                path("/jobs"),
                "{\"name\":\"ticker\",\"definition\":{\"kind\":\"jar\",\"jar\":\""
                    + JobService.SAMPLES_JAR
                    + "\",\"mainClass\":\"io.bdpaas.samples.SleepingJob\",\"arguments\":[\"600\"]},"
                    + "\"schedule\":{\"cron\":\"*/10 * * * * *\",\"timeZone\":\"Europe/Zurich\","
                    + "\"concurrency\":\"forbid\"}}")
            .expectStatus(201)
            .json();
    String job = created.get("id").asString();
    assertThat(created.get("upcoming")).hasSize(5);
    assertThat(created.get("nextFireAt").asString())
        .isEqualTo(created.get("upcoming").get(0).asString());
    try {
      String[] scheduled = new String[1];
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                JsonNode runs = alice.get(path("/runs?job=" + job)).json().get("items");
                assertThat(runs).isNotEmpty();
                assertThat(runs.get(0).get("trigger").asString()).isEqualTo("schedule");
                scheduled[0] = runs.get(0).get("id").asString();
              });
      // The next times find the run still going: skipped, and the job says so.
      await()
          .atMost(Duration.ofSeconds(40))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () ->
                  assertThat(
                          alice.get(path("/jobs/" + job)).json().get("scheduleNote").asString(""))
                      .contains("skipped", "forbid", scheduled[0]));
      assertThat(alice.get(path("/runs?job=" + job)).json().get("items")).hasSize(1);
    } finally {
      alice.post(path("/jobs/" + job + "/disable"), "{}").expectStatus(200);
      for (JsonNode run : alice.get(path("/runs?job=" + job)).json().get("items")) {
        alice.post(path("/runs/" + run.get("id").asString() + "/kill"), "{}");
      }
    }
    JsonNode disabled = alice.get(path("/jobs/" + job)).json();
    assertThat(disabled.get("nextFireAt").isNull()).isTrue();
    for (JsonNode run : alice.get(path("/runs?job=" + job)).json().get("items")) {
      awaitRun(run.get("id").asString(), "killed");
    }
  }

  @Test
  void aSqlJobAndANotebookJobRunOnTheConnectServer() {
    String sql =
        alice
            .post(
                path("/jobs"),
                "{\"name\":\"sql\",\"definition\":{\"kind\":\"sql\",\"sql\":"
                    + "\"CREATE OR REPLACE TEMP VIEW ten AS SELECT id FROM range(10);\\n"
                    + "SELECT sum(id) AS total FROM ten\"}}")
            .expectStatus(201)
            .json()
            .get("id")
            .asString();
    String run = runOf(sql);
    awaitRun(run, "finished");
    assertThat(log(run, "stdout")).contains("total\n45\n(1 rows)");

    String notebook = alice.get(path("/notebooks")).json().get("items").get(0).get("id").asString();
    String notebookJob =
        alice
            .post(
                path("/jobs"),
                "{\"name\":\"notebook\",\"definition\":{\"kind\":\"notebook\","
                    + "\"notebookId\":\""
                    + notebook
                    + "\"}}")
            .expectStatus(201)
            .json()
            .get("id")
            .asString();
    String notebookRun = runOf(notebookJob);
    awaitRun(notebookRun, "finished");
    assertThat(log(notebookRun, "stdout")).contains("-- ").contains("rows)");

    String failing =
        alice
            .post(
                path("/jobs"),
                "{\"name\":\"bad-sql\",\"definition\":{\"kind\":\"sql\",\"sql\":"
                    + "\"SELECT * FROM no_such_table\"}}")
            .expectStatus(201)
            .json()
            .get("id")
            .asString();
    JsonNode failed = awaitRun(runOf(failing), "failed");
    assertThat(failed.get("error").asString()).contains("TABLE_OR_VIEW_NOT_FOUND");
  }

  @Test
  void badDefinitionsAreRefusedNamingEveryProblem() {
    JsonNode problem =
        alice
            .post(
                path("/jobs"),
                "{\"name\":\"\",\"definition\":{\"kind\":\"jar\",\"jar\":\"x.csv\","
                    + "\"mainClass\":\"not a class\",\"spark\":{\"driverCores\":0,"
                    + "\"conf\":{\"spark.master\":\"local\"}}}}")
            .expectProblem(400, "VALIDATION_FAILED");
    assertThat(problem.get("problems").valueStream().map(p -> p.get("field").asString()))
        .contains("name", "definition.jar", "definition.mainClass", "definition.spark.driverCores")
        .contains("definition.spark.conf.spark.master");
    JsonNode tooBig =
        alice
            .post(
                path("/jobs"),
                "{\"name\":\"big\",\"definition\":{\"kind\":\"jar\",\"jar\":\""
                    + JobService.SAMPLES_JAR
                    + "\",\"mainClass\":\"io.bdpaas.samples.SparkPi\","
                    + "\"spark\":{\"executorCores\":4,\"maxCores\":8}}}")
            .expectProblem(400, "VALIDATION_FAILED");
    assertThat(tooBig.toString()).contains("offers 2 to batch jobs");
    alice
        .post(
            path("/jobs"),
            "{\"name\":\"absent\",\"definition\":{\"kind\":\"jar\",\"jar\":\"absent.jar\","
                + "\"mainClass\":\"a.B\"}}")
        .expectProblem(400, "VALIDATION_FAILED");
  }

  @Test
  void hostileJarUploadsAreRefusedAndNothingIsWritten() throws IOException {
    String files = path("/files/");
    // Text under a jar's name.
    put(files + "evil.jar", "not a jar at all\n".getBytes()).expectStatus(400);
    // A zip whose entry climbs out of any folder it is unpacked in.
    put(files + "slip.jar", zip("../../../../tmp/evil.class", new byte[] {1, 2, 3}))
        .expectStatus(400);
    // A zip bomb: a small upload that inflates to 200 MiB.
    put(files + "bomb.jar", zip("a.class", new byte[200 * 1024 * 1024])).expectStatus(400);
    assertThat(alice.get(path("/files")).json().toString())
        .doesNotContain("evil.jar", "slip.jar", "bomb.jar");
    assertThat(Path.of("/tmp/evil.class")).doesNotExist();
  }

  @Test
  @Order(Integer.MAX_VALUE) // it stops and starts the project the others run on
  void logsOutliveTheProjectsClusterAndAnotherUserSeesNothing() {
    String run = runOf(jobNamed("sample-pi"));
    awaitRun(run, "finished");
    String job = alice.get(path("/runs/" + run)).json().get("jobId").asString();

    bob.get(path("/jobs")).expectProblem(404, "NOT_FOUND");
    bob.get(path("/jobs/" + job)).expectProblem(404, "NOT_FOUND");
    bob.post(path("/jobs/" + job + "/runs"), "{}").expectProblem(404, "NOT_FOUND");
    bob.get(path("/runs/" + run)).expectProblem(404, "NOT_FOUND");
    bob.get(path("/runs/" + run + "/log")).expectProblem(404, "NOT_FOUND");
    assertThat(bob.get("/api/v1/runs").json().get("items")).isEmpty();

    alice.post("/api/v1/projects/" + project + "/stop", "{}").expectStatus(200);
    awaitProject("stopped");
    assertThat(log(run, "stdout")).containsPattern("Pi is roughly 3\\.1");
    ApiClient.Response download = alice.get(path("/runs/" + run + "/log.txt?stream=stdout"));
    assertThat(download.status()).isEqualTo(200);
    assertThat(download.body()).contains("Pi is roughly");

    // A run asked for while the project is stopped waits, saying why, and goes on once started.
    String waiting = runOf(job);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(alice.get(path("/runs/" + waiting)).json().get("waiting").asString(""))
                    .contains("stopped"));
    alice.post("/api/v1/projects/" + project + "/start", "{}").expectStatus(202);
    awaitProject("ready");
    awaitRun(waiting, "finished");
  }

  private static ApiClient.Response put(String path, byte[] body) {
    return alice.send(path, builder -> builder.PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private static byte[] zip(String entry, byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry(entry));
      zip.write(content);
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }
}
