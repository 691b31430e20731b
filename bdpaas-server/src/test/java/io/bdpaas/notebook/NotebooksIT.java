package io.bdpaas.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Notebooks on one real Spark project (one cluster for the class; each test has its own notebook):
 * paragraphs run through the project's Spark Connect server by the platform, with results paged on
 * the server, CSV, charts, parameters, errors with their position, cancel, run all, a Zeppelin note
 * imported and run, and nothing of it for another user.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class NotebooksIT {
  private static final Duration READY = Duration.ofSeconds(240);
  private static final Duration RUN = Duration.ofSeconds(120);
  private static TestServer server;
  private static ApiClient alice;
  private static ApiClient bob;
  private static String project;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    alice = server.newUser("nb-alice");
    bob = server.newUser("nb-bob");
    project =
        alice
            .post(
                "/api/v1/projects",
                "{\"name\":\"notebooks\",\"workers\":1,\"workerCores\":2,"
                    + "\"workerMemoryMb\":1024,\"connectCores\":1}")
            .expectStatus(202)
            .json()
            .get("id")
            .asString();
    await()
        .atMost(READY)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(alice.get("/api/v1/projects/" + project).json().get("status").asString())
                    .isEqualTo("ready"));
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

  private static String notebooks() {
    return "/api/v1/projects/" + project + "/notebooks";
  }

  private static String newNotebook(String name) {
    return alice
        .post(notebooks(), "{\"name\":\"" + name + "\"}")
        .expectStatus(201)
        .json()
        .get("id")
        .asString();
  }

  /** Adds an SQL paragraph and answers its id. */
  private static String addSql(String notebook, String sql, String extra) {
    String body =
        "{\"kind\":\"sql\",\"text\":" + quote(sql) + (extra.isEmpty() ? "" : "," + extra) + "}";
    JsonNode paragraphs =
        alice
            .post(notebooks() + "/" + notebook + "/paragraphs", body)
            .expectStatus(201)
            .json()
            .get("paragraphs");
    return paragraphs.get(paragraphs.size() - 1).get("id").asString();
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static String paragraphPath(String notebook, String paragraph) {
    return notebooks() + "/" + notebook + "/paragraphs/" + paragraph;
  }

  private static JsonNode awaitRun(String notebook, String paragraph, String status) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(RUN)
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              last[0] = alice.get(paragraphPath(notebook, paragraph) + "/run").json();
              assertThat(last[0].get("status").asString()).isEqualTo(status);
            });
    return last[0];
  }

  @Test
  void aNewProjectsSampleNotebookRunsAllOverTheSampleDataset() {
    JsonNode listed = alice.get(notebooks()).expectStatus(200).json();
    String sample =
        listed
            .get("items")
            .valueStream()
            .filter(item -> item.get("name").asString().equals("Getting started"))
            .findFirst()
            .orElseThrow()
            .get("id")
            .asString();
    JsonNode paragraphs = alice.get(notebooks() + "/" + sample).json().get("paragraphs");

    JsonNode queued = alice.post(notebooks() + "/" + sample + "/run", "").expectStatus(202).json();
    assertThat(queued).hasSize(3);
    String byRegion = paragraphs.get(2).get("id").asString();
    String byProduct = paragraphs.get(3).get("id").asString();
    awaitRun(sample, byRegion, "finished");
    awaitRun(sample, byProduct, "finished");

    JsonNode chart = alice.get(paragraphPath(sample, byRegion) + "/chart").expectStatus(200).json();
    assertThat(chart.get("type").asString()).isEqualTo("bar");
    assertThat(chart.get("keys").toString()).isEqualTo("[\"East\",\"North\",\"South\",\"West\"]");
    assertThat(
            chart.get("series").get(0).get("values").valueStream().mapToDouble(JsonNode::asDouble))
        .allMatch(revenue -> revenue > 0);
    JsonNode units = alice.get(paragraphPath(sample, byProduct) + "/result").json();
    assertThat(units.get("rowCount").asLong()).isEqualTo(5);
    assertThat(
            alice
                .get(paragraphPath(sample, byProduct) + "/run")
                .json()
                .at("/arguments/region")
                .asString())
        .isEqualTo("North");
  }

  @Test
  void anAggregateRunsOnTheProjectAndItsResultIsPagedOnTheServer() {
    String notebook = newNotebook("aggregate");
    String sum = addSql(notebook, "SELECT sum(id) AS total FROM range(100)", "");
    String rows = addSql(notebook, "SELECT id, id % 3 AS bucket FROM range(120)", "");

    alice.post(paragraphPath(notebook, sum) + "/run", "{}").expectStatus(202);
    // A client may wait for the end instead of polling.
    JsonNode run =
        alice.get(paragraphPath(notebook, sum) + "/run?wait=60").expectStatus(200).json();
    assertThat(run.get("status").asString()).isEqualTo("finished");
    alice.get(paragraphPath(notebook, sum) + "/run?wait=0").expectProblem(400, "VALIDATION_FAILED");
    assertThat(run.get("columns").get(0).get("name").asString()).isEqualTo("total");
    assertThat(run.get("rowCount").asLong()).isEqualTo(1);
    JsonNode result = alice.get(paragraphPath(notebook, sum) + "/result").json();
    assertThat(result.get("rows").get(0).get(0).asLong()).isEqualTo(4950);
    // POST run?wait answers with the first page; a run answered as ended can be run again at once.
    for (int again = 0; again < 3; again++) {
      ApiClient.Response waited =
          alice.post(paragraphPath(notebook, sum) + "/run?wait=60", "{}").expectStatus(200);
      // Written by the runner's thread, after the filters: with their headers, and its length.
      assertThat(waited.header("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(waited.header("Content-Type")).hasValue("application/json");
      assertThat(waited.header("Content-Length"))
          .hasValue(String.valueOf(waited.body().getBytes(StandardCharsets.UTF_8).length));
      JsonNode answered = waited.json();
      assertThat(answered.get("status").asString()).isEqualTo("finished");
      assertThat(answered.get("runId").asString()).isNotEqualTo(run.get("runId").asString());
      assertThat(answered.get("result").get("rows").get(0).get(0).asLong()).isEqualTo(4950);
    }

    alice.post(paragraphPath(notebook, rows) + "/run", "{}").expectStatus(202);
    assertThat(awaitRun(notebook, rows, "finished").get("rowCount").asLong()).isEqualTo(120);
    JsonNode third = alice.get(paragraphPath(notebook, rows) + "/result?page=2&size=50").json();
    assertThat(third.get("totalPages").asLong()).isEqualTo(3);
    assertThat(third.get("rows")).hasSize(20);
    assertThat(third.get("rows").get(0).get(0).asLong()).isEqualTo(100);

    ApiClient.Response csv = alice.get(paragraphPath(notebook, rows) + "/result.csv");
    assertThat(csv.status()).isEqualTo(200);
    List<String> lines = csv.body().lines().toList();
    assertThat(lines).hasSize(121);
    assertThat(lines.get(0)).isEqualTo("id,bucket");
    assertThat(lines.get(5)).isEqualTo("4,1");

    JsonNode chart =
        alice
            .get(
                paragraphPath(notebook, rows)
                    + "/chart?type=bar&key=bucket&value=id&aggregation=count")
            .json();
    assertThat(chart.get("keys").toString()).isEqualTo("[\"0\",\"1\",\"2\"]");
    assertThat(chart.get("series").get(0).get("values").toString()).isEqualTo("[40.0,40.0,40.0]");

    // Reopening the notebook (another browser, later) shows each paragraph's last run.
    JsonNode reopened = alice.get(notebooks() + "/" + notebook).json();
    assertThat(reopened.get("paragraphs").get(0).get("run").get("status").asString())
        .isEqualTo("finished");
  }

  @Test
  void aFailingStatementShowsTheEnginesMessageAndPositionWithoutAStackDump() {
    String notebook = newNotebook("failing");
    String bad =
        addSql(notebook, "-- a typo in the table's name\nSELECT *\nFROM no_such_table", "");

    alice.post(paragraphPath(notebook, bad) + "/run", "{}").expectStatus(202);
    JsonNode error = awaitRun(notebook, bad, "failed").get("error");

    assertThat(error.get("message").asString())
        .contains("no_such_table")
        .doesNotContain("\tat ")
        .doesNotContain("JVM stacktrace");
    assertThat(error.get("condition").asString()).isEqualTo("TABLE_OR_VIEW_NOT_FOUND");
    assertThat(error.get("line").asInt()).isEqualTo(3);
    assertThat(error.get("column").asInt()).isEqualTo(6);
    alice.get(paragraphPath(notebook, bad) + "/result").expectProblem(409, "CONFLICT");
  }

  @Test
  void aParameterisedParagraphRunsWithTwoValuesBoundNotPasted() {
    String notebook = newNotebook("parameters");
    String counted =
        addSql(
            notebook,
            "SELECT count(*) AS n FROM range(100) WHERE id < :below",
            "\"parameters\":[{\"name\":\"below\",\"default\":\"10\"}]");

    alice.post(paragraphPath(notebook, counted) + "/run", "{}").expectStatus(202);
    awaitRun(notebook, counted, "finished");
    assertThat(
            alice.get(paragraphPath(notebook, counted) + "/result").json().at("/rows/0/0").asLong())
        .isEqualTo(10);

    // Run and wait in one request: answered when the run ends, with its first rows.
    JsonNode run =
        alice
            .post(
                paragraphPath(notebook, counted) + "/run?wait=60",
                "{\"parameters\":{\"below\":25}}")
            .expectStatus(200)
            .json();
    assertThat(run.get("status").asString()).isEqualTo("finished");
    assertThat(run.get("arguments").get("below").asString()).isEqualTo("25");
    assertThat(run.at("/result/rows/0/0").asLong()).isEqualTo(25);
    assertThat(
            alice.get(paragraphPath(notebook, counted) + "/result").json().at("/rows/0/0").asLong())
        .isEqualTo(25);

    // A value is bound as a literal: text that would be SQL stays text.
    alice
        .post(
            paragraphPath(notebook, counted) + "/run",
            "{\"parameters\":{\"below\":\"1 OR 1 = 1\"}}")
        .expectStatus(202);
    assertThat(awaitRun(notebook, counted, "failed").get("error").get("message").asString())
        .containsIgnoringCase("1 OR 1 = 1");

    alice
        .post(paragraphPath(notebook, counted) + "/run", "{\"parameters\":{\"other\":1}}")
        .expectProblem(400, "VALIDATION_FAILED");
  }

  @Test
  void aLongQueryIsCancelled() {
    String notebook = newNotebook("cancel");
    String slow = addSql(notebook, "SELECT sum(id * id % 7) FROM range(0, 100000000000)", "");

    alice.post(paragraphPath(notebook, slow) + "/run", "{}").expectStatus(202);
    awaitRun(notebook, slow, "running");
    // While it runs, its Spark job and tasks show, matched through the run's tag.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode progress =
                  alice.get(paragraphPath(notebook, slow) + "/run").json().get("progress");
              assertThat(progress.get("jobs").asInt()).isEqualTo(1);
              assertThat(progress.get("tasks").asInt()).isPositive();
              assertThat(progress.get("activeTasks").asInt()).isPositive();
            });
    alice.post(paragraphPath(notebook, slow) + "/run", "{}").expectProblem(409, "CONFLICT");
    long asked = System.nanoTime();
    alice.post(paragraphPath(notebook, slow) + "/cancel", "").expectStatus(202);
    awaitRun(notebook, slow, "cancelled");
    assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(30));

    // The project is free again: the next paragraph runs.
    String quick = addSql(notebook, "SELECT 1 AS one", "");
    alice.post(paragraphPath(notebook, quick) + "/run", "{}").expectStatus(202);
    awaitRun(notebook, quick, "finished");
  }

  @Test
  void aZeppelinNoteIsImportedAndRunAllStopsAtTheFirstFailure() {
    String note =
        "{\"name\":\"From Zeppelin\",\"id\":\"2A94M5J1Z\",\"paragraphs\":["
            + "{\"text\":\"%md\\n# Totals\",\"config\":{}},"
            + "{\"text\":\"%sql\\nCREATE OR REPLACE TEMP VIEW numbers AS SELECT id FROM range(10);"
            + "\\nSELECT sum(id) AS total FROM numbers\",\"config\":{}},"
            + "{\"text\":\"%pyspark\\nprint(1)\",\"config\":{}},"
            + "{\"text\":\"%sql\\nSELECT * FROM missing_table\",\"config\":{}},"
            + "{\"text\":\"%sql\\nSELECT 2\",\"config\":{}}]}";
    JsonNode imported = alice.post(notebooks() + "/import", note).expectStatus(201).json();
    String notebook = imported.get("id").asString();
    JsonNode paragraphs = imported.get("paragraphs");
    assertThat(paragraphs).hasSize(5);
    assertThat(paragraphs.get(0).get("kind").asString()).isEqualTo("markdown");
    assertThat(paragraphs.get(2).get("kind").asString()).isEqualTo("text");
    assertThat(paragraphs.get(2).get("foreignInterpreter").asString()).isEqualTo("pyspark");
    assertThat(imported.get("importNotes").toString()).contains("pyspark");

    JsonNode queued =
        alice.post(notebooks() + "/" + notebook + "/run", "").expectStatus(202).json();
    assertThat(queued).hasSize(3); // the SQL paragraphs
    String sum = paragraphs.get(1).get("id").asString();
    String missing = paragraphs.get(3).get("id").asString();
    String after = paragraphs.get(4).get("id").asString();
    awaitRun(notebook, sum, "finished");
    assertThat(alice.get(paragraphPath(notebook, sum) + "/result").json().at("/rows/0/0").asLong())
        .isEqualTo(45);
    awaitRun(notebook, missing, "failed");
    assertThat(awaitRun(notebook, after, "cancelled").get("error").get("message").asString())
        .contains("earlier paragraph");

    alice
        .post(paragraphPath(notebook, paragraphs.get(2).get("id").asString()) + "/run", "{}")
        .expectProblem(409, "CONFLICT");
    String exported = alice.get(notebooks() + "/" + notebook + "/export").expectStatus(200).body();
    assertThat(exported).contains("\"format\" : \"bdpaas-notebook\"");
  }

  @Test
  void statementsRunInOrderAndACommandRunsOnceWhetherOrNotItIsLast() {
    String notebook = newNotebook("statements");
    String script =
        addSql(
            notebook,
            "DROP TABLE IF EXISTS counted;\n"
                + "CREATE TABLE counted (n INT) USING parquet;\n"
                + "INSERT INTO counted VALUES (1), (2);\n"
                + "WITH more AS (SELECT 3 AS n) INSERT INTO counted SELECT n FROM more;\n"
                + "SELECT count(*) AS n_rows, sum(n) AS total FROM counted",
            "");
    String insertLast = addSql(notebook, "INSERT INTO counted VALUES (10)", "");
    String empty = addSql(notebook, "SELECT n FROM counted WHERE n < 0", "");
    String shown = addSql(notebook, "SHOW TABLES LIKE 'counted'", "");

    JsonNode first =
        alice.post(paragraphPath(notebook, script) + "/run?wait=60", "{}").expectStatus(200).json();
    assertThat(first.get("status").asString()).isEqualTo("finished");
    assertThat(first.at("/result/rows/0").toString()).isEqualTo("[3,6]");

    // A command as the last statement runs once: its (empty) result's columns come without
    // running it again.
    JsonNode inserted =
        alice
            .post(paragraphPath(notebook, insertLast) + "/run?wait=60", "{}")
            .expectStatus(200)
            .json();
    assertThat(inserted.get("status").asString()).isEqualTo("finished");
    JsonNode again =
        alice.post(paragraphPath(notebook, script) + "/run?wait=60", "{}").expectStatus(200).json();
    assertThat(again.at("/result/rows/0").toString()).isEqualTo("[3,6]");
    alice.post(paragraphPath(notebook, insertLast) + "/run?wait=60", "{}").expectStatus(200);
    JsonNode counted =
        alice
            .post(
                paragraphPath(notebook, addSql(notebook, "SELECT sum(n) FROM counted", ""))
                    + "/run?wait=60",
                "{}")
            .expectStatus(200)
            .json();
    assertThat(counted.at("/result/rows/0/0").asLong()).isEqualTo(1 + 2 + 3 + 10);

    // A query with no rows still has its columns; a command's rows are its result.
    JsonNode none =
        alice.post(paragraphPath(notebook, empty) + "/run?wait=60", "{}").expectStatus(200).json();
    assertThat(none.get("rowCount").asLong()).isZero();
    assertThat(none.at("/columns/0/name").asString()).isEqualTo("n");
    JsonNode tables =
        alice.post(paragraphPath(notebook, shown) + "/run?wait=60", "{}").expectStatus(200).json();
    assertThat(tables.get("rowCount").asLong()).isEqualTo(1);
    assertThat(tables.at("/result/rows/0").toString()).contains("\"counted\"");
  }

  @Test
  void theSchemaBrowserListsTablesViewsAndTheirColumns() {
    String notebook = newNotebook("schema");
    String create =
        addSql(
            notebook,
            "CREATE TABLE IF NOT EXISTS browsed (id BIGINT, label STRING) USING parquet;\n"
                + "CREATE OR REPLACE TEMP VIEW browsed_view AS SELECT id FROM browsed",
            "");
    alice.post(paragraphPath(notebook, create) + "/run", "{}").expectStatus(202);
    awaitRun(notebook, create, "finished");

    JsonNode schema = alice.get("/api/v1/projects/" + project + "/schema").expectStatus(200).json();
    String text = schema.toString();
    assertThat(text)
        .contains("\"name\":\"default\"")
        .contains("\"name\":\"browsed\"")
        .contains("{\"name\":\"label\",\"type\":\"string\"}")
        .contains("\"name\":\"browsed_view\"");
    bob.get("/api/v1/projects/" + project + "/schema").expectProblem(404, "NOT_FOUND");
  }

  @Test
  void notebooksAreKeptRenamedDuplicatedAndDeleted() {
    String notebook = newNotebook("keep me");
    addSql(notebook, "SELECT 1", "");
    alice.post(notebooks(), "{\"name\":\"keep me\"}").expectProblem(409, "ALREADY_EXISTS");
    alice.post(notebooks(), "{\"name\":\"\"}").expectProblem(400, "VALIDATION_FAILED");

    alice.patch(notebooks() + "/" + notebook, "{\"name\":\"kept\"}").expectStatus(200);
    JsonNode copy =
        alice.post(notebooks() + "/" + notebook + "/duplicate", "").expectStatus(201).json();
    assertThat(copy.get("name").asString()).isEqualTo("kept (copy)");
    assertThat(copy.get("paragraphs")).hasSize(1);

    JsonNode stale =
        alice
            .send(
                notebooks() + "/" + notebook + "?revision=1",
                request ->
                    request
                        .header("Content-Type", "application/json")
                        .PUT(
                            java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"format\":\"bdpaas-notebook\",\"version\":1,"
                                    + "\"name\":\"kept\",\"paragraphs\":[]}")))
            .expectProblem(409, "CONFLICT");
    assertThat(stale.get("detail").asString()).contains("saved meanwhile");

    alice.delete(notebooks() + "/" + copy.get("id").asString()).expectStatus(204);
    alice.get(notebooks() + "/" + copy.get("id").asString()).expectProblem(404, "NOT_FOUND");
  }

  @Test
  void anotherUserCanNeitherReadNorRunNorCancelNotebooks() {
    String notebook = newNotebook("private");
    String paragraph = addSql(notebook, "SELECT 1", "");
    alice.post(paragraphPath(notebook, paragraph) + "/run", "{}").expectStatus(202);
    awaitRun(notebook, paragraph, "finished");

    bob.get(notebooks()).expectProblem(404, "NOT_FOUND");
    bob.get(notebooks() + "/" + notebook).expectProblem(404, "NOT_FOUND");
    bob.post(notebooks(), "{\"name\":\"mine\"}").expectProblem(404, "NOT_FOUND");
    bob.post(paragraphPath(notebook, paragraph) + "/run", "{}").expectProblem(404, "NOT_FOUND");
    bob.post(paragraphPath(notebook, paragraph) + "/cancel", "").expectProblem(404, "NOT_FOUND");
    bob.get(paragraphPath(notebook, paragraph) + "/result").expectProblem(404, "NOT_FOUND");
    bob.get(paragraphPath(notebook, paragraph) + "/result.csv").expectProblem(404, "NOT_FOUND");
    bob.get(notebooks() + "/" + notebook + "/export").expectProblem(404, "NOT_FOUND");
    bob.delete(notebooks() + "/" + notebook).expectProblem(404, "NOT_FOUND");
    assertThat(alice.get(notebooks() + "/" + notebook).status()).isEqualTo(200);
  }
}
