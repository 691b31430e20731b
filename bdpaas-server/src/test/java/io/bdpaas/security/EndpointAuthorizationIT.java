package io.bdpaas.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.project.SampleDataset;
import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.Clusters;
import io.bdpaas.testing.TestServer;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Proves that every operation of the REST API decides access correctly for every kind of caller,
 * and that no operation can be added without declaring who may call it.
 *
 * <p>One real server; six actors, all but one with an API token: the {@code owner} of the fixtures,
 * an {@code other} user, the built-in {@code admin}, an {@code anonymous} caller, the owner's
 * {@code revoked} token and the token of a user who was then {@code disabled}. Every operation the
 * OpenAPI document lists under {@code /api/} is called as each actor, with its path parameters
 * pointing at the owner's fixtures (a running cluster of the hello product, one of its nodes, a
 * token, the owner's account, a product the admin registered for this test) and a real body, so
 * that allowed callers get through to the real work rather than to a 400. Each status is compared
 * with the operation's row in {@link #EXPECTED_ACCESS}; all mismatches are reported together.
 *
 * <p>An operation without a row fails the test, and so does a row without an operation.
 */
class EndpointAuthorizationIT {
  /** The small built-in product the fixture cluster is made of (one tiny JVM per node). */
  private static final String FIXTURE_PRODUCT = "hello";

  private static final String FIXTURE_VERSION = "1.0.0";

  /** A product the admin registers for this test, so that the catalog's writes spare built-ins. */
  private static final String PROBE_PRODUCT = "authz-probe";

  private static final Duration CLUSTER_TIMEOUT = Duration.ofMinutes(3);

  /** A notebook paragraph drawn as a chart, so that the chart operation has what it needs. */
  private static final String FIXTURE_PARAGRAPH =
      "{\"kind\":\"sql\",\"text\":\"SELECT 'a' AS k, 2 AS v\",\"display\":{\"mode\":\"chart\","
          + "\"type\":\"bar\",\"key\":\"k\",\"value\":\"v\",\"aggregation\":\"sum\"}}";

  /** A launch of the fixture streaming project's own package. */
  private static final String FIXTURE_LAUNCH = "{\"packageName\":\"probe\"}";

  /** What the fixture project's file is uploaded as. */
  private static final Body PROBE_FILE = new Body("text/csv", "a,b\n1,2\n");

