package io.bdpaas.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.bdpaas.testing.ApiClient;
import io.bdpaas.testing.Clusters;
import io.bdpaas.testing.TestServer;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The product catalog through the API: seed 003's flow on a fresh platform — register {@code
 * reference 1.0.0} (and {@code gluster 3.7.11}) with the seed's own requests, PUT the seed's
 * options document, a template of our own and an orchestrator, launch — reaches a ready cluster;
 * bad documents are reported with every problem.
 */
class CatalogIT {
  /** Seed 003's options example (its trailing comma removed: the seed's JSON does not parse). */
  static final String SEED_OPTIONS =
      "{ \"required\": { \"slaves.number\": 4 }, \"optional\": { \"slaves.cpu\": 2, \"slaves.mem\": 2048,"
          + " \"slaves.disks\": 11 }, \"advanced\": { \"datanode.heap\": 1024 }, \"descriptions\": {"
          + " \"slaves.number\": \"Number of slave nodes\", \"slaves.cpu\": \"Number of cores per slave node\","
          + " \"slaves.mem\": \"Memory per slave node (MB)\", \"slaves.disks\": \"Number of disks per slave node\","
          + " \"datanode.heap\": \"Max heap memory for the datanode service\" } }";

  static final String SLAVE_SOURCE =
      """
      import com.sun.net.httpserver.HttpServer;
      import java.net.InetSocketAddress;
      public class Slave {
        public static void main(String[] args) throws Exception {
          HttpServer server = HttpServer.create(new InetSocketAddress(args[0], Integer.parseInt(args[1])), 0);
          server.createContext("/", exchange -> {
            byte[] body = ("disks=" + args[2]).getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
          server.start();
        }
      }
      """;

  /** A JSON template of our own: N slaves, each a JVM serving HTTP, sized from the options. */
  static final String TEMPLATE =
      """
      {# A minimal slave-only product: one node group sized from the seed's options. #}
      {
        "nodeGroups": [{
          "name": "slave",
          "count": {{ opts['slaves.number'] }},
          "cores": {{ opts['slaves.cpu'] }},
          "memoryMb": {{ opts['slaves.mem'] }},
          "ports": ["http"],
          "process": {
            "runtime": "none",
            "mainClass": "Slave.java",
            "jvmOptions": ["-Xmx{{ opts['datanode.heap'] }}m"],
            "args": ["{{ node.host }}", "{{ node.ports.http }}", "{{ opts['slaves.disks'] }}"],
            "files": {"Slave.java": SOURCE}
          },
          "readiness": {"http": "http://{{ node.host }}:{{ node.ports.http }}/", "timeoutSeconds": 120},
          "endpoints": {"first": "http://{{ node.host }}:{{ node.ports.http }}/"}
        }],
        "services": [{"name": "datanode", "nodeGroups": ["slave"], "config": {"heap": {{ opts['datanode.heap'] }}}}]
      }
      """
          .replace("SOURCE", JsonMapper.builder().build().writeValueAsString(SLAVE_SOURCE));