  /**
   * Who may call what: the status each actor must get, one row per operation. Others' resources
   * answer 404, as if they did not exist; admin-only operations answer 403 to users; a missing,
   * revoked or disabled credential answers 401. A status is an exact code or a class ({@code 2xx}).
   * The anonymous caller of the token login knows the owner's password.
   */
  private static final String EXPECTED_ACCESS =
      """
      operation                                            owner other admin anonymous revoked disabled
      POST   /api/v1/auth/token                              201   201   201   201       401     401
      GET    /api/v1/me                                      200   200   200   401       401     401
      POST   /api/v1/me/password                             204   204   204   401       401     401
      GET    /api/v1/tokens                                  200   200   200   401       401     401
      POST   /api/v1/tokens                                  201   201   201   401       401     401
      DELETE /api/v1/tokens/{id}                             204   404   204   401       401     401

      GET    /api/v1/admin/users                             403   403   200   401       401     401
      GET    /api/v1/admin/tenants                           403   403   200   401       401     401
      GET    /api/v1/admin/health                            403   403   200   401       401     401
      POST   /api/v1/admin/users                             403   403   201   401       401     401
      GET    /api/v1/admin/users/{id}                        403   403   200   401       401     401
      PATCH  /api/v1/admin/users/{id}                        403   403   200   401       401     401
      POST   /api/v1/admin/users/{id}/unlock                 403   403   200   401       401     401

      GET    /api/v1/products                                200   200   200   401       401     401
      POST   /api/v1/products                                403   403   201   401       401     401
      GET    /api/v1/products/{name}                         200   200   200   401       401     401
      GET    /api/v1/products/{name}/{version}               200   200   200   401       401     401
      DELETE /api/v1/products/{name}/{version}               403   403   204   401       401     401
      GET    /api/v1/products/{name}/{version}/options       200   200   200   401       401     401
      PUT    /api/v1/products/{name}/{version}/options       403   403   200   401       401     401
      GET    /api/v1/products/{name}/{version}/template      200   200   200   401       401     401
      PUT    /api/v1/products/{name}/{version}/template      403   403   200   401       401     401
      GET    /api/v1/products/{name}/{version}/orchestrator  200   200   200   401       401     401
      PUT    /api/v1/products/{name}/{version}/orchestrator  403   403   200   401       401     401

      GET    /api/v1/clusters                                200   200   200   401       401     401
      POST   /api/v1/clusters                                202   202   202   401       401     401
      GET    /api/v1/clusters/{id}                           200   404   200   401       401     401
      PATCH  /api/v1/clusters/{id}                           202   404   202   401       401     401
      DELETE /api/v1/clusters/{id}                           202   404   202   401       401     401
      GET    /api/v1/clusters/{id}/nodes                     200   404   200   401       401     401
      GET    /api/v1/clusters/{id}/services                  200   404   200   401       401     401
      GET    /api/v1/clusters/{id}/events                    200   404   200   401       401     401
      GET    /api/v1/clusters/{id}/nodes/{node}/log          200   404   200   401       401     401

      GET    /api/v1/projects                                200   200   200   401       401     401
      POST   /api/v1/projects                                202   202   202   401       401     401
      GET    /api/v1/projects/{id}                           200   404   200   401       401     401
      PATCH  /api/v1/projects/{id}                           200   404   200   401       401     401
      DELETE /api/v1/projects/{id}                           204   404   204   401       401     401
      POST   /api/v1/projects/{id}/stop                      200   404   200   401       401     401
      POST   /api/v1/projects/{id}/start                     202   404   202   401       401     401
      GET    /api/v1/projects/{id}/connect                   200   404   200   401       401     401
      POST   /api/v1/projects/{id}/connect/token             200   404   200   401       401     401

      GET    /api/v1/projects/{projectId}/schema 200   404   200   401       401     401
      GET    /api/v1/projects/{projectId}/notebooks 200   404   200   401       401     401
      POST   /api/v1/projects/{projectId}/notebooks 201   404   201   401       401     401
      POST   /api/v1/projects/{projectId}/notebooks/import 201   404   201   401       401     401
      GET    /api/v1/projects/{projectId}/notebooks/{notebookId} 200   404   200   401       401     401
      PUT    /api/v1/projects/{projectId}/notebooks/{notebookId} 200   404   200   401       401     401
      PATCH  /api/v1/projects/{projectId}/notebooks/{notebookId} 200   404   200   401       401     401
      DELETE /api/v1/projects/{projectId}/notebooks/{notebookId} 204   404   204   401       401     401
      POST   /api/v1/projects/{projectId}/notebooks/{notebookId}/duplicate 201   404   201   401       401     401
      GET    /api/v1/projects/{projectId}/notebooks/{notebookId}/export 200   404   200   401       401     401
      POST   /api/v1/projects/{projectId}/notebooks/{notebookId}/run 202   404   202   401       401     401
      POST   /api/v1/projects/{projectId}/notebooks/{notebookId}/cancel 200   404   200   401       401     401
      POST   /api/v1/projects/{projectId}/notebooks/{notebookId}/paragraphs 201   404   201   401       401     401
      PUT    /api/v1/projects/{projectId}/notebooks/{notebookId}/paragraphs/{paragraphId} 200   404   200   401       401     401
      DELETE /api/v1/projects/{projectId}/notebooks/{notebookId}/paragraphs/{paragraphId} 200   404   200   401       401     401
      POST   /api/v1/projects/{projectId}/notebooks/{notebookId}/paragraphs/{paragraphId}/move 200   404   200   401       401     401
      POST   /api/v1/projects/{projectId}/notebooks/{notebookId}/paragraphs/{paragraphId}/run 202   404   202   401       401     401
      GET    /api/v1/projects/{projectId}/notebooks/{notebookId}/paragraphs/{paragraphId}/run 200   404   200   401       401     401
      POST   /api/v1/projects/{projectId}/notebooks/{notebookId}/paragraphs/{paragraphId}/cancel 202   404   202   401       401     401
      GET    /api/v1/projects/{projectId}/notebooks/{notebookId}/paragraphs/{paragraphId}/result 200   404   200   401       401     401
      GET    /api/v1/projects/{projectId}/notebooks/{notebookId}/paragraphs/{paragraphId}/result.csv 200   404   200   401       401     401
      GET    /api/v1/projects/{projectId}/notebooks/{notebookId}/paragraphs/{paragraphId}/chart 200   404   200   401       401     401
      GET    /api/v1/projects/{id}/files                     200   404   200   401       401     401
      GET    /api/v1/projects/{id}/files/{name}              200   404   200   401       401     401
      PUT    /api/v1/projects/{id}/files/{name}              2xx   404   2xx   401       401     401
      DELETE /api/v1/projects/{id}/files/{name}              204   404   204   401       401     401

      GET    /api/v1/projects/{projectId}/jobs               200   404   200   401       401     401
      POST   /api/v1/projects/{projectId}/jobs               201   404   201   401       401     401
      GET    /api/v1/projects/{projectId}/jobs/{jobId}       200   404   200   401       401     401
      PUT    /api/v1/projects/{projectId}/jobs/{jobId}       200   404   200   401       401     401
      DELETE /api/v1/projects/{projectId}/jobs/{jobId}       204   404   204   401       401     401
      POST   /api/v1/projects/{projectId}/jobs/{jobId}/disable 200 404   200   401       401     401
      POST   /api/v1/projects/{projectId}/jobs/{jobId}/enable 200  404   200   401       401     401
      POST   /api/v1/projects/{projectId}/jobs/{jobId}/runs  202   404   202   401       401     401
      GET    /api/v1/projects/{projectId}/runs               200   404   200   401       401     401
      GET    /api/v1/runs                                    200   200   200   401       401     401
      GET    /api/v1/projects/{projectId}/runs/{runId}       200   404   200   401       401     401
      POST   /api/v1/projects/{projectId}/runs/{runId}/kill  409   404   409   401       401     401
      POST   /api/v1/projects/{projectId}/runs/{runId}/rerun 202   404   202   401       401     401
      GET    /api/v1/projects/{projectId}/runs/{runId}/log   200   404   200   401       401     401
      GET    /api/v1/projects/{projectId}/runs/{runId}/spark 409   404   409   401       401     401
      GET    /api/v1/projects/{projectId}/runs/{runId}/log.txt 200 404   200   401       401     401

      PUT    /api/v1/projects/{streamingProjectId}/packages/{fileName} 201 404 201 401 401 401
      GET    /api/v1/projects/{streamingProjectId}/packages 200 404 200 401 401 401
      GET    /api/v1/projects/{streamingProjectId}/packages/{packageId} 200 404 200 401 401 401
      DELETE /api/v1/projects/{streamingProjectId}/packages/{packageId} 204 404 204 401 401 401
      POST   /api/v1/projects/{streamingProjectId}/launch-configs 201 404 201 401 401 401
      GET    /api/v1/projects/{streamingProjectId}/launch-configs 200 404 200 401 401 401
      GET    /api/v1/projects/{streamingProjectId}/launch-configs/{configId} 200 404 200 401 401 401
      PUT    /api/v1/projects/{streamingProjectId}/launch-configs/{configId} 200 404 200 401 401 401
      DELETE /api/v1/projects/{streamingProjectId}/launch-configs/{configId} 204 404 204 401 401 401
      POST   /api/v1/projects/{streamingProjectId}/launch-configs/{configId}/launch 202 404 202 401 401 401
      POST   /api/v1/projects/{streamingProjectId}/applications 202 404 202 401 401 401
      GET    /api/v1/projects/{streamingProjectId}/applications 200 404 200 401 401 401
      GET    /api/v1/projects/{streamingProjectId}/applications/{appId} 200 404 200 401 401 401
      POST   /api/v1/projects/{streamingProjectId}/applications/{appId}/shutdown 409 404 409 401 401 401
      POST   /api/v1/projects/{streamingProjectId}/applications/{appId}/kill 409 404 409 401 401 401
      POST   /api/v1/projects/{streamingProjectId}/applications/{appId}/relaunch 202 404 202 401 401 401
      GET    /api/v1/projects/{streamingProjectId}/applications/{appId}/events 200 404 200 401 401 401
      GET    /api/v1/applications 200 200 200 401 401 401
      GET    /api/v1/overview 200 200 200 401 401 401
      GET    /api/v1/applications/{applicationId} 200 404 200 401 401 401
      POST   /api/v1/applications/{applicationId}/kill 409 404 409 401 401 401
      GET    /api/v1/projects/{streamingProjectId}/applications/{appId}/log-levels 200 404 200 401 401 401
      PUT    /api/v1/projects/{streamingProjectId}/applications/{appId}/log-levels 409 404 409 401 401 401
      DELETE /api/v1/projects/{streamingProjectId}/applications/{appId}/log-levels/{logger} 404 404 404 401 401 401
      GET    /api/v1/projects/{streamingProjectId}/applications/{appId}/overview 200 404 200 401 401 401
      GET    /api/v1/projects/{streamingProjectId}/applications/{appId}/metrics 200 404 200 401 401 401
      GET    /api/v1/projects/{streamingProjectId}/applications/{appId}/graph 409 404 409 401 401 401
      GET    /api/v1/projects/{streamingProjectId}/savepoints 200 404 200 401 401 401
      """;

  private static TestServer server;
  private static ApiClient admin;
  private static Map<Actor, ApiClient> clients;
  private static Fixtures fixtures;

  /** The callers, in the column order of {@link #EXPECTED_ACCESS}. */
  enum Actor {
    OWNER("owner"),
    OTHER("other"),
    ADMIN(TestServer.ADMIN),
    /** Has no account; signs in with the owner's password where an operation takes one. */
    ANONYMOUS("owner"),
    /** A token of the owner's that the owner revoked. */
    REVOKED("owner"),
    /** The token of a user the admin disabled after it was issued. */
    DISABLED("suspended");

    /** The account whose password this actor sends when an operation's body asks for one. */
    final String account;

    Actor(String account) {
      this.account = account;
    }

    @Override
    public String toString() {
      return name().toLowerCase();
    }
  }

  @BeforeAll
  static void startServerWithActorsAndFixtures() {
    server = TestServer.start();
    admin = server.admin(); // a token stays valid when a call below changes the admin's password
    ApiClient owner = server.newUser("owner");
    ApiClient other = server.newUser("other");

    JsonNode revoked =
        owner.post("/api/v1/tokens", "{\"name\":\"revoked\"}").expectStatus(201).json();
    owner.delete("/api/v1/tokens/" + revoked.get("token").get("id").asLong()).expectStatus(204);

    ApiClient suspended = server.newUser("suspended");
    long suspendedId = suspended.get("/api/v1/me").expectStatus(200).json().get("id").asLong();
    admin.patch("/api/v1/admin/users/" + suspendedId, "{\"enabled\":false}").expectStatus(200);

    clients = new EnumMap<>(Actor.class);
    clients.put(Actor.OWNER, owner);
    clients.put(Actor.OTHER, other);
    clients.put(Actor.ADMIN, admin);
    clients.put(Actor.ANONYMOUS, ApiClient.anonymous(server));
    clients.put(Actor.REVOKED, ApiClient.withToken(server, revoked.get("secret").asString()));
    clients.put(Actor.DISABLED, suspended);
    fixtures = Fixtures.create(admin, owner);
  }

  @AfterAll
  static void destroyClustersAndStopServer() {
    if (server == null) {
      return;
    }
    try {
      if (admin != null) {
        destroyEveryCluster();
      }
    } finally {
      server.close();
    }
  }