  private static TestServer server;
  private static ApiClient admin;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.admin();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void seed003FlowRegistersTheReferenceProductAndLaunchesAClusterThatReachesReady() {
    // The seed's two registrations, verbatim: neither name is taken by a built-in product.
    admin
        .post(
            "/api/v1/products",
            "{\"name\":\"reference\",\"version\":\"1.0.0\",\"description\":\"Reference product: minimal\"}")
        .expectStatus(201);
    admin
        .post(
            "/api/v1/products",
            "{\"name\":\"gluster\", \"version\":\"3.7.11\", \"description\": \"GlusterFS parallel filesystem cluster\"}")
        .expectStatus(201);
    admin
        .send("/api/v1/products/reference/1.0.0/options", put("application/json", SEED_OPTIONS))
        .expectStatus(200);
    admin
        .send("/api/v1/products/reference/1.0.0/template", put("application/json", TEMPLATE))
        .expectStatus(200);
    admin
        .send(
            "/api/v1/products/reference/1.0.0/orchestrator",
            put("application/json", "[{\"start\":\"slave\"},{\"await\":\"slave\"}]"))
        .expectStatus(200);

    JsonNode options =
        admin.get("/api/v1/products/reference/1.0.0/options").expectStatus(200).json();
    assertThat(options.get("required").get("slaves.number").asInt()).isEqualTo(4);
    assertThat(options.get("descriptions").get("datanode.heap").asString()).contains("datanode");
    assertThat(admin.get("/api/v1/products/reference/1.0.0").json().get("launchable").asBoolean())
        .isTrue();
    assertThat(admin.get("/api/v1/products/reference/1.0.0/template").expectStatus(200).body())
        .contains("slaves.number");

    // The user's values win over the defaults: 2 slaves of 1 core and 256 MiB instead of 4 x 2 x
    // 2048.
    String id =
        Clusters.create(
            admin,
            "{\"product\":\"reference\",\"version\":\"1.0.0\",\"options\":{\"slaves.number\":2,"
                + "\"slaves.cpu\":1,\"slaves.mem\":256,\"datanode.heap\":48}}");
    JsonNode ready = Clusters.awaitStatus(admin, id, "ready", Duration.ofSeconds(120));

    assertThat(ready.get("options").get("slaves.disks").asInt()).isEqualTo(11);
    assertThat(ready.get("cores").asDouble()).isEqualTo(2.0);
    assertThat(ready.get("memoryMb").asInt()).isEqualTo(512);
    assertThat(admin.get("/api/v1/clusters/" + id + "/nodes").json()).hasSize(2);
    String first = ready.get("endpoints").get("first").asString();
    assertThat(
            ApiClient.anonymous(server)
                .send("/", b -> b.uri(java.net.URI.create(first)).GET())
                .body())
        .isEqualTo("disks=11");
    assertThat(
            admin
                .get("/api/v1/clusters/" + id + "/services")
                .json()
                .get(0)
                .get("config")
                .get("heap")
                .asInt())
        .isEqualTo(48);

    // A product in use cannot be deleted.
    admin.delete("/api/v1/products/reference/1.0.0").expectProblem(409, "CONFLICT");
    admin.delete("/api/v1/clusters/" + id).expectStatus(202);
    Clusters.awaitStatus(admin, id, "destroyed", Duration.ofSeconds(60));
    admin.delete("/api/v1/products/reference/1.0.0").expectStatus(204);
    admin.get("/api/v1/products/reference/1.0.0").expectProblem(404, "NOT_FOUND");
  }