  @Test
  void everyOperationOfTheApiHasARowAndEveryRowAnOperation() {
    Set<Operation> documented = documentedOperations();
    Set<Operation> declared = expectedAccess().keySet();

    List<String> problems = new ArrayList<>();
    for (Operation operation : documented) {
      if (!declared.contains(operation)) {
        problems.add(
            operation
                + " is in the OpenAPI document but has no row: add one to"
                + " EndpointAuthorizationIT.EXPECTED_ACCESS saying which actors may call it");
      }
    }
    for (Operation operation : declared) {
      if (!documented.contains(operation)) {
        problems.add(
            operation
                + " has a row in EndpointAuthorizationIT.EXPECTED_ACCESS but is not in the OpenAPI"
                + " document any more: remove or correct its row");
      }
    }
    assertThat(problems).as("operations and rows of the expected access table").isEmpty();
  }

  @Test
  void everyActorGetsTheDeclaredStatusFromEveryOperation() {
    Set<Operation> documented = documentedOperations();
    Map<Operation, Map<Actor, Status>> expected = expectedAccess();

    List<Mismatch> mismatches = new ArrayList<>();
    for (Operation operation : callOrder(expected.keySet())) {
      if (!documented.contains(operation)) {
        continue; // reported by everyOperationOfTheApiHasARowAndEveryRowAnOperation
      }
      Map<Actor, Status> row = expected.get(operation);
      for (Actor actor : refusedFirst(row)) {
        ApiClient.Response response = call(operation, actor);
        if (!row.get(actor).matches(response.status())) {
          mismatches.add(new Mismatch(operation, actor, row.get(actor), response));
        }
      }
    }
    assertThat(mismatches).withFailMessage(() -> Mismatch.table(mismatches)).isEmpty();
  }

  /**
   * Sends one call, then applies what a successful call changed (a deleted fixture, a password).
   */
  private static ApiClient.Response call(Operation operation, Actor actor) {
    Request request = fixtures.request(operation, actor);
    ApiClient.Response response =
        clients
            .get(actor)
            .send(
                request.path(),
                builder -> {
                  if (request.body().isEmpty()) {
                    return builder.method(operation.method(), HttpRequest.BodyPublishers.noBody());
                  }
                  Body body = request.body().get();
                  return builder
                      .header("Content-Type", body.contentType())
                      .method(
                          operation.method(), HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
                });
    if (response.status() / 100 == 2) {
      request.afterSuccess().run();
    }
    return response;
  }

  /**
   * Deleting operations run last, so that what they remove is still there for every other one (a
   * removed fixture is also replaced after each successful delete, see {@link Fixtures#replace}).
   */
  private static List<Operation> callOrder(Set<Operation> operations) {
    return operations.stream()
        .sorted(Comparator.comparing(operation -> operation.method().equals("DELETE")))
        .toList();
  }

  /** Actors to be refused are called first, so a mutating call finds its fixture untouched. */
  private static List<Actor> refusedFirst(Map<Actor, Status> row) {
    return row.keySet().stream()
        .sorted(Comparator.comparing(actor -> row.get(actor).isSuccess()))
        .toList();
  }

  private static Set<Operation> documentedOperations() {
    JsonNode paths = ApiClient.anonymous(server).get("/v3/api-docs").expectStatus(200).json();
    Set<Operation> operations = new TreeSet<>();
    for (Map.Entry<String, JsonNode> path : paths.get("paths").properties()) {
      if (!path.getKey().startsWith("/api/")) {
        continue;
      }
      for (String method : path.getValue().propertyNames()) {
        if (Operation.HTTP_METHODS.contains(method)) {
          operations.add(new Operation(method.toUpperCase(), path.getKey()));
        }
      }
    }
    assertThat(operations).as("operations in the OpenAPI document").isNotEmpty();
    return operations;
  }

  /** {@link #EXPECTED_ACCESS} parsed: operation → actor → status. */
  private static Map<Operation, Map<Actor, Status>> expectedAccess() {
    Map<Operation, Map<Actor, Status>> table = new LinkedHashMap<>();
    List<String> lines = EXPECTED_ACCESS.lines().filter(line -> !line.isBlank()).toList();
    assertThat(lines.get(0).trim().split("\\s+"))
        .as("the header names the actors in the order of the Actor enum")
        .containsExactly(
            Stream.concat(Stream.of("operation"), Stream.of(Actor.values()).map(Actor::toString))
                .toArray(String[]::new));
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.trim().split("\\s+");
      assertThat(cells)
          .as("row '%s' needs a method, a path and one status per actor", line)
          .hasSize(2 + Actor.values().length);
      Operation operation = new Operation(cells[0], cells[1]);
      Map<Actor, Status> row = new EnumMap<>(Actor.class);
      for (Actor actor : Actor.values()) {
        row.put(actor, Status.parse(cells[2 + actor.ordinal()]));
      }
      assertThat(table.put(operation, row)).as("a second row for %s", operation).isNull();
    }
    return table;
  }

  private static void destroyEveryCluster() {
    JsonNode clusters =
        admin.get("/api/v1/clusters?size=500").expectStatus(200).json().get("items");
    List<String> ids = new ArrayList<>();
    for (JsonNode cluster : clusters) {
      String id = cluster.get("id").asString();
      ids.add(id);
      if (!cluster.get("status").asString().equals("destroyed")) {
        admin.delete("/api/v1/clusters/" + id).expectStatus(202);
      }
    }
    for (String id : ids) {
      Clusters.awaitStatus(admin, id, "destroyed", CLUSTER_TIMEOUT);
      assertThat(Clusters.markedProcesses(id)).as("processes left of cluster %s", id).isEmpty();
    }
  }