  @Test
  void theCatalogListsTheBuiltInProductsWhichAreReadOnly() {
    ApiClient user = server.newUser("catalog-reader");

    JsonNode products = user.get("/api/v1/products").expectStatus(200).json();
    assertThat(products.get("items").findValuesAsString("name"))
        .contains("spark", "flink", "hello");
    assertThat(
            user.get("/api/v1/products/spark").json().get("items").get(0).get("version").asString())
        .isEqualTo("4.2.0");
    assertThat(user.get("/api/v1/products/flink/2.3.0/orchestrator").json().toString())
        .isEqualTo(
            "[{\"start\":\"jobmanager\"},{\"await\":\"jobmanager\"},{\"start\":\"taskmanager\"},{\"await\":\"taskmanager\"}]");
    assertThat(user.get("/api/v1/products/spark/4.2.0/template").header("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(user.get("/api/v1/products/flink/2.3.0/template").header("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/yaml"));

    user.post("/api/v1/products", "{\"name\":\"mine\",\"version\":\"1\",\"description\":\"x\"}")
        .expectProblem(403, "ACCESS_DENIED");
    admin
        .send("/api/v1/products/spark/4.2.0/options", put("application/json", "{}"))
        .expectProblem(409, "CONFLICT");
    admin.delete("/api/v1/products/spark/4.2.0").expectProblem(409, "CONFLICT");
    user.get("/api/v1/products/nothing").expectProblem(404, "NOT_FOUND");
    user.get("/api/v1/products/spark/9.9.9").expectProblem(404, "NOT_FOUND");
  }

  @Test
  void badProductDocumentsAreReportedWithEveryProblem() {
    admin
        .post(
            "/api/v1/products",
            "{\"name\":\"broken\",\"version\":\"0.1\",\"description\":\"for errors\"}")
        .expectStatus(201);
    JsonNode registration =
        admin
            .post(
                "/api/v1/products",
                "{\"name\":\"Bad Name\",\"version\":\"\",\"logoUrl\":\"ftp://x\"}")
            .expectProblem(400, "VALIDATION_FAILED");
    assertThat(registration.get("problems").findValuesAsString("field"))
        .containsExactlyInAnyOrder("name", "version", "description", "logoUrl");
    admin
        .post(
            "/api/v1/products",
            "{\"name\":\"broken\",\"version\":\"0.1\",\"description\":\"again\"}")
        .expectProblem(409, "ALREADY_EXISTS");

    JsonNode options =
        admin
            .send(
                "/api/v1/products/broken/0.1/options",
                put(
                    "application/json",
                    "{\"required\":{\"Bad Key\":1,\"a\":1},\"optional\":{\"a\":2,\"b\":[1]},"
                        + "\"descriptions\":{\"ghost\":\"not an option\"}}"))
            .expectProblem(400, "VALIDATION_FAILED");
    assertThat(options.get("problems").findValuesAsString("field"))
        .containsExactlyInAnyOrder(
            "required.Bad Key", "optional.a", "optional.b", "descriptions.ghost");

    JsonNode jinja =
        admin
            .send(
                "/api/v1/products/broken/0.1/template",
                put("application/json", "{\n  \"nodeGroups\": [\n  {% if %}\n  ]\n}"))
            .expectProblem(400, "VALIDATION_FAILED");
    assertThat(jinja.get("problems").get(0).get("message").asString()).contains("line 3");

    JsonNode json =
        admin
            .send(
                "/api/v1/products/broken/0.1/template",
                put("application/json", "{\n  \"nodeGroups\": [\n    {\"name\": \"a\",,}\n  ]\n}"))
            .expectProblem(400, "VALIDATION_FAILED");
    assertThat(json.get("detail").asString()).contains("line 3");

    JsonNode structure =
        admin
            .send(
                "/api/v1/products/broken/0.1/template",
                put(
                    "application/yaml",
                    "nodeGroups:\n  - name: Bad\n    count: many\n    cores: 0\n    memoryMb: 1\n    extra: true\n"))
            .expectProblem(400, "VALIDATION_FAILED");
    assertThat(structure.get("problems").findValuesAsString("field"))
        .contains("template.nodeGroups[0].count", "template.nodeGroups[0].extra");

    admin
        .send("/api/v1/products/broken/0.1/template", put("text/plain", "x"))
        .expectProblem(415, "UNSUPPORTED_MEDIA_TYPE");

    JsonNode orchestrator =
        admin
            .send(
                "/api/v1/products/broken/0.1/orchestrator",
                put("application/json", "[{\"start\":\"a\"},{\"launch\":\"b\"},\"c\"]"))
            .expectProblem(400, "VALIDATION_FAILED");
    assertThat(orchestrator.get("problems").findValuesAsString("field"))
        .containsExactly("orchestrator[1].launch", "orchestrator[2]");

    // A template and an orchestrator that disagree on the groups are refused.
    admin
        .send(
            "/api/v1/products/broken/0.1/orchestrator",
            put("application/json", "[{\"start\":\"nobody\"}]"))
        .expectStatus(200);
    JsonNode mismatch =
        admin
            .send(
                "/api/v1/products/broken/0.1/template",
                put(
                    "application/yaml",
                    "nodeGroups:\n  - name: real\n    count: 1\n    cores: 0.1\n    memoryMb: 64\n"
                        + "    process: {runtime: none, mainClass: X.java}\n"))
            .expectProblem(400, "VALIDATION_FAILED");
    assertThat(mismatch.get("detail").asString()).contains("nobody");

    admin
        .post("/api/v1/clusters", "{\"product\":\"broken\",\"version\":\"0.1\"}")
        .expectProblem(400, "VALIDATION_FAILED");
  }

  private static java.util.function.UnaryOperator<HttpRequest.Builder> put(
      String type, String body) {
    return builder ->
        builder.header("Content-Type", type).PUT(HttpRequest.BodyPublishers.ofString(body));
  }
}