  /** An operation of the API: a method and a path template, as in the OpenAPI document. */
  record Operation(String method, String path) implements Comparable<Operation> {
    static final Set<String> HTTP_METHODS =
        Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    @Override
    public int compareTo(Operation other) {
      return Comparator.comparing(Operation::path)
          .thenComparing(Operation::method)
          .compare(this, other);
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** An expected status: an exact code ({@code 404}) or a class ({@code 2xx}). */
  record Status(String text) {
    static Status parse(String text) {
      assertThat(text).as("a status").matches("[1-5](xx|[0-9]{2})");
      return new Status(text);
    }

    boolean matches(int status) {
      return text.endsWith("xx")
          ? status / 100 == text.charAt(0) - '0'
          : status == Integer.parseInt(text);
    }

    boolean isSuccess() {
      return text.startsWith("2");
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** A call that got another status than its row declares. */
  record Mismatch(Operation operation, Actor actor, Status expected, ApiClient.Response actual) {
    static String table(List<Mismatch> mismatches) {
      StringBuilder table =
          new StringBuilder(
              mismatches.size()
                  + " call(s) got another status than EXPECTED_ACCESS declares:\n"
                  + String.format(
                      "%-56s %-10s %-8s %-6s %s%n",
                      "operation", "actor", "expected", "actual", "answer"));
      for (Mismatch mismatch : mismatches) {
        table.append(
            String.format(
                "%-56s %-10s %-8s %-6d %s%n",
                mismatch.operation(),
                mismatch.actor(),
                mismatch.expected(),
                mismatch.actual().status(),
                excerpt(mismatch.actual().body())));
      }
      return table.toString();
    }

    private static String excerpt(String body) {
      String line = body.replaceAll("\\s+", " ").strip();
      return line.length() > 160 ? line.substring(0, 160) + "…" : line;
    }
  }

  /** A request body with its media type. */
  record Body(String contentType, byte[] bytes) {
    Body(String contentType, String text) {
      this(contentType, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static Body json(String content) {
      return new Body("application/json", content);
    }
  }

  /** One call's request, and what its success changes in the fixtures. */
  record Request(String path, Optional<Body> body, Runnable afterSuccess) {
    static Request of(String path) {
      return new Request(path, Optional.empty(), () -> {});
    }

    static Request of(String path, Body body) {
      return new Request(path, Optional.of(body), () -> {});
    }

    Request afterSuccess(Runnable action) {
      return new Request(path, body, action);
    }
  }

  /**
   * The resources path parameters point at, owned by the owner (the catalog's by the admin), and
   * the bodies that make allowed calls succeed. A path parameter is filled by the segment before it
   * and its name: {@code clusters/{id}} is the cluster, {@code tokens/{id}} a token.
   */
  static final class Fixtures {
    private final ApiClient admin;
    private final ApiClient owner;
    private final Map<String, String> pathValues = new HashMap<>();
    private final Map<String, String> passwords = new HashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final String options;
    private final String template;
    private final String orchestrator;

    private Fixtures(ApiClient admin, ApiClient owner) {
      this.admin = admin;
      this.owner = owner;
      String fixture = "/api/v1/products/" + FIXTURE_PRODUCT + "/" + FIXTURE_VERSION;
      this.options = admin.get(fixture + "/options").expectStatus(200).body();
      this.template = admin.get(fixture + "/template").expectStatus(200).body();
      this.orchestrator = admin.get(fixture + "/orchestrator").expectStatus(200).body();
    }

    /** Creates every fixture, and waits until the owner's cluster is ready. */
    static Fixtures create(ApiClient admin, ApiClient owner) {
      Fixtures fixtures = new Fixtures(admin, owner);
      for (Actor actor : Actor.values()) {
        fixtures.passwords.put(actor.account, TestServer.passwordOf(actor.account));
      }
      fixtures.passwords.put(TestServer.ADMIN, TestServer.ADMIN_PASSWORD);

      String clusterId = fixtures.newCluster();
      fixtures.pathValues.put("clusters/{id}", clusterId);
      fixtures.pathValues.put("tokens/{id}", fixtures.newToken());
      fixtures.pathValues.put("projects/{id}", fixtures.newProject());
      // The notebooks' own project: the project above is deleted and replaced before them.
      fixtures.pathValues.put("projects/{projectId}", fixtures.newProject());
      fixtures.newStreamingProject();
      // Every new project has the sample file.
      fixtures.pathValues.put("files/{name}", SampleDataset.NAME);
      fixtures.pathValues.put(
          "users/{id}", owner.get("/api/v1/me").expectStatus(200).json().get("id").asString());
      fixtures.pathValues.put("products/{name}", PROBE_PRODUCT);
      fixtures.pathValues.put("{name}/{version}", fixtures.newProbeVersion());
      fixtures.completeProbeProduct();

      Clusters.awaitStatus(owner, clusterId, "ready", CLUSTER_TIMEOUT);
      JsonNode nodes =
          owner.get("/api/v1/clusters/" + clusterId + "/nodes").expectStatus(200).json();
      fixtures.pathValues.put("nodes/{node}", nodes.get(0).get("name").asString());
      fixtures.awaitProjectReady(fixtures.pathValues.get("projects/{projectId}"));
      fixtures.newNotebook();
      fixtures.newJob();
      return fixtures;
    }

    /**
     * The request of one operation as one actor: path filled in, a real body where it takes one.
     */
    Request request(Operation operation, Actor actor) {
      String path = expand(operation.path());
      return switch (operation.toString()) {
        case "POST /api/v1/auth/token" ->
            Request.of(
                path,
                Body.json(
                    "{\"username\":\"%s\",\"password\":\"%s\",\"tokenName\":\"probe\"}"
                        .formatted(actor.account, passwords.get(actor.account))));
        case "POST /api/v1/me/password" -> {
          String next = "rotated-" + sequence.incrementAndGet() + "-correct-horse-battery";
          yield Request.of(
                  path,
                  Body.json(
                      "{\"currentPassword\":\"%s\",\"newPassword\":\"%s\"}"
                          .formatted(passwords.get(actor.account), next)))
              .afterSuccess(
                  () -> {
                    passwords.put(actor.account, next);
                    if (actor == Actor.OWNER) {
                      // A password change revokes the owner's other tokens, the fixture's too.
                      pathValues.put("tokens/{id}", newToken());
                    }
                  });
        }
        case "POST /api/v1/tokens" -> Request.of(path, Body.json("{\"name\":\"probe\"}"));
        case "POST /api/v1/admin/users" ->
            Request.of(
                path,
                Body.json(
                    "{\"username\":\"created-%d\",\"password\":\"correct-horse-battery\"}"
                        .formatted(sequence.incrementAndGet())));
        case "PATCH /api/v1/admin/users/{id}" -> Request.of(path, Body.json("{\"enabled\":true}"));
        case "POST /api/v1/products" ->
            Request.of(path, Body.json(registration("registered-" + sequence.incrementAndGet())));
        case "PUT /api/v1/products/{name}/{version}/options" ->
            Request.of(path, Body.json(options));
        case "PUT /api/v1/products/{name}/{version}/template" ->
            Request.of(path, new Body("application/yaml", template));
        case "PUT /api/v1/products/{name}/{version}/orchestrator" ->
            Request.of(path, Body.json(orchestrator));
        case "POST /api/v1/clusters" -> Request.of(path, Body.json(fixtureCluster()));
        // The fixture cluster's own size: the resize is accepted and changes nothing.
        case "PATCH /api/v1/clusters/{id}" -> Request.of(path, Body.json("{\"size\":1}"));
        case "POST /api/v1/projects" -> Request.of(path, Body.json(fixtureProject()));
        case "PATCH /api/v1/projects/{id}" ->
            Request.of(path, Body.json("{\"description\":\"probed\"}"));
        case "POST /api/v1/projects/{projectId}/notebooks",
            "PATCH /api/v1/projects/{projectId}/notebooks/{notebookId}",
            "POST /api/v1/projects/{projectId}/notebooks/{notebookId}/duplicate" ->
            Request.of(
                path, Body.json("{\"name\":\"probe-%d\"}".formatted(sequence.incrementAndGet())));
        case "POST /api/v1/projects/{projectId}/notebooks/import" ->
            Request.of(
                path,
                Body.json(
                    "{\"format\":\"bdpaas-notebook\",\"version\":1,\"name\":\"imported-%d\","
                            .formatted(sequence.incrementAndGet())
                        + "\"paragraphs\":[]}"));
        case "PUT /api/v1/projects/{projectId}/notebooks/{notebookId}" ->
            Request.of(path, Body.json(owner.get(path + "/export").expectStatus(200).body()));
        case "POST /api/v1/projects/{projectId}/notebooks/{notebookId}/paragraphs",
            "PUT /api/v1/projects/{projectId}/notebooks/{notebookId}/paragraphs/{paragraphId}" ->
            Request.of(path, Body.json(FIXTURE_PARAGRAPH));
        case "POST /api/v1/projects/{projectId}/notebooks/{notebookId}/paragraphs/{paragraphId}"
                + "/move" ->
            Request.of(path, Body.json("{\"index\":0}"));
        // A run is let finish before the next actor's, which would find it still running.
        case "POST /api/v1/projects/{projectId}/notebooks/{notebookId}/run",
            "POST /api/v1/projects/{projectId}/notebooks/{notebookId}/paragraphs/{paragraphId}/run" ->
            Request.of(path, Body.json("{}")).afterSuccess(this::awaitParagraphRun);
        case "PUT /api/v1/projects/{id}/files/{name}" -> Request.of(path, PROBE_FILE);
        case "POST /api/v1/projects/{projectId}/jobs" -> Request.of(path, Body.json(fixtureJob()));
        case "PUT /api/v1/projects/{streamingProjectId}/packages/{fileName}" ->
            Request.of(path, new Body("application/java-archive", mainClassJar()));
        case "POST /api/v1/projects/{streamingProjectId}/launch-configs",
            "PUT /api/v1/projects/{streamingProjectId}/launch-configs/{configId}" ->
            Request.of(path, Body.json(fixtureLaunchConfig()));
        // A launched application is killed at once, so that the package stays free to delete.
        case "POST /api/v1/projects/{streamingProjectId}/applications" ->
            Request.of(path, Body.json(FIXTURE_LAUNCH)).afterSuccess(this::killLaunched);
        // The fixture application was killed at once: its levels can be read, not set.
        case "PUT /api/v1/projects/{streamingProjectId}/applications/{appId}/log-levels" ->
            Request.of(path, Body.json("{\"logger\":\"root\",\"level\":\"DEBUG\"}"));
        case "POST /api/v1/projects/{streamingProjectId}/launch-configs/{configId}/launch",
            "POST /api/v1/projects/{streamingProjectId}/applications/{appId}/relaunch" ->
            Request.of(path, Body.json("{}")).afterSuccess(this::killLaunched);
        case "PUT /api/v1/projects/{projectId}/jobs/{jobId}" ->
            Request.of(
                path + "?version=" + owner.get(path).expectStatus(200).json().get("version"),
                Body.json(fixtureJob()));
        default ->
            operation.method().equals("DELETE")
                ? Request.of(path).afterSuccess(() -> replace(operation.path()))
                : Request.of(path);
      };
    }

    /** A path template with its parameters filled in from the fixtures. */
    String expand(String template) {
      String[] segments = template.split("/");
      String[] expanded = segments.clone();
      for (int i = 1; i < segments.length; i++) {
        if (segments[i].startsWith("{")) {
          String key = segments[i - 1] + "/" + segments[i];
          String value = pathValues.get(key);
          if (value == null) {
            throw new IllegalStateException(
                "No fixture for '" + key + "' in " + template + ": add one to Fixtures");
          }
          expanded[i] = value;
        }
      }
      return String.join("/", expanded);
    }

    /**
     * Replaces the resource a successful delete removed (the one its last path parameter names)
     * with a fresh one.
     */
    private void replace(String template) {
      String[] segments = template.split("/");
      String key = segments[segments.length - 2] + "/" + segments[segments.length - 1];
      switch (key) {
        case "clusters/{id}" -> pathValues.put(key, newCluster());
        case "tokens/{id}" -> pathValues.put(key, newToken());
        case "projects/{id}" -> pathValues.put(key, newProject());
        case "notebooks/{notebookId}" -> newNotebook();
        case "paragraphs/{paragraphId}" -> pathValues.put(key, newParagraph());
        case "files/{name}" -> owner.send(expand(template), put(PROBE_FILE)).expectStatus(201);
        case "jobs/{jobId}" -> newJob();
        case "packages/{packageId}" -> pathValues.put(key, newPackage());
        case "launch-configs/{configId}" -> pathValues.put(key, newLaunchConfig());
        case "{name}/{version}" -> pathValues.put(key, newProbeVersion());
        default ->
            throw new IllegalStateException(
                "Cannot replace the fixture '" + key + "' deleted by " + template);
      }
    }

    /**
     * A streaming project, stopped at once (what is probed here needs no Flink cluster: launched
     * applications wait for their project to start), with a package version of its own, a launch
     * configuration, and an application that was killed before it launched.
     */
    void newStreamingProject() {
      String project =
          owner
              .post(
                  "/api/v1/projects",
                  "{\"name\":\"probe-streams-%d\",\"kind\":\"streaming\"}"
                      .formatted(sequence.incrementAndGet()))
              .expectStatus(202)
              .json()
              .get("id")
              .asString();
      owner.post("/api/v1/projects/" + project + "/stop", "{}").expectStatus(200);
      pathValues.put("projects/{streamingProjectId}", project);
      pathValues.put("packages/{fileName}", "probe.jar");
      pathValues.put("packages/{packageId}", newPackage());
      pathValues.put("launch-configs/{configId}", newLaunchConfig());
      String app =
          owner
              .post(expand("/api/v1/projects/{streamingProjectId}/applications"), FIXTURE_LAUNCH)
              .expectStatus(202)
              .json()
              .get("id")
              .asString();
      pathValues.put("applications/{appId}", app);
      pathValues.put("log-levels/{logger}", "org.apache.flink");
      pathValues.put("applications/{applicationId}", app);
      owner
          .post(expand("/api/v1/projects/{streamingProjectId}/applications/{appId}/kill"), "{}")
          .expectStatus(202);
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () ->
                  owner
                      .get(expand("/api/v1/projects/{streamingProjectId}/applications/{appId}"))
                      .json()
                      .get("endedAt")
                      .isString());
    }

    /** Kills the fixture project's applications that wait to launch, and waits until they end. */
    void killLaunched() {
      String applications = expand("/api/v1/projects/{streamingProjectId}/applications");
      for (JsonNode app :
          owner.get(applications + "?state=launching").expectStatus(200).json().get("items")) {
        owner.post(applications + "/" + app.get("id").asString() + "/kill", "{}");
      }
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () ->
                  owner.get(applications + "?state=launching").json().get("totalItems").asInt()
                      == 0);
    }

    private String newPackage() {
      return owner
          .send(
              expand("/api/v1/projects/{streamingProjectId}/packages/probe.jar"),
              put(new Body("application/java-archive", mainClassJar())))
          .expectStatus(201)
          .json()
          .get("id")
          .asString();
    }

    private String newLaunchConfig() {
      return owner
          .post(
              expand("/api/v1/projects/{streamingProjectId}/launch-configs"), fixtureLaunchConfig())
          .expectStatus(201)
          .json()
          .get("id")
          .asString();
    }

    private String fixtureLaunchConfig() {
      return ("{\"name\":\"probe-%d\",\"packageName\":\"probe\",\"properties\":{\"a\":\"b\"}}")
          .formatted(sequence.incrementAndGet());
    }

    /** A jar of one class named by its manifest: a package of one application. */
    private static byte[] mainClassJar() {
      java.util.jar.Manifest manifest = new java.util.jar.Manifest();
      manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
      manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, "probe.Main");
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      try (java.util.jar.JarOutputStream jar = new java.util.jar.JarOutputStream(bytes, manifest)) {
        jar.putNextEntry(new java.util.zip.ZipEntry("probe/Main.class"));
        jar.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
        jar.closeEntry();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }

    /**
     * A SQL job: it needs no cores of the fixture project's worker, which its Connect server holds.
     */
    private String fixtureJob() {
      return "{\"name\":\"probe-%d\",\"definition\":{\"kind\":\"sql\",\"sql\":\"SELECT 1\"}}"
          .formatted(sequence.incrementAndGet());
    }

    /** A job, and a run of it that has ended (so that killing it is refused alike for all). */
    void newJob() {
      String job =
          owner
              .post(expand("/api/v1/projects/{projectId}/jobs"), fixtureJob())
              .expectStatus(201)
              .json()
              .get("id")
              .asString();
      pathValues.put("jobs/{jobId}", job);
      String run =
          owner
              .post(expand("/api/v1/projects/{projectId}/jobs/{jobId}/runs"), "{}")
              .expectStatus(202)
              .json()
              .get("id")
              .asString();
      pathValues.put("runs/{runId}", run);
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () ->
                  owner
                      .get(expand("/api/v1/projects/{projectId}/runs/{runId}"))
                      .json()
                      .get("endedAt")
                      .isString());
    }

    private String newCluster() {
      return Clusters.create(owner, fixtureCluster());
    }

    /** The smallest Spark project: one worker of one core, which its Connect server holds. */
    private String fixtureProject() {
      return "{\"name\":\"probe-%d\",\"workers\":1,\"workerCores\":1,\"connectCores\":1}"
          .formatted(sequence.incrementAndGet());
    }

    private String newProject() {
      return owner
          .post("/api/v1/projects", fixtureProject())
          .expectStatus(202)
          .json()
          .get("id")
          .asString();
    }

    /** Waits until a project answers ready, for its notebooks to run. */
    void awaitProjectReady(String project) {
      org.awaitility.Awaitility.await()
          .atMost(CLUSTER_TIMEOUT)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  owner
                      .get("/api/v1/projects/" + project)
                      .json()
                      .get("status")
                      .asString()
                      .equals("ready"));
    }

    /** A notebook with one paragraph that has run, so its result, chart and CSV answer. */
    void newNotebook() {
      String notebook =
          owner
              .post(
                  expand("/api/v1/projects/{projectId}/notebooks"),
                  "{\"name\":\"fixture-%d\"}".formatted(sequence.incrementAndGet()))
              .expectStatus(201)
              .json()
              .get("id")
              .asString();
      pathValues.put("notebooks/{notebookId}", notebook);
      pathValues.put("paragraphs/{paragraphId}", newParagraph());
      owner
          .post(
              expand(
                  "/api/v1/projects/{projectId}/notebooks/{notebookId}/paragraphs/{paragraphId}"
                      + "/run"),
              "{}")
          .expectStatus(202);
      awaitParagraphRun();
    }

    private String newParagraph() {
      JsonNode paragraphs =
          owner
              .post(
                  expand("/api/v1/projects/{projectId}/notebooks/{notebookId}/paragraphs"),
                  FIXTURE_PARAGRAPH)
              .expectStatus(201)
              .json()
              .get("paragraphs");
      return paragraphs.get(paragraphs.size() - 1).get("id").asString();
    }

    /** Waits until no paragraph of the fixture notebook is queued or running. */
    void awaitParagraphRun() {
      String notebook = expand("/api/v1/projects/{projectId}/notebooks/{notebookId}");
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () ->
                  owner
                      .get(notebook)
                      .json()
                      .get("paragraphs")
                      .valueStream()
                      .map(paragraph -> paragraph.path("run").path("status").asString(""))
                      .noneMatch(status -> status.equals("queued") || status.equals("running")));
    }

    private String newToken() {
      return owner
          .post("/api/v1/tokens", "{\"name\":\"fixture\"}")
          .expectStatus(201)
          .json()
          .get("token")
          .get("id")
          .asString();
    }

    private String newProbeVersion() {
      String version = "1." + sequence.incrementAndGet();
      admin.post("/api/v1/products", registration(PROBE_PRODUCT, version)).expectStatus(201);
      return version;
    }

    /** Gives the probe product the hello product's documents, so it launches too. */
    private void completeProbeProduct() {
      String probe = expand("/api/v1/products/{name}/{version}");
      admin.send(probe + "/options", put(Body.json(options))).expectStatus(200);
      admin
          .send(probe + "/template", put(new Body("application/yaml", template)))
          .expectStatus(200);
      admin.send(probe + "/orchestrator", put(Body.json(orchestrator))).expectStatus(200);
    }

    private static java.util.function.UnaryOperator<HttpRequest.Builder> put(Body body) {
      return builder ->
          builder
              .header("Content-Type", body.contentType())
              .PUT(HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
    }

    private static String fixtureCluster() {
      return "{\"product\":\"%s\",\"version\":\"%s\",\"size\":1}"
          .formatted(FIXTURE_PRODUCT, FIXTURE_VERSION);
    }

    private static String registration(String name) {
      return registration(name, "1.0.0");
    }

    private static String registration(String name, String version) {
      return "{\"name\":\"%s\",\"version\":\"%s\",\"description\":\"Registered by %s\"}"
          .formatted(name, version, EndpointAuthorizationIT.class.getSimpleName());
    }
  }
}
